// Word wrapping to exact widths: the panels count their lines themselves instead of letting Ink wrap.

/** How to wrap. */
export type WrapOptions = {
	/** Put at the start of every line but the first. @default '' */
	readonly indent?: string;
	/** Most lines; the last one then ends with `...` if text was left over. @default no limit */
	readonly maxLines?: number;
};

/**
 * `text` in lines of at most `width` characters, broken at the last space that fits (a word
 * longer than a line is cut across lines). Spacing inside a line is kept as it is: columns
 * padded with spaces stay aligned.
 */
export function wrapText(text: string, width: number, {indent = '', maxLines = Number.POSITIVE_INFINITY}: WrapOptions = {}): string[] {
	const lines: string[] = [];
	let rest = text;
	while (rest.length > 0) {
		const prefix = lines.length === 0 ? '' : indent;
		const room = Math.max(1, width - prefix.length);
		if (rest.length <= room) {
			lines.push(`${prefix}${rest}`);
			break;
		}

		const space = rest.lastIndexOf(' ', room);
		const cut = space > 0 ? space : room;
		lines.push(`${prefix}${rest.slice(0, cut).trimEnd()}`);
		rest = rest.slice(cut).trimStart();
	}

	if (lines.length <= maxLines) {
		return lines;
	}

	const kept = lines.slice(0, maxLines);
	const last = kept[maxLines - 1]!;
	kept[maxLines - 1] = last.length + 3 <= width ? `${last}...` : `${last.slice(0, Math.max(0, width - 3)).trimEnd()}...`;
	return kept;
}
