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
import {NOTICE_MS} from '../../source/ui/handle-key.js';
import {waitUntil} from '../helpers/time.js';

const CTRL_C = '\u0003';
const ESCAPE = '\u001b';
/** What a terminal sends for each special key of the keymap. */
const SEQUENCES: Record<NonNullable<KeyBinding['key']>, string> = {
	upArrow: '\u001b[A', downArrow: '\u001b[B', pageUp: '\u001b[5~', pageDown: '\u001b[6~', escape: ESCAPE, return: '\r',
};
/** A selected client row starts inverse. */
// eslint-disable-next-line no-control-regex -- the inverse style is what marks the selection
const SELECTED_ROW = /\u001b\[7m127\.0\.0\.1:\d+ /;

type Context = {
	engine: Engine;
	controller: MonitorController;
	app: ReturnType<typeof render>;
	quits: number;
};

const test = suite<Context>('keys', {} as Context);

test.before(async context => {
	context.engine = new Engine({port: 0});
	context.controller = new MonitorController(context.engine, new BuiltinClients(), new MonitorStore(), options => new Engine(options));
	await context.controller.start('epoll-et', false);
	context.quits = 0;
	context.app = render(<App controller={context.controller} onQuit={() => context.quits++}/>);
});

test.after(async context => {
	context.app.unmount();
	await context.controller.stop();
});

const press = (context: Context, binding: KeyBinding): void => {
	context.app.stdin.write(binding.key ? SEQUENCES[binding.key] : binding.ctrl ? (binding.input === 'c' ? CTRL_C : '') : binding.input);
};

const pressAction = (context: Context, type: KeyBinding['action']['type']): void => {
	const bindings = keymap.filter(binding => binding.action.type === type);
	press(context, bindings.find(binding => !binding.key) ?? bindings[0]!);
};

const snapshot = (context: Context) => context.controller.store.snapshot();
const controllerLessonState = (context: Context) => context.controller.lessons.getState();
const frame = (context: Context): string => context.app.lastFrame() ?? '';
// eslint-disable-next-line no-control-regex -- for the text alone: the footer's keys are bold
const STYLE = /\u001b\[[\d;]*m/g;
const plainFrame = (context: Context): string => frame(context).replace(STYLE, '');

/** At least `count` built-in clients, every one accepted by the server and drawn, and no other row on screen. */
async function clients(context: Context, count: number): Promise<void> {
	const have = snapshot(context).builtinCount;
	if (have < count) {
		context.controller.dispatch({type: 'add-clients', count: count - have});
	}

	const total = Math.max(have, count);
	await waitUntil(3000, `${total} accepted built-in clients and nothing else`, () => {
		const rows = snapshot(context).clients;
		return rows.length === total && rows.every(row => row.fd !== undefined && row.builtinId !== undefined);
	});
	// Keys act on what is on screen: the rows must have been drawn.
	await waitUntil(2000, `${total} client rows drawn`, () => frame(context).includes(`${total} connected`) && (frame(context).match(/127\.0\.0\.1:\d+ +\d+ /g) ?? []).length >= total);
}

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
	async send(context, binding) {
		await clients(context, 2);
		const before = snapshot(context).counters.recvBytes;
		press(context, binding);
		await waitUntil(3000, 'the server received the messages', () => snapshot(context).counters.recvBytes > before);
		await waitUntil(3000, 'a client row holds its last data', () => snapshot(context).clients.some(row => row.lastData?.startsWith('hello from client')));
	},
	async 'close-selected'(context, binding) {
		await clients(context, 2);
		const before = snapshot(context).builtinCount;
		pressAction(context, 'select-client');
		await waitUntil(2000, 'a row selected', () => SELECTED_ROW.test(frame(context)));
		press(context, binding);
		await waitUntil(3000, 'the selected client closed and gone', () => snapshot(context).builtinCount === before - 1);
		pressAction(context, 'clear-selection');
	},
	async 'select-client'(context, binding) {
		await clients(context, 1);
		press(context, binding);
		await waitUntil(2000, 'a row selected', () => SELECTED_ROW.test(frame(context)));
		press(context, keymap.find(other => other.key === 'escape')!);
		await waitUntil(2000, 'the selection cleared', () => !SELECTED_ROW.test(frame(context)));
	},
	async 'clear-selection'(context, binding) {
		await clients(context, 1);
		pressAction(context, 'select-client');
		await waitUntil(2000, 'a row selected', () => SELECTED_ROW.test(frame(context)));
		press(context, binding);
		await waitUntil(2000, 'the selection cleared', () => !SELECTED_ROW.test(frame(context)));
	},
	async 'toggle-pause'(context, binding) {
		press(context, binding);
		await waitUntil(2000, 'the screen paused', () => frame(context).includes('PAUSED'));
		press(context, binding);
		await waitUntil(2000, 'the screen live again', () => !frame(context).includes('PAUSED'));
	},
	async 'scroll-log'(context, binding) {
		press(context, binding);
		await waitUntil(2000, 'the screen paused by scrolling', () => frame(context).includes('PAUSED'));
		pressAction(context, 'toggle-pause');
		await waitUntil(2000, 'the screen live again', () => !frame(context).includes('PAUSED'));
	},
	async 'toggle-wide-log'(context, binding) {
		press(context, binding);
		await waitUntil(2000, 'the log alone below the clients', () => !frame(context).includes('queue depths') && frame(context).includes('event log'));
		press(context, binding);
		await waitUntil(2000, 'the panels back', () => frame(context).includes('queue depths'));
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
	async 'toggle-help'(context, binding) {
		press(context, binding);
		await waitUntil(2000, 'help open', () => frame(context).includes('echo-tui — keys'));
		context.app.stdin.write(SEQUENCES.pageDown);
		await waitUntil(2000, 'help scrolled', () => !frame(context).includes('lines 1-'));
		context.app.stdin.write(ESCAPE);
		await waitUntil(2000, 'help closed by Esc', () => !frame(context).includes('echo-tui — keys'));
	},
	async lesson(context, binding) {
		press(context, binding);
		await waitUntil(2000, 'the lesson list open', () => frame(context).includes('lessons: each claim of the textbook'));
		pressAction(context, 'select-client');
		await waitUntil(2000, 'lesson 2 chosen', () => frame(context).includes('Connects succeed while the listen queue has room'));
		press(context, binding);
		await waitUntil(2000, 'the lesson list closed by L', () => !frame(context).includes('lessons: each claim of the textbook'));
	},
	async advance(context, binding) {
		press(context, binding);
		await waitUntil(2000, 'a notice: no lesson on', () => frame(context).includes('L picks a lesson'));
		pressAction(context, 'lesson');
		await waitUntil(2000, 'the lesson list open', () => frame(context).includes('lessons: each claim of the textbook'));
		// Lesson 10 (the keyboard replaces stdin): one select server, quick.
		for (let index = 1; index < 10; index++) {
			pressAction(context, 'select-client');
		}

		press(context, binding);
		await waitUntil(3000, 'lesson 10 at its first step', () => frame(context).includes('lesson 10: The keyboard replaces stdin') && frame(context).includes('(enter runs it)'));
		pressAction(context, 'add-clients');
		await waitUntil(2000, 'n refused during a lesson', () => frame(context).includes('the lesson drives the server'));
		pressAction(context, 'step');
		await waitUntil(2000, 'step mode refused during a lesson', () => frame(context).includes('no step mode in a lesson'));
		assert.not.ok(context.engine.stepping);
		press(context, binding);
		await waitUntil(10_000, 'the first step run and checked on the lesson\'s own engine', () => frame(context).includes('(done)') && frame(context).includes('✓'));
		assert.is(context.engine.modelId, undefined, 'the monitor\'s own model stopped for the lesson');
		assert.match(frame(context), / 5 select /, 'the model bar shows the lesson\'s model');
		pressAction(context, 'lesson');
		await waitUntil(5000, 'the lesson left and the monitor back on its engine', () => !frame(context).includes('lesson 10:') && context.engine.modelId === 'select');
		assert.is(controllerLessonState(context), undefined);
	},
	async step(context, binding) {
		await clients(context, 2);
		press(context, binding);
		// The footer may still show a notice of the key before (NOTICE_MS) before it leads with step mode's keys.
		await waitUntil(NOTICE_MS + 2000, 'step mode on, its keys first in the footer', () => context.engine.stepping && /^ \. step {2}c continue {2}q quit/m.test(plainFrame(context)));
		// Idle, the wait is blocked in the kernel: nothing to let through, and the press is dropped.
		press(context, binding);
		await waitUntil(2000, 'a notice: nothing held', () => frame(context).includes('nothing held yet: the server is in the kernel'));
		assert.is(context.engine.heldStep, 0);
		// A message makes the wait return, and the loop's next call is held.
		context.controller.dispatch({type: 'send'});
		await waitUntil(5000, 'a call held, and shown', () => context.engine.heldStep > 0 && frame(context).includes(`#${context.engine.heldStep} held: `));
		const held = context.engine.heldStep;
		press(context, binding);
		// Another message, so that a wait let through returns at once.
		context.controller.dispatch({type: 'send'});
		await waitUntil(5000, 'the call\'s result and the next call held', () => context.engine.heldStep > held && new RegExp(`#${held} \\w+\\(.*\\) -> .*#${held + 1} held: `).test(plainFrame(context)));
		pressAction(context, 'continue');
		await waitUntil(3000, 'step mode left', () => !context.engine.stepping && !frame(context).includes('held: ') && !frame(context).includes('c continue'));
	},
	async continue(context, binding) {
		press(context, binding);
		await waitUntil(2000, 'a notice: step mode is off', () => frame(context).includes('c leaves step mode, which is off'));
		pressAction(context, 'step');
		await waitUntil(2000, 'step mode on', () => context.engine.stepping && (frame(context).includes('step mode: the next call will be held') || frame(context).includes(' held: ')));
		press(context, binding);
		await waitUntil(3000, 'step mode left', () => !context.engine.stepping && !frame(context).includes('step mode:') && !frame(context).includes(' held: '));
	},
	async quit(context, binding) {
		const before = context.quits;
		press(context, binding);
		await waitUntil(2000, 'quit', () => context.quits === before + 1);
	},
};

test('should act on every key of one chunk of input, in order', async context => {
	const before = snapshot(context).builtinCount;
	context.app.stdin.write('nnn');
	await waitUntil(3000, 'three more clients', () => snapshot(context).builtinCount === before + 3);
});

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
