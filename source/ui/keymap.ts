// The keymap: the one table the footer, the help overlay, the README and demo.tape all follow.
import {models} from '../models/index.js';

/** Something a key asks the monitor to do. */
export type MonitorAction =
	| {readonly type: 'switch-model'; readonly modelId: string}
	| {readonly type: 'add-clients'; readonly count: number}
	| {readonly type: 'drop-clients'; readonly count: number | 'all'}
	| {readonly type: 'close-selected'}
	| {readonly type: 'send'}
	| {readonly type: 'toggle-auto'}
	| {readonly type: 'toggle-read-once'}
	| {readonly type: 'select-client'; readonly delta: 1 | -1}
	| {readonly type: 'clear-selection'}
	| {readonly type: 'toggle-pause'}
	| {readonly type: 'scroll-log'; readonly pages: 1 | -1}
	| {readonly type: 'toggle-wide-log'}
	| {readonly type: 'toggle-help'}
	/** Open the lesson list; during a lesson, leave it. */
	| {readonly type: 'lesson'}
	/** During a lesson, run the next step; in the lesson list, start the chosen lesson. */
	| {readonly type: 'advance'}
	/** Enter step mode; in it, let the held system call through (the next is held). */
	| {readonly type: 'step'}
	/** Leave step mode: the held call goes through and the loop runs on. */
	| {readonly type: 'continue'}
	| {readonly type: 'quit'};

/** The actions that drive the server and the clients: during a lesson the lesson does, and they are refused. */
const SERVER_ACTIONS: ReadonlySet<MonitorAction['type']> = new Set([
	'switch-model', 'add-clients', 'drop-clients', 'close-selected', 'send', 'toggle-auto', 'toggle-read-once', 'step', 'continue',
] as const);

/** Whether an action drives the server or the clients (refused while a lesson does). */
export function drivesServer(action: MonitorAction): boolean {
	return SERVER_ACTIONS.has(action.type);
}

/** A key that types no character, by the name Ink's useInput gives it. */
export type SpecialKey = 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'escape' | 'return';

/** One key and what it does. */
export type KeyBinding = {
	/** The key as a person reads it: `1`, `N`, `space`, `up`, `ctrl+c`. */
	readonly label: string;
	/** The character Ink's useInput reports for it; empty for a special key. */
	readonly input: string;
	/** A key that types no character. */
	readonly key?: SpecialKey;
	/** Whether Ctrl is held. @default false */
	readonly ctrl?: boolean;
	readonly action: MonitorAction;
	/** What it does, for the help overlay and the README. */
	readonly description: string;
	/** The footer's short word for it; bindings without one are only in the help. */
	readonly short?: string;
	/** The footer's name for the key when it stands for a pair (`j/k`). @default label */
	readonly footerLabel?: string;
	/** The footer's word for it during a lesson, first in the line. */
	readonly lessonShort?: string;
	/** The footer's word for it in step mode, first in the line. */
	readonly stepShort?: string;
};

/** Model keys along the keyboard's top row, in catalog order: 1-9, 0, then `-` for the 11th. */
const MODEL_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-'];
const modelBindings: KeyBinding[] = models.slice(0, MODEL_KEYS.length).map((model, index) => {
	const key = MODEL_KEYS[index]!;
	return {label: key, input: key, action: {type: 'switch-model', modelId: model.id}, description: `switch to ${model.title}`};
});

