// Ink's frame composed again from what the frames before already worked out: Ink 6 tokenizes, measures and re-serialises every line of every frame, the UI thread's largest cost under load.
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

/** An SGR code as Ink's tokenizer (@alcalzone/ansi-tokenize) gives it. */
type AnsiCode = {readonly type: 'ansi'; readonly code: string; readonly endCode: string};
type StyledChar = {readonly value: string; readonly styles: readonly AnsiCode[]};
/** The tokenizer's functions Ink's Output uses, from the copy Ink loads. */
type Tokenizer = {
	tokenize(text: string): unknown[];
	styledCharsFromTokens(tokens: unknown[]): StyledChar[];
	diffAnsiCodes(from: readonly AnsiCode[], to: readonly AnsiCode[]): AnsiCode[];
	ansiCodesToString(codes: readonly AnsiCode[]): string;
	reduceAnsiCodesIncremental(codes: readonly AnsiCode[], newCodes: readonly AnsiCode[]): AnsiCode[];
};
type Transformer = (line: string, index: number) => string;
/** One of the operations Ink's Output collects while it walks the tree. */
type Operation =
	| {readonly type: 'write'; readonly x: number; readonly y: number; readonly text: string; readonly transformers: readonly Transformer[]}
	| {readonly type: 'clip' | 'unclip'};
/** What an Output holds when Ink asks it for the frame. */
export type OutputState = {readonly width: number; readonly height: number; readonly operations: readonly Operation[]};
export type Frame = {readonly output: string; readonly height: number};
/** Ink's Output: the operations of one frame, then the frame. */
export type InkOutput = OutputState & {
	write(x: number, y: number, text: string, options: {readonly transformers: readonly Transformer[]}): void;
	clip(clip: {readonly x1?: number; readonly x2?: number; readonly y1?: number; readonly y2?: number}): void;
	unclip(): void;
	get(): Frame;
};
type OutputClass = {
	new (options: {readonly width: number; readonly height: number}): InkOutput;
	prototype: {get(this: OutputState): Frame};
};

/** A style (a list of SGR codes), one object per distinct list, so that equal styles compare by reference. */
type Style = {
	readonly codes: readonly AnsiCode[];
	/** The codes that move from this style to another, by the other's id. */
	readonly to: Map<number, string>;
	/** The style an SGR sequence turns this one into, by the sequence. */
	readonly after: Map<string, Style>;
	/** This style's cells, by character: a frame's characters are few, so they are made once. */
	readonly cells: Map<string, Cell>;
	readonly id: number;
};
/** A character on the screen: Ink's cell, with its style interned and its width measured once. */
type Cell = {readonly value: string; readonly width: number; readonly style: Style};

const ESCAPE = 0x1b;
/** Characters kept per style, and widths kept: far more than a screen shows. */
const MAX_KEPT = 4096;
/**
 * A line the tokenizer would cut into one grapheme per code unit: printable ASCII, punctuation,
 * arrows, box drawing, blocks, braille (nothing that combines: no marks, joiners or selectors,
 * no surrogates), and SGR sequences.
 */
