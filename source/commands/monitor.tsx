// `echo-tui` with no command: the monitor, with the servers and built-in clients running inside it; `echo-tui lesson N`: the same, with a lesson on.
import {render} from 'ink';
import {DEFAULT_BACKLOG} from '../engine/engine-api.js';
import {RemoteEngine} from '../engine/remote-engine.js';
import {lessons} from '../lessons/index.js';
import {lessonUnavailable} from '../lessons/run-lesson.js';
import {flagTable} from './flag-table.js';
import {BuiltinClients} from '../load/builtin-clients.js';
import {App} from '../ui/app.js';
import {MonitorController} from '../ui/monitor-controller.js';
import {MonitorStore} from '../ui/monitor-store.js';
import {enterAlternateScreen, leaveAlternateScreen} from '../ui/alternate-screen.js';
import {AsciicastRecorder} from '../ui/asciicast-recorder.js';
import {describeStartError} from './start-errors.js';
import {exitProcess, onEveryExit} from './exit-hooks.js';
import {UsageError} from './validate-flags.js';

/** Ink's frame-rate cap: a key's frame is drawn within 1/KEY_FPS s of the frame before. */
const KEY_FPS = 60;

/** What the monitor was asked for, validated. */
export type MonitorOptions = {
	readonly model: string;
	readonly host: string;
	readonly port: number;
	/** listen()'s backlog. */
	readonly backlog: number;
	/** Spare fds opened before each model starts (select's FD_SETSIZE wall sooner). */
	readonly reserveFds: number;
	readonly readOnce: boolean;
	/** Built-in clients to open at start. */
	readonly clients: number;
	/** Write the session to this file as an asciicast v2 recording. */
	readonly record?: string;
	/** Start this lesson (from 1) at once; `auto`: take its steps without waiting for Enter. */
	readonly lesson?: {readonly number: number; readonly auto: boolean};
};

/**
 * `echo-tui lesson N` on a terminal: the monitor on a port the kernel picks (a lesson's servers
 * do too), on the lesson's model, with the lesson on. Leaving it leaves the monitor running.
 */
export async function monitorLesson(number: number, {auto}: {readonly auto: boolean}): Promise<void> {
	const models = lessons[number - 1]?.models ?? [];
	const fallback = String(flagTable.find(flag => flag.name === 'model')!.default);
	const model = models[0] && !lessonUnavailable([models[0]]) ? models[0] : fallback;
	await monitor({model, host: '127.0.0.1', port: 0, backlog: DEFAULT_BACKLOG, reserveFds: 0, readOnce: false, clients: 0, lesson: {number, auto}});
}

/** Run the monitor until q, Ctrl-C or a signal; every way out stops the servers and restores the terminal. */
export async function monitor({model, host, port, backlog, reserveFds, readOnce, clients: clientCount, record, lesson}: MonitorOptions): Promise<void> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new UsageError('the monitor needs a terminal on stdin and stdout; for scripts use: echo-tui serve --json');
	}

	if (record === '') {
		throw new UsageError('--record needs a file name, e.g. --record demo.cast');
	}

	// Opened before anything starts: a path that cannot be written is a usage error, not a monitor that dies later.
	const recorder = record === undefined ? undefined : AsciicastRecorder.start(record);

	// The engines run in the engine host's thread (which raises the open-files limit): this one draws the screen.
	const engine = new RemoteEngine({host, port, backlog, reserveFds});
	const clients = new BuiltinClients();
	const controller = new MonitorController(engine, clients, new MonitorStore(), options => new RemoteEngine(options));
	try {
		await controller.start(model, readOnce);
		if (clientCount > 0) {
			controller.dispatch({type: 'add-clients', count: clientCount});
		}

		if (lesson) {
			controller.lessons.start(lesson.number, {auto: lesson.auto});
		}
	} catch (error) {
		await clients.stop();
		await recorder?.stop();
		throw describeStartError(error, host, port);
	}

	// The exit hooks go in before the first frame: a signal may come at any moment.
	const view: {app?: ReturnType<typeof render>} = {};
	let recordingFailure: string | undefined;
	const shutdown = async (): Promise<void> => {
		try {
			view.app?.unmount();
		} catch {
			// The terminal may be gone (SIGHUP): the recording and the servers must still be stopped.
		}

		// Before leaving the alternate screen: the recording ends on the monitor's last frame.
		const failure = await recorder?.stop();
		try {
			leaveAlternateScreen();
		} catch {
			// As above.
		}

		if (failure && !recordingFailure) {
			recordingFailure = failure;
			process.stderr.write(`echo-tui: ${failure}\n`);
		}

		await controller.stop();
	};

	onEveryExit(shutdown);
	enterAlternateScreen();
	// The data's frames are paced by the snapshot's own clock (use-monitor-snapshot.ts); Ink's cap
	// only holds back a key's frame drawn just after one, so it is set high enough not to.
	view.app = render(<App controller={controller} onQuit={() => undefined}/>, {exitOnCtrlC: false, maxFps: KEY_FPS});
	await view.app.waitUntilExit();
	await shutdown();
	exitProcess(recordingFailure ? 1 : 0);
}
