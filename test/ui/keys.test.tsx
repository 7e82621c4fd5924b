// Every key in the keymap changes the state it names, on the real engine and real built-in clients.
import {render} from 'ink-testing-library';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {App} from '../../source/ui/app.js';
import {Engine} from '../../source/engine/engine.js';
import {BuiltinClients} from '../../source/load/builtin-clients.js';
import {MonitorController} from '../../source/ui/monitor-controller.js';
import {MonitorStore} from '../../source/ui/monitor-store.js';
import {keymap, type KeyBinding} from '../../source/ui/keymap.js';
import {waitUntil} from '../helpers/time.js';

const CTRL_C = '\u0003';
const ESCAPE = '\u001b';

type Context = {
	engine: Engine;
	controller: MonitorController;
	app: ReturnType<typeof render>;
	quits: number;
};

const test = suite<Context>('keys', {} as Context);

test.before(async context => {
	context.engine = new Engine({port: 0});
	context.controller = new MonitorController(context.engine, new BuiltinClients(), new MonitorStore());
	await context.controller.start('epoll-et', false);
	context.quits = 0;
	context.app = render(<App controller={context.controller} onQuit={() => context.quits++}/>);
});

test.after(async context => {
	context.app.unmount();
	await context.controller.stop();
});

const press = (context: Context, binding: KeyBinding): void => {
	context.app.stdin.write(binding.ctrl ? (binding.input === 'c' ? CTRL_C : '') : binding.input);
};

const snapshot = (context: Context) => context.controller.store.snapshot();
const frame = (context: Context): string => context.app.lastFrame() ?? '';

/** What each action must visibly change. Every action type of the keymap needs an entry. */
const checks: Record<KeyBinding['action']['type'], (context: Context, binding: KeyBinding) => Promise<void>> = {
	async 'switch-model'(context, binding) {
		const {modelId} = binding.action as {modelId: string};
		press(context, binding);
		await waitUntil(5000, `engine runs ${modelId}`, () => context.engine.modelId === modelId);
		await waitUntil(2000, `model bar shows ${modelId}`, () => frame(context).includes(` ${binding.label} ${modelId} `) && snapshot(context).modelId === modelId);
	},
	async 'add-clients'(context, binding) {
		const before = snapshot(context).builtinCount;
		const {count} = binding.action as {count: number};
		press(context, binding);
		await waitUntil(3000, `${count} more clients`, () => snapshot(context).builtinCount === before + count);
	},
	async 'drop-clients'(context, binding) {
		const {count} = binding.action as {count: number | 'all'};
		const before = snapshot(context).builtinCount;
		press(context, binding);
		await waitUntil(3000, `dropped ${count}`, () => snapshot(context).builtinCount === (count === 'all' ? 0 : before - count));
	},
	async 'send-all'(context, binding) {
		if (snapshot(context).builtinCount === 0) {
			context.controller.dispatch({type: 'add-clients', count: 2});
		}

		await waitUntil(3000, 'a connected client', () => snapshot(context).clients.some(row => row.fd !== undefined));
		const before = snapshot(context).counters.recvBytes;
		press(context, binding);
		await waitUntil(3000, 'the server received the messages', () => snapshot(context).counters.recvBytes > before);
		await waitUntil(3000, 'a client row holds its last data', () => snapshot(context).clients.some(row => row.lastData?.startsWith('hello from client')));
	},
	async 'toggle-auto'(context, binding) {
		const before = snapshot(context).auto;
		press(context, binding);
		await waitUntil(3000, 'auto traffic toggled', () => snapshot(context).auto !== before);
		press(context, binding);
		await waitUntil(3000, 'auto traffic back', () => snapshot(context).auto === before);
	},
	async 'toggle-read-once'(context, binding) {
		const before = context.engine.isReadOnce;
		press(context, binding);
		await waitUntil(2000, 'read-once toggled', () => context.engine.isReadOnce !== before && snapshot(context).readOnce !== before);
		await waitUntil(2000, 'the model bar says so', () => frame(context).includes('[read-once]') !== before);
		press(context, binding);
		await waitUntil(2000, 'read-once back', () => context.engine.isReadOnce === before);
	},
	async 'toggle-log-pause'(context, binding) {
		press(context, binding);
		await waitUntil(2000, 'log paused', () => snapshot(context).logPaused && frame(context).includes('PAUSED'));
		press(context, binding);
		await waitUntil(2000, 'log resumed', () => !snapshot(context).logPaused);
	},
	async 'toggle-help'(context, binding) {
		press(context, binding);
		await waitUntil(2000, 'help open', () => frame(context).includes('echo-tui — keys'));
		context.app.stdin.write(ESCAPE);
		await waitUntil(2000, 'help closed by Esc', () => !frame(context).includes('echo-tui — keys'));
	},
	async quit(context, binding) {
		const before = context.quits;
		press(context, binding);
		await waitUntil(2000, 'quit', () => context.quits === before + 1);
	},
};

// Quit last: it ends the app.
const ordered = [...keymap.filter(binding => binding.action.type !== 'quit'), ...keymap.filter(binding => binding.action.type === 'quit')];
for (const binding of ordered) {
	test(`should act on ${binding.label} (${binding.description})`, async context => {
		const check = checks[binding.action.type];
		assert.type(check, 'function', `a check for ${binding.action.type}`);
		if (binding.action.type === 'quit' && context.quits > 0) {
			// The app has exited after the first quit key; render it again for the second.
			context.app.unmount();
			context.app = render(<App controller={context.controller} onQuit={() => context.quits++}/>);
		}

		await check(context, binding);
	});
}

test.run();
