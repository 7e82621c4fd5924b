// The keymap: the one table the footer, the help overlay, the README and demo.tape all follow.
import {models} from '../models/index.js';

/** Something a key asks the monitor to do. */
export type MonitorAction =
	| {readonly type: 'switch-model'; readonly modelId: string}
	| {readonly type: 'add-clients'; readonly count: number}
	| {readonly type: 'drop-clients'; readonly count: number | 'all'}
	| {readonly type: 'send-all'}
	| {readonly type: 'toggle-auto'}
	| {readonly type: 'toggle-read-once'}
	| {readonly type: 'toggle-log-pause'}
	| {readonly type: 'toggle-help'}
	| {readonly type: 'quit'};

/** One key and what it does. */
export type KeyBinding = {
	/** The key as a person reads it: `1`, `N`, `space`, `ctrl+c`. */
	readonly label: string;
	/** The input Ink's useInput reports for it. */
	readonly input: string;
	/** Whether Ctrl is held. @default false */
	readonly ctrl?: boolean;
	readonly action: MonitorAction;
	/** What it does, for the help overlay and the README. */
	readonly description: string;
	/** The footer's short word for it; bindings without one are only in the help. */
	readonly short?: string;
};

/** Model keys: 1-9 then 0, in registry order. */
const modelBindings: KeyBinding[] = models.slice(0, 10).map((model, index) => {
	const key = String((index + 1) % 10);
	return {label: key, input: key, action: {type: 'switch-model', modelId: model.id}, description: `switch to ${model.title}`};
});

/** Every key the monitor answers to. */
export const keymap: readonly KeyBinding[] = [
	...modelBindings,
	{label: 'n', input: 'n', action: {type: 'add-clients', count: 1}, description: 'add a built-in client', short: '+1'},
	{label: 'N', input: 'N', action: {type: 'add-clients', count: 10}, description: 'add ten built-in clients', short: '+10'},
	{label: 'd', input: 'd', action: {type: 'drop-clients', count: 1}, description: 'drop the newest built-in client', short: 'drop'},
	{label: 'D', input: 'D', action: {type: 'drop-clients', count: 'all'}, description: 'drop every built-in client', short: 'drop all'},
	{label: 's', input: 's', action: {type: 'send-all'}, description: 'every built-in client sends a message', short: 'send'},
	{label: 'a', input: 'a', action: {type: 'toggle-auto'}, description: 'automatic traffic on/off', short: 'auto'},
	{label: 'r', input: 'r', action: {type: 'toggle-read-once'}, description: 'read once per event on/off (epoll: shows the edge-triggered stall)', short: 'read-once'},
	{label: 'space', input: ' ', action: {type: 'toggle-log-pause'}, description: 'pause/resume the event log', short: 'pause log'},
	{label: '?', input: '?', action: {type: 'toggle-help'}, description: 'show/hide this help', short: 'help'},
	{label: 'q', input: 'q', action: {type: 'quit'}, description: 'quit: stop the server and every client', short: 'quit'},
	{label: 'ctrl+c', input: 'c', ctrl: true, action: {type: 'quit'}, description: 'quit, as q'},
];

/** The binding for an input, if any. */
export function findBinding(input: string, ctrl: boolean): KeyBinding | undefined {
	return keymap.find(binding => binding.input === input && (binding.ctrl ?? false) === ctrl);
}
