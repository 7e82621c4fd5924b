// Makes bytes from the network safe to put on a terminal: nothing a peer sends may move the cursor or set a title.

const NAMED: Readonly<Record<number, string>> = {
	0x00: '\\0', 0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r', 0x1b: '\\e',
};

/**
 * Printable ASCII as is; every other byte escaped (`\e`, `\n`, `\x9b`, ...). Bytes, not text:
 * a UTF-8 sequence is shown as its bytes, and C1 controls such as 0x9b (CSI) can never reach
 * the terminal as themselves.
 */
export function escapeBytes(bytes: Uint8Array, maxChars = Number.POSITIVE_INFINITY): string {
	let text = '';
	for (const byte of bytes) {
		const piece = byte >= 0x20 && byte < 0x7f
			? (byte === 0x5c ? '\\\\' : String.fromCharCode(byte))
			: NAMED[byte] ?? `\\x${byte.toString(16).padStart(2, '0')}`;
		if (text.length + piece.length > maxChars) {
			return `${text}...`;
		}

		text += piece;
	}

	return text;
}

/** Characters of the escape at `index` of escapeBytes' text: 4 for `\xff`, 2 for `\e` or `\\`, 1 for a plain character. */
function escapeLength(text: string, index: number): number {
	if (text[index] !== '\\') {
		return 1;
	}

	return text[index + 1] === 'x' ? 4 : 2;
}

/**
 * Cut escapeBytes' text to at most `width` characters, `~` marking a cut, never inside an escape:
 * `\xff` cut to `\xf` would read as another byte.
 */
export function fitEscaped(text: string, width: number): string {
	if (text.length <= width) {
		return text;
	}

	let end = 0;
	while (end + escapeLength(text, end) <= width - 1) {
		end += escapeLength(text, end);
	}

	return `${text.slice(0, end)}~`;
}
