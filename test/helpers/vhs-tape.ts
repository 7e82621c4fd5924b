// Reads a VHS tape (https://github.com/charmbracelet/vhs) and checks each line against VHS's command syntax.

/** One tape command, parsed. */
export type TapeCommand =
	| {readonly kind: 'type'; readonly text: string; readonly line: number}
	| {readonly kind: 'key'; readonly key: string; readonly repeat: number; readonly line: number}
	| {readonly kind: 'ctrl'; readonly key: string; readonly line: number}
	| {readonly kind: 'sleep'; readonly ms: number; readonly line: number}
	| {readonly kind: 'wait'; readonly scope: 'Line' | 'Screen'; readonly pattern?: RegExp; readonly timeoutMs?: number; readonly line: number}
	| {readonly kind: 'screenshot'; readonly path: string; readonly line: number}
	| {readonly kind: 'set'; readonly name: string; readonly value: string; readonly line: number}
	| {readonly kind: 'other'; readonly name: string; readonly line: number};

/** VHS's settings (`Set <name> <value>`). */
const SETTINGS = new Set([
	'Shell', 'FontFamily', 'FontSize', 'Framerate', 'PlaybackSpeed', 'Height', 'Width', 'LetterSpacing', 'TypingSpeed',
	'LineHeight', 'Padding', 'Theme', 'LoopOffset', 'BorderRadius', 'Margin', 'MarginFill', 'WindowBar', 'WindowBarSize',
	'CursorBlink', 'WaitTimeout', 'WaitPattern',
]);

/** VHS's key commands, each optionally `@<speed>` and a repeat count. */
const KEYS = new Set(['Enter', 'Backspace', 'Delete', 'Insert', 'Down', 'Up', 'Left', 'Right', 'Tab', 'PageUp', 'PageDown', 'Space', 'Escape']);

const TIME = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const SPEED = '(?:@\\d+(?:\\.\\d+)?(?:ms|s)?)?';

/** Milliseconds from a VHS time (`500ms`, `2s`, `1.5`, bare numbers are seconds). */
export function parseTime(text: string): number {
	const match = TIME.exec(text);
	if (!match) {
		throw new Error(`not a time: ${text}`);
	}

	const value = Number(match[1]);
	return match[2] === 'ms' ? value : match[2] === 'm' ? value * 60_000 : value * 1000;
}

function unquote(text: string, line: number): string {
	const match = /^(["'`])(.*)\1$/.exec(text.trim());
	if (!match) {
		throw new Error(`line ${line}: expected a quoted string, got ${text}`);
	}

	return match[2]!;
}

/** Parse a tape; throws naming the line on anything VHS would not accept. */
export function parseTape(source: string): TapeCommand[] {
	const commands: TapeCommand[] = [];
	for (const [index, raw] of source.split('\n').entries()) {
		const line = index + 1;
		const text = raw.trim();
		if (text === '' || text.startsWith('#')) {
			continue;
		}

		const [word = '', ...rest] = text.split(/\s+/);
		const argument = text.slice(word.length).trim();
		let match: RegExpExecArray | null;
		if ((match = new RegExp(`^Type${SPEED}$`).exec(word))) {
			commands.push({kind: 'type', text: unquote(argument, line), line});
		} else if ((match = new RegExp(`^(\\w+)${SPEED}$`).exec(word)) && KEYS.has(match[1]!)) {
			if (rest.length > 1 || (rest[0] !== undefined && !/^\d+$/.test(rest[0]))) {
				throw new Error(`line ${line}: ${match[1]} takes an optional repeat count`);
			}

			commands.push({kind: 'key', key: match[1]!, repeat: Number(rest[0] ?? 1), line});
		} else if ((match = /^(Ctrl|Alt|Shift)\+(?:(?:Alt|Shift)\+)*(\S+)$/.exec(word)) && rest.length === 0) {
			commands.push({kind: 'ctrl', key: `${match[1]}+${match[2]}`, line});
		} else if (word === 'Sleep' && rest.length === 1) {
			commands.push({kind: 'sleep', ms: parseTime(rest[0]!), line});
		} else if ((match = /^Wait(?:\+(Line|Screen))?(?:@(\S+))?$/.exec(word))) {
			const pattern = argument === '' ? undefined : /^\/(.*)\/$/.exec(argument)?.[1];
			if (argument !== '' && pattern === undefined) {
				throw new Error(`line ${line}: Wait takes a /regular expression/`);
			}

			commands.push({
				kind: 'wait', scope: (match[1] ?? 'Line') as 'Line' | 'Screen', line,
				...(pattern === undefined ? {} : {pattern: new RegExp(pattern)}),
				...(match[2] === undefined ? {} : {timeoutMs: parseTime(match[2])}),
			});
		} else if (word === 'Screenshot' && rest.length === 1 && rest[0]!.endsWith('.png')) {
			commands.push({kind: 'screenshot', path: rest[0]!, line});
		} else if (word === 'Set' && SETTINGS.has(rest[0] ?? '') && rest.length >= 2) {
			commands.push({kind: 'set', name: rest[0]!, value: text.slice(text.indexOf(rest[0]!) + rest[0]!.length).trim(), line});
		} else if (word === 'Output' && rest.length === 1 && /\.(gif|mp4|webm|txt|ascii)$|\/$/.test(rest[0]!)) {
			commands.push({kind: 'other', name: word, line});
		} else if ((word === 'Require' || word === 'Source') && rest.length === 1) {
			commands.push({kind: 'other', name: word, line});
		} else if ((word === 'Hide' || word === 'Show' || word === 'Paste') && rest.length === 0) {
			commands.push({kind: 'other', name: word, line});
		} else if (word === 'Copy' || word === 'Env') {
			unquote(word === 'Env' ? rest.slice(1).join(' ') : argument, line);
			commands.push({kind: 'other', name: word, line});
		} else {
			throw new Error(`line ${line}: not a VHS command: ${text}`);
		}
	}

	return commands;
}
