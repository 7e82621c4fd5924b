// Keys arriving together in one read each act, in order.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {bindingsOf, findBinding, keymap} from '../../source/ui/keymap.js';

const labels = (input: string, ctrl = false): string[] => bindingsOf(input, ctrl).map(binding => binding.label);
const test = suite('keymap');

test('should give every key of a chunk its binding, in order', () => {
	assert.equal(labels('nnn'), ['n', 'n', 'n']);
	assert.equal(labels('s s'), ['s', 'space', 's']);
	assert.equal(labels('jx\u0003'), ['j', 'x', 'ctrl+c']);
	assert.equal(labels('n!z'), ['n'], 'unknown keys are skipped');
});

test('should act on an Esc that arrived glued to the next key, then on the key', () => {
	assert.equal(bindingsOf('j', false, undefined, true).map(binding => binding.label), ['esc', 'j']);
});

test('should find special keys by name and Ctrl keys by letter', () => {
	assert.is(bindingsOf('', false, 'upArrow')[0]?.label, 'up');
	assert.is(bindingsOf('', false, 'escape')[0]?.action.type, 'clear-selection');
	assert.is(findBinding('c', true)?.action.type, 'quit');
	assert.is(findBinding('c', false)?.action.type, 'continue', 'c alone continues from step mode');
});

test('should bind each key once', () => {
	const names = keymap.map(binding => binding.key ?? `${binding.ctrl ? 'ctrl+' : ''}${binding.input}`);
	assert.is(new Set(names).size, names.length);
});

test.run();
