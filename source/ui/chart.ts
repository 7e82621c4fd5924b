// The one adapter to blessed-contrib's drawing helpers (its sparkline and braille canvas), rendered to plain text for Ink.
import {createRequire} from 'node:module';

type BrailleContext = {
	strokeStyle: string;
	beginPath(): void;
	moveTo(x: number, y: number): void;
	lineTo(x: number, y: number): void;
	stroke(): void;
	_canvas: {frame(): string};
};

// Resolved through blessed-contrib itself: these are the helpers its sparkline and line widgets
// draw with. Its widgets need a blessed screen; the helpers only need numbers.
const contribRequire = createRequire(createRequire(import.meta.url).resolve('blessed-contrib/package.json'));
const sparklineHelper = contribRequire('sparkline') as (values: number[]) => string;
const BrailleCanvas = contribRequire('drawille-canvas-blessed-contrib') as new (width: number, height: number) => BrailleContext;

// eslint-disable-next-line no-control-regex -- the canvas colours each cell; Ink does the colouring here.
const SGR = /\u001b\[[\d;]*m/g;

/** The last `width` values, scaled to 0-100 (the helper's integer maths overflows on large byte counts). */
function window(values: readonly number[], width: number): number[] {
	const recent = values.slice(-width);
	const max = Math.max(1, ...recent);
	return recent.map(value => Math.round((value / max) * 100));
}

/** A one-line sparkline of the last `width` values (`▁▂▃▅▇`), padded on the left to `width`. */
export function sparkline(values: readonly number[], width: number): string {
	if (width <= 0) {
		return '';
	}

	const scaled = window(values, width);
	const drawn = scaled.length === 0 ? '' : sparklineHelper([...scaled, 0, 100]).slice(0, scaled.length);
	return drawn.padStart(width, ' ');
}

/**
 * A braille line chart of the last values, `columns` × `rows` characters (each character holds
 * 2×4 dots), the maximum at the top. Returns one string per row.
 */
export function lineChart(values: readonly number[], columns: number, rows: number): string[] {
	const width = columns * 2;
	const height = rows * 4;
	const context = new BrailleCanvas(width, height);
	const recent = values.slice(-width);
	const max = Math.max(1, ...recent);
	const y = (value: number): number => height - 1 - Math.round((value / max) * (height - 1));
	const offset = width - recent.length;
	context.beginPath();
	context.moveTo(offset, y(recent[0] ?? 0));
	for (const [index, value] of recent.entries()) {
		context.lineTo(offset + index, y(value));
	}

	context.stroke();
	return context._canvas.frame().replace(SGR, '').split('\n').slice(0, rows);
}