/** Every key the monitor answers to. */
export const keymap: readonly KeyBinding[] = [
	...modelBindings,
	{label: 'n', input: 'n', action: {type: 'add-clients', count: 1}, description: 'add a built-in client', short: '+1'},
	{label: 'N', input: 'N', action: {type: 'add-clients', count: 10}, description: 'add ten built-in clients', short: '+10'},
	{label: 'd', input: 'd', action: {type: 'drop-clients', count: 1}, description: 'drop the newest built-in client', short: 'drop'},
	{label: 'D', input: 'D', action: {type: 'drop-clients', count: 'all'}, description: 'drop every built-in client', short: 'drop all'},
	{label: 's', input: 's', action: {type: 'send'}, description: 'the selected built-in client sends a message; with none selected, every one does', short: 'send'},
	{label: 'x', input: 'x', action: {type: 'close-selected'}, description: 'close the selected built-in client (the server sees it leave)', short: 'close'},
	{label: 'j', input: 'j', action: {type: 'select-client', delta: 1}, description: 'select the next client row', short: 'select', footerLabel: 'j/k'},
	{label: 'k', input: 'k', action: {type: 'select-client', delta: -1}, description: 'select the previous client row'},
	{label: 'down', input: '', key: 'downArrow', action: {type: 'select-client', delta: 1}, description: 'select the next client row, as j'},
	{label: 'up', input: '', key: 'upArrow', action: {type: 'select-client', delta: -1}, description: 'select the previous client row, as k'},
	{label: 'esc', input: '', key: 'escape', action: {type: 'clear-selection'}, description: 'clear the selection (closes the help or the lesson list when open; during a lesson with nothing selected, leaves it)'},
	{label: 'a', input: 'a', action: {type: 'toggle-auto'}, description: 'automatic traffic on/off', short: 'auto'},
	{label: 'r', input: 'r', action: {type: 'toggle-read-once'}, description: 'read once per event on/off (epoll: shows the edge-triggered stall)', short: 'read-once'},
	{label: 'space', input: ' ', action: {type: 'toggle-pause'}, description: 'pause/resume the whole screen (the servers run on)', short: 'pause'},
	{label: 'pgup', input: '', key: 'pageUp', action: {type: 'scroll-log', pages: -1}, description: 'scroll the event log back (pauses the screen)'},
	{label: 'pgdn', input: '', key: 'pageDown', action: {type: 'scroll-log', pages: 1}, description: 'scroll the event log forward'},
	{label: 'l', input: 'l', action: {type: 'toggle-wide-log'}, description: 'full-width event log on/off', short: 'log'},
	{label: 'L', input: 'L', action: {type: 'lesson'}, description: 'the lessons: pick one to run here (during a lesson: leave it, stopping all it started)', short: 'lessons', lessonShort: 'leave'},
	{label: 'enter', input: '', key: 'return', action: {type: 'advance'}, description: 'during a lesson: run the next step (in the lesson list: start the lesson chosen)', lessonShort: 'next step'},
	{label: '.', input: '.', action: {type: 'step'}, description: 'step mode: the server stops before each system call; again: it makes the call shown, then stops before the next', short: 'step', stepShort: 'step'},
	{label: 'c', input: 'c', action: {type: 'continue'}, description: 'continue: leave step mode, the server runs on', stepShort: 'continue'},
	{label: '?', input: '?', action: {type: 'toggle-help'}, description: 'show/hide this help: keys, columns, notation', short: 'help'},
	{label: 'q', input: 'q', action: {type: 'quit'}, description: 'quit: stop the server and every client', short: 'quit'},
	{label: 'ctrl+c', input: 'c', ctrl: true, action: {type: 'quit'}, description: 'quit, as q'},
];

/** The special key Ink reports in `key`, if any. */
export function specialKey(key: Readonly<Partial<Record<SpecialKey, boolean>>>): SpecialKey | undefined {
	return (['upArrow', 'downArrow', 'pageUp', 'pageDown', 'escape', 'return'] as const).find(name => key[name]);
}

/** The binding for a character (with Ctrl or not) or a special key, if any. */
export function findBinding(input: string, ctrl: boolean, key?: SpecialKey): KeyBinding | undefined {
	if (key) {
		return keymap.find(binding => binding.key === key);
	}

	return keymap.find(binding => !binding.key && binding.input === input && (binding.ctrl ?? false) === ctrl);
}

/**
 * The bindings of a chunk of input, in order. A terminal hands over several keys in one read
 * when they come fast (a paste, `tmux send-keys n n n`) and Ink passes the chunk as one `input`:
 * each character is a key of its own. A control character in a chunk is its Ctrl key (0x03: Ctrl-C),
 * except a carriage return, which is Enter.
 * Esc followed at once by a key reaches Ink as one Meta key (`\x1bj`): `meta` says so, and
 * both act, Esc first.
 */
export function bindingsOf(input: string, ctrl: boolean, key?: SpecialKey, meta = false): KeyBinding[] {
	if (meta && !key && input.length > 0) {
		const escape = findBinding('', false, 'escape');
		return [...(escape ? [escape] : []), ...bindingsOf(input, ctrl)];
	}

	if (key || input.length <= 1) {
		const binding = findBinding(input, ctrl, key);
		return binding ? [binding] : [];
	}

	const bindings: KeyBinding[] = [];
	for (const char of input) {
		const code = char.codePointAt(0)!;
		const binding = char === '\r'
			? findBinding('', false, 'return')
			: code >= 1 && code <= 26
			? findBinding(String.fromCodePoint(code + 96), true)
			: findBinding(char, false);
		if (binding) {
			bindings.push(binding);
		}
	}

	return bindings;
}
