// The frame composer gives exactly the frame Ink's own Output gives, for what the monitor draws and for what it never does.
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {frameComposer, inkOutput, type InkOutput} from '../../source/ui/ink-frame.js';

type Write = readonly [x: number, y: number, text: string, transformers?: ReadonlyArray<(line: string, index: number) => string>];

const bold = (text: string): string => `\u001B[1m${text}\u001B[22m`;
const dim = (text: string): string => `\u001B[2m${text}\u001B[22m`;
const gray = (text: string): string => `\u001B[90m${text}\u001B[39m`;
const inverse = (text: string): string => `\u001B[7m${text}\u001B[27m`;

/** An Output of Ink's own class holding `writes`. */
function output(width: number, height: number, writes: readonly Write[]): InkOutput {
	const {Output} = inkOutput!;
	const made = new Output({width, height});
	for (const [x, y, text, transformers = []] of writes) {
		made.write(x, y, text, {transformers});
	}

	return made;
}

/** Ink's frame and the composer's, for the same writes; the composer's twice, the second from what it kept. */
function frames(width: number, height: number, writes: readonly Write[]): {ink: string; composed: string[]} {
	const ink = inkOutput!.get.call(output(width, height, writes)).output;
	const composed = [0, 1].map(() => frameComposer!.compose(output(width, height, writes))?.output ?? 'not composed');
	return {ink, composed};
}

function assertSame(width: number, height: number, writes: readonly Write[]): void {
	const {ink, composed} = frames(width, height, writes);
	assert.is(composed[0], ink);
	assert.is(composed[1], ink);
}

test('should load Ink 6 Output and take its frames', () => {
	assert.ok(inkOutput, 'Ink\'s Output found');
	assert.ok(frameComposer);
});

test('should compose a panel with styled title, dim note, coloured rows and an inverse selection as Ink does', () => {
	assertSame(40, 6, [
		[0, 0, gray('╭──────────────────────────────────────╮')],
		[0, 1, gray('│')], [39, 1, gray('│')],
		[2, 1, `\u001B[1m\u001B[36mclients\u001B[39m\u001B[22m`], [28, 1, dim('3 connected')],
		[2, 2, `127.0.0.1:4000 ${gray('idle')} ${bold(inverse('stalled'))}`],
		[2, 3, inverse(`127.0.0.1:4001 ${dim('served')} 64 B`)],
		[2, 4, `\u001B[1m\u001B[2mboth intensities\u001B[22m then plain`],
		[0, 5, gray('╰──────────────────────────────────────╯')],
	]);
});

test('should compose charts: sparklines and braille', () => {
	assertSame(30, 3, [
		[0, 0, '\u001B[32m▁▂▃▄▅▆▇█\u001B[39m'],
		[0, 1, '\u001B[34m⠀⡀⣀⣠⣤⣴⣶⣾⣿\u001B[39m and —'],
		[2, 2, 'arrows → ←'],
	]);
});

test('should compose what only Ink\'s tokenizer reads: wide characters, emoji, combining marks, 256 and true colours, links', () => {
	// A write after each, at a fixed column: where it lands shows how many columns each character took.
	assertSame(40, 6, [
		[0, 0, '漢字 wide'], [3, 0, 'X'], [12, 0, '|'],
		[0, 1, 'emoji 🙂 and 👍🏽 and flags 🇫🇷'], [35, 1, '|'],
		[0, 2, 'cafe\u0301 e\u0301 ok'], [12, 2, '|'],
		[0, 3, '\u001B[38;5;123mpalette\u001B[39m \u001B[38;2;10;20;30mtrue\u001B[39m \u001B[1;31mcompound\u001B[0m'],
		[0, 4, '\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007 after'],
		[0, 5, `${bold('a')}\u001B[mreset by an empty SGR`],
	]);
});

test('should place writes as Ink does: overlapping, past the right edge, far right, off the grid, taller than it', () => {
	assertSame(12, 4, [
		[0, 0, 'first write here'],
		[3, 0, gray('over')],
		[10, 1, 'past the edge'],
		[15, 2, 'far right'],
		[0, -1, 'above\nstill above'],
		[0, 5, 'below'],
		[0, 2, 'a\nb\nc\nd'],
		[0, 3, ''],
		[4, 3, 'trailing   '],
	]);
});

test('should apply transformers line by line with their index, as Ink does', () => {
	const numbered = (line: string, index: number): string => `${index}:${line}`;
	assertSame(20, 3, [[1, 0, 'one\ntwo\nthree', [numbered, line => gray(line)]]]);
});

test('should leave a frame with clipping to Ink', () => {
	const clipped = output(10, 2, [[0, 0, 'text']]);
	clipped.clip({x1: 0, x2: 5});
	clipped.write(0, 1, 'clipped text', {transformers: []});
	clipped.unclip();
	assert.is(frameComposer!.compose(clipped), undefined);
});

test('should compose a row that changed and keep one that did not, frame after frame', () => {
	const first = frames(20, 2, [[0, 0, 'counter 1'], [0, 1, gray('steady')]]);
	const second = frames(20, 2, [[0, 0, 'counter 2'], [0, 1, gray('steady')]]);
	assert.is(first.composed[0], first.ink);
	assert.is(second.composed[0], second.ink);
	assert.ok(second.composed[0]!.startsWith('counter 2\n'));
});

test.run();
