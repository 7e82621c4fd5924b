// Network bytes on a terminal: escape sequences, C1 controls and newlines come out as visible text.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {escapeBytes} from '../../source/util/escape-bytes.js';

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

test.run();