// eslint-disable-next-line no-control-regex -- the escape of an SGR sequence
const SIMPLE_LINE = /^(?:[\x20-\x7e\u2010-\u2027\u2030-\u205e\u2190-\u2bff]|\x1b\[[\d;]*m)*$/;

/** Lines and rows are remembered for this frame and the one before: enough for what stays or scrolls, bounded by two screens. */
class TwoFrames<T> {
	private current = new Map<string, T>();
	private previous = new Map<string, T>();

	get(key: string): T | undefined {
		const found = this.current.get(key);
		if (found !== undefined) {
			return found;
		}

		const kept = this.previous.get(key);
		if (kept !== undefined) {
			this.current.set(key, kept);
		}

		return kept;
	}

	set(key: string, value: T): void {
		this.current.set(key, value);
	}

	/** A new frame starts: what the frame before did not use is let go. */
	turn(): void {
		this.previous = this.current;
		this.current = new Map();
	}
}

/**
 * Composes frames exactly as Ink 6's `Output.get` does (a grid of styled characters, each row
 * serialised with the fewest SGR codes, trailing blanks trimmed) at a fraction of the cost:
 * a line already seen is not tokenized or measured again, a row whose writes are those of a
 * row of the frame before is not composed again, and a style change is worked out once per
 * pair of styles. Frames with clipping are left to Ink (the monitor clips nothing).
 */
export class FrameComposer {
	private readonly styles = new Map<string, Style>();
	private readonly empty: Style;
	private readonly blank: Cell;
	private readonly lines = new TwoFrames<readonly Cell[]>();
	private readonly rows = new TwoFrames<string>();
	private readonly widths = new Map<string, number>();

	constructor(
		private readonly tokenizer: Tokenizer,
		private readonly stringWidth: (text: string) => number,
	) {
		this.empty = this.style([]);
		this.blank = {value: ' ', width: 1, style: this.empty};
	}

	/** The frame for `output`'s operations, or undefined when it clips (or holds what Ink 6 did not): Ink's own path then. */
	compose({width, height, operations}: OutputState): Frame | undefined {
		const fragments: Array<Array<number | string> | undefined> = Array.from({length: height});
		for (const operation of operations) {
			if (operation.type !== 'write') {
				return undefined;
			}

			const {x, y, text, transformers} = operation;
			if (!text) {
				continue;
			}

			if (!Number.isInteger(x) || !Number.isInteger(y)) {
				return undefined; // Yoga's positions are whole columns; anything else is Ink's to place.
			}

			// Ink's loop: lines on rows past the grid are skipped, and so (as Ink does) are those after them.
			let offsetY = 0;
			for (const [index, raw] of text.split('\n').entries()) {
				if (y + offsetY < 0 || y + offsetY >= height) {
					continue;
				}

				let line = raw;
				for (const transformer of transformers) {
					line = transformer(line, index);
				}

				(fragments[y + offsetY] ??= []).push(x, line);
				offsetY++;
			}
		}

		this.lines.turn();
		this.rows.turn();
		const rows: string[] = [];
		for (const row of fragments) {
			rows.push(row ? this.row(width, row) : '');
		}

		return {output: rows.join('\n'), height};
	}

	/** One row from its writes (x, line, x, line, ...), in the order Ink made them. */
	private row(width: number, writes: ReadonlyArray<number | string>): string {
		let key = `${width}`;
		for (let index = 0; index < writes.length; index += 2) {
			const line = writes[index + 1] as string;
			key += `|${writes[index] as number}:${line.length}:${line}`;
		}

		const known = this.rows.get(key);
		if (known !== undefined) {
			return known;
		}

		const cells: Cell[] = Array.from({length: width}, () => this.blank);
		for (let index = 0; index < writes.length; index += 2) {
			let offsetX = writes[index] as number;
			for (const cell of this.cells(writes[index + 1] as string)) {
				cells[offsetX] = cell;
				// A wide character's other columns: empty, in its style.
				for (let column = 1; column < cell.width; column++) {
					cells[offsetX + column] = {value: '', width: 1, style: cell.style};
				}

				offsetX += cell.width;
			}
		}

		let text = '';
		let previous = this.empty;
		for (const cell of cells) {
			// Ink skips the holes a write far to the right leaves.
			if (cell === undefined) {
				continue;
			}

			text += this.transition(previous, cell.style) + cell.value;
			previous = cell.style;
		}

		text = (text + this.transition(previous, this.empty)).trimEnd();
		this.rows.set(key, text);
		return text;
	}

	/** A line's characters, tokenized and measured once for as long as frames keep it. */
	private cells(line: string): readonly Cell[] {
		let cells = this.lines.get(line);
		if (cells === undefined) {
			cells = (SIMPLE_LINE.test(line) ? this.simpleCells(line) : undefined) ?? this.tokenizedCells(line);
			this.lines.set(line, cells);
		}

		return cells;
	}

	/** The tokenizer's way: a grapheme segmenter over the whole line. */
	private tokenizedCells(line: string): Cell[] {
		const {tokenize, styledCharsFromTokens} = this.tokenizer;
		return styledCharsFromTokens(tokenize(line)).map(({value, styles}) => this.cell(value, this.style(styles)));
	}

	/**
	 * The same cells for a line of one-code-unit characters that never join into one grapheme
	 * (SIMPLE_LINE) and SGR sequences, read a code unit at a time; undefined if a sequence is
	 * not the tokenizer's plain SGR.
	 */
	private simpleCells(line: string): Cell[] | undefined {
		const cells: Cell[] = [];
		let style = this.empty;
		for (let index = 0; index < line.length; index++) {
			if (line.charCodeAt(index) === ESCAPE) {
				const end = line.indexOf('m', index);
				const next = this.after(style, line.slice(index, end + 1));
				if (!next) {
					return undefined;
				}

				style = next;
				index = end;
			} else {
				cells.push(this.cell(line[index]!, style));
			}
		}

		return cells;
	}

	/** The style an SGR sequence leaves after `style`, reduced as the tokenizer reduces it; undefined if it is not only SGR codes. */
	private after(style: Style, sequence: string): Style | undefined {
		let next = style.after.get(sequence);
		if (next === undefined) {
			const tokens = this.tokenizer.tokenize(sequence) as Array<AnsiCode | {readonly type: 'char'}>;
			if (tokens.length === 0 || tokens.some(token => token.type !== 'ansi')) {
				return undefined;
			}

			next = this.style(this.tokenizer.reduceAnsiCodesIncremental(style.codes, tokens as AnsiCode[]));
			style.after.set(sequence, next);
		}

		return next;
	}

	private cell(value: string, style: Style): Cell {
		let cell = style.cells.get(value);
		if (cell === undefined) {
			cell = {value, width: this.width(value), style};
			// Bounded, whatever a screen shows: past this many characters of one style, cells are made anew.
			if (style.cells.size < MAX_KEPT) {
				style.cells.set(value, cell);
			}
		}

		return cell;
	}

	/** Columns a character takes, as Ink counts them (at least one). */
	private width(value: string): number {
		// Printable ASCII, nearly every character of a frame, is one column.
		if (value.length === 1 && value >= ' ' && value <= '~') {
			return 1;
		}

		let width = this.widths.get(value);
		if (width === undefined) {
			width = Math.max(1, this.stringWidth(value));
			if (this.widths.size < MAX_KEPT) {
				this.widths.set(value, width);
			}
		}

		return width;
	}

	private style(codes: readonly AnsiCode[]): Style {
		const key = codes.map(code => code.code).join('\u0000');
		let style = this.styles.get(key);
		if (style === undefined) {
			style = {codes: [...codes], to: new Map(), after: new Map(), cells: new Map(), id: this.styles.size};
			this.styles.set(key, style);
		}

		return style;
	}

	/** The codes that take the terminal from style `from` to `to`, as Ink's serialiser writes them. */
	private transition(from: Style, to: Style): string {
		if (from === to) {
			return '';
		}

		let codes = from.to.get(to.id);
		if (codes === undefined) {
			codes = this.tokenizer.ansiCodesToString(this.tokenizer.diffAnsiCodes(from.codes, to.codes));
			from.to.set(to.id, codes);
		}

		return codes;
	}
}

/** Where Ink's files are: its build directory, and its version's major. */
function inkBuild(): {readonly directory: string; readonly major: number} {
	const directory = path.dirname(createRequire(import.meta.url).resolve('ink'));
	const {version} = JSON.parse(fs.readFileSync(path.join(directory, '..', 'package.json'), 'utf8')) as {version: string};
	return {directory, major: Number(version.split('.')[0])};
}

/** Ink's Output class and the helpers it uses, the very copies Ink loads (they are Ink's dependencies, not ours); undefined when they are not where Ink 6 keeps them. */
async function loadInkOutput(): Promise<{Output: OutputClass; composer: FrameComposer} | undefined> {
	try {
		const {directory, major} = inkBuild();
		if (major !== 6) {
			return undefined; // Its Output may differ: Ink's own path, slower but Ink's.
		}

		const inkRequire = createRequire(path.join(directory, 'output.js'));
		const tokenizerManifest = inkRequire.resolve('@alcalzone/ansi-tokenize/package.json');
		const {exports} = JSON.parse(fs.readFileSync(tokenizerManifest, 'utf8')) as {exports: {'.': {import: string}}};
		const [output, tokenizer, stringWidth] = await Promise.all([
			import(pathToFileURL(path.join(directory, 'output.js')).href) as Promise<{default: OutputClass}>,
			import(pathToFileURL(path.join(path.dirname(tokenizerManifest), exports['.'].import)).href) as Promise<Tokenizer>,
			import(pathToFileURL(inkRequire.resolve('string-width')).href) as Promise<{default: (text: string) => number}>,
		]);
		return typeof output.default.prototype.get === 'function' ? {Output: output.default, composer: new FrameComposer(tokenizer, stringWidth.default)} : undefined;
	} catch {
		return undefined; // Laid out otherwise: Ink's own path.
	}
}

const ink = await loadInkOutput();
const inkGet = ink?.Output.prototype.get;
let composing = false;

/** Ink's Output class with its own `get`, for comparison in tests; undefined on an Ink other than 6. */
export const inkOutput = ink && inkGet ? {Output: ink.Output, get: inkGet} : undefined;

/** The composer the monitor's frames go through, for tests. */
export const frameComposer = ink?.composer;

/**
 * Every frame Ink draws from now on is composed by the FrameComposer (Ink's own path for
 * frames it does not take). Returns whether it took over: not on an Ink other than 6.
 */
export function composeInkFrames(): boolean {
	if (!ink || !inkGet) {
		return false;
	}

	if (composing) {
		return true;
	}

	composing = true;
	const {Output, composer} = ink;
	const own = inkGet;
	Output.prototype.get = function (this: OutputState): Frame {
		return composer.compose(this) ?? own.call(this);
	};
	return true;
}
