// The median: the middle value, the mean of the two middle ones, nothing for nothing.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {median} from '../../source/util/median.js';

const test = suite('median');

test('should give the middle value, the mean of the two middle ones for an even count, and undefined for none', () => {
	assert.is(median([5, 1, 3]), 3);
	assert.is(median([4, 1, 3, 2]), 2.5);
	assert.is(median([7]), 7);
	assert.is(median([]), undefined);
});

test.run();
