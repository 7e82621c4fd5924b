// Word wrapping that keeps spacing and never passes the width.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {wrapText} from '../../source/ui/wrap-text.js';

const test = suite('wrapText');

test('should break at the last space that fits and keep the spacing inside lines', () => {
	assert.equal(wrapText('12:00 recv        fd 7  31 B', 20), ['12:00 recv        fd', '7  31 B']);
	assert.equal(wrapText('one two three', 7, {indent: '  '}), ['one two', '  three']);
	assert.equal(wrapText('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
});

test('should end a cut text with ...', () => {
	assert.equal(wrapText('aaa bbb ccc ddd eee', 7, {maxLines: 2}), ['aaa bbb', 'ccc...']);
});

test.run();
