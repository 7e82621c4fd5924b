// Network bytes on a terminal: escape sequences, C1 controls and newlines come out as visible text.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {escapeBytes, fitEscaped} from '../../source/util/escape-bytes.js';

const test = suite('escapeBytes');

test('should keep printable ASCII and escape control bytes', () => {
	assert.is(escapeBytes(Buffer.from('hello\r\n')), 'hello\\r\\n');
	assert.is(escapeBytes(Buffer.from('\u001b]0;x\u0007')), '\\e]0;x\\a', 'a title-setting sequence');
	assert.is(escapeBytes(Buffer.from([0x9b, 0x32, 0x4a])), '\\x9b2J', 'CSI as a C1 byte');
	assert.is(escapeBytes(Buffer.from('a\\b')), 'a\\\\b', 'a backslash is escaped so escapes stay unambiguous');
});

test('should never emit a byte below 0x20 or at/above 0x7f', () => {
	const all = Buffer.from(Array.from({length: 256}, (_, byte) => byte));
	const text = escapeBytes(all);
	for (const char of text) {
		const code = char.codePointAt(0)!;
		assert.ok(code >= 0x20 && code < 0x7f, `code ${code}`);
	}
});

test('should cut long text with a marker', () => {
	assert.is(escapeBytes(Buffer.from('abcdefgh'), 5), 'abcde...');
});

test('should fit escaped bytes to a width by cutting between escapes, never inside one', () => {
	// The hostile client of the audit: a title, a clear screen, NUL, 0xff, then text.
	const text = escapeBytes(Buffer.from([...Buffer.from('\u001B]0;pwned\u0007\u001B[2J\u0000'), 0xFF, ...Buffer.from('ab')]));
	assert.is(text, '\\e]0;pwned\\a\\e[2J\\0\\xffab');
	assert.is(fitEscaped(text, 30), text, 'it fits: unchanged');
	// Cut at 23 the naive way, `\\xf~`, would show a byte that was never sent.
	assert.is(fitEscaped(text, 23), '\\e]0;pwned\\a\\e[2J\\0~');
	assert.is(fitEscaped(text, 24), '\\e]0;pwned\\a\\e[2J\\0\\xff~');
	assert.is(fitEscaped('a\\\\xb', 4), 'a\\\\~', 'an escaped backslash before x is not a hex escape');
	for (let width = 1; width < text.length; width++) {
		assert.ok(fitEscaped(text, width).length <= width, `width ${width}`);
	}
});

test.run();
