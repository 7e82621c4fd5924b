// Number formats of the panels alone: counts, uptimes, fixed-width cells (bytes and the rest: ../format/).

/** `950`, `12.3k`, `4.1M`. */
export function formatCount(count: number): string {
	if (count < 1000) {
		return String(Math.round(count));
	}

	if (count < 1_000_000) {
		return `${(count / 1000).toFixed(count < 10_000 ? 1 : 0)}k`;
	}

	return `${(count / 1_000_000).toFixed(1)}M`;
}

/** `00:01:23`. */
export function formatUptime(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	const pad = (value: number): string => String(value).padStart(2, '0');
	return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/**
 * Fit text to exactly `width` characters: cut with `~` or pad (right-aligned when `alignRight`).
 * ASCII only on purpose: Ink measures every changed line of every frame, and a line with any
 * non-ASCII character takes string-width's slow path (a Unicode segmenter), ~2× the frame time.
 */
export function cell(text: string, width: number, alignRight = false): string {
	if (text.length > width) {
		return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}~`;
	}

	return alignRight ? text.padStart(width) : text.padEnd(width);
}
