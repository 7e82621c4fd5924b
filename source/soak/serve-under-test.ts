// One `echo-tui serve --json --port 0` process under test, maybe under an open-files limit, with its output tallied.
import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {ServeLog} from './serve-log.js';
import {countConnectionsAfresh} from './echo-session.js';

/** The built CLI: servers under test run compiled, as users run them (from source too: tests build first). */
const CLI = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../dist/cli.js' : '../cli.js', import.meta.url));
const START_TIMEOUT_MS = 15_000;
/** Longest a signalled server may take to exit: serve's own shutdown deadline is 3 s. */
export const EXIT_TIMEOUT_MS = 6000;
const STDERR_KEPT = 8000;
/** How long the last lines may take to arrive after the exit. */
const OUTPUT_END_MS = 1000;

/** How the process ended. */
export type ServeExit = {readonly code: number | null; readonly signal: NodeJS.Signals | null};

/**
 * `FATAL ERROR: ... | .../koffi-linux-x64/index.js:181:20`: a crash's own line and where in our
 * code or our dependencies' it happened; Node's internal frames and native addresses say little.
 */
function gist(stderr: string): string {
	const lines = stderr.split('\n').map(line => line.trim()).filter(Boolean);
	const frames = lines.filter(line => /(dist|source|node_modules)\/\S+:\d+/.test(line) && !line.includes('[')).slice(0, 2);
	return [...lines.slice(0, 1), ...frames].join(' | ') || 'nothing on stderr';
}

/** Every server started and not yet reaped: killed if the soak itself is stopped. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) {
		child.kill('SIGKILL');
	}
});

/** A running server. */
export type ServeUnderTest = {
	readonly pid: number;
	readonly port: number;
	readonly log: ServeLog;
	/** The command that started it, for a reproduction line. */
	readonly command: string;
	/** Whether it still runs. */
	isAlive(): boolean;
	/** What it wrote on stderr, in short: its first line and the first stack frames in the project or its dependencies. */
	stderrGist(): string;
	/** Send `signal` and wait (bounded) for the exit; SIGKILL past the bound, reported as such. */
	stop(signal?: NodeJS.Signals): Promise<ServeExit & {readonly timedOut: boolean}>;
};

/** Start `serve --model <id> --json --port 0`, under `prlimit --nofile=N` when `fileLimit` is set. */
export async function startServeUnderTest(model: string, {fileLimit}: {readonly fileLimit?: number} = {}): Promise<ServeUnderTest> {
	const serveArgs = [CLI, 'serve', '--model', model, '--port', '0', '--json'];
	// prlimit execs the command: the pid is the server's own.
	const [file, argv] = fileLimit === undefined
		? [process.execPath, serveArgs]
		: ['prlimit', [`--nofile=${fileLimit}:${fileLimit}`, process.execPath, ...serveArgs]];
	const child = spawn(file, argv, {stdio: ['ignore', 'pipe', 'pipe']});
	running.add(child);
	const command = [fileLimit === undefined ? '' : `prlimit --nofile=${fileLimit}:${fileLimit}`, 'node dist/cli.js', ...serveArgs.slice(1)].filter(Boolean).join(' ');
	const log = new ServeLog();
	let stderr = '';
	child.stderr!.setEncoding('utf8').on('data', (text: string) => {
		stderr = (stderr + text).slice(0, STDERR_KEPT); // A crash says what happened first.
	});
	createInterface({input: child.stdout!}).on('line', line => log.add(line));
	const exited = once(child, 'exit').then(([code, signal]) => {
		running.delete(child);
		return {code, signal} as ServeExit;
	});
	// 'close' comes once stdout is read to its end, the totals line included (or never, should a leftover child hold the pipe).
	const outputEnded = once(child, 'close');

	const deadline = performance.now() + START_TIMEOUT_MS;
	while (log.port === undefined) {
		if (child.exitCode !== null || child.signalCode !== null || performance.now() > deadline) {
			child.kill('SIGKILL');
			await exited;
			throw new Error(`${command} did not start: ${stderr.trim() || 'no listening line'}`);
		}

		await new Promise(resolve => setTimeout(resolve, 20));
	}

	countConnectionsAfresh(log.port);
	return {
		pid: child.pid!,
		port: log.port,
		log,
		command,
		isAlive: () => child.exitCode === null && child.signalCode === null,
		stderrGist: () => gist(stderr),
		async stop(signal = 'SIGTERM') {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill(signal);
			}

			let timedOut = false;
			const timer = setTimeout(() => {
				timedOut = true;
				child.kill('SIGKILL');
			}, EXIT_TIMEOUT_MS);
			const exit = await exited;
			clearTimeout(timer);
			await Promise.race([outputEnded, new Promise(resolve => setTimeout(resolve, OUTPUT_END_MS))]);
			return {...exit, timedOut};
		},
	};
}
