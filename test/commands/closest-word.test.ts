// "Did you mean": one typo away, never a wild guess.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {closestWord, editDistance} from '../../source/commands/closest-word.js';

const test = suite('closestWord');

test('should count a swap of two neighbours as one edit', () => {
	assert.is(editDistance('prot', 'port'), 1);
	assert.is(editDistance('jsonn', 'json'), 1);
	assert.is(editDistance('', 'json'), 4);
	assert.is(editDistance('max-thread', 'max-threads'), 1);
});

test('should suggest the candidate a typo away', () => {
	assert.is(closestWord('prot', ['model', 'port', 'host']), 'port');
	assert.is(closestWord('srve', ['serve', 'bench']), 'serve');
	assert.is(closestWord('MODLE', ['model']), 'model');
});

test('should suggest nothing for a word far from every candidate, or too short to judge', () => {
	assert.is(closestWord('verbose', ['port', 'host', 'json']), undefined);
	assert.is(closestWord('x', ['m', 'p']), undefined);
	assert.is(closestWord('ab', ['json', 'port']), undefined);
});

test('should prefer the nearer candidate, then the first', () => {
	assert.is(closestWord('mode', ['model', 'mode']), 'mode');
	assert.is(closestWord('post', ['port', 'host']), 'port');
});

test.run();
