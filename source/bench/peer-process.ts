// A peer server (a CPython textbook loop, or a command the user names) in a process group of its own: start, wait until it listens, stop all of it.
import {spawn, type ChildProcess} from 'node:child_process';
import net from 'node:net';
import {setTimeout as sleep} from 'node:timers/promises';
import {childEnv} from '../util/child-env.js';
import {forgetParent} from './parent-death.js';
import {stopGroup} from './process-group.js';
import {stopOnAbort} from './stop-child.js';

/** A peer server running. */
export type PeerServer = {
	/** The port it listens on, on 127.0.0.1. */
	readonly port: number;
	/** Its process id, which is also its process group's: CPU and memory are read for the group. */
	readonly pid: number;
	/** SIGTERM to the whole group, SIGKILL after a grace period; resolves once every process of it is gone. */
	stop(): Promise<void>;
};

/** How long a peer may take to listen: a Python start, a user's server building its state. */
const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 2000;
/** How often a command peer's port is tried while it starts. */
const CONNECT_RETRY_MS = 50;
/** What is kept of a peer's stderr, for the reason it failed. */
const STDERR_KEEP = 4096;

/**
 * Kills process group `$1` once its stdin, a pipe from bench, reaches its end: when bench ends,
 * even by kill -9. A process of bench's own group, so the server's group holds the server alone.
 */
const WATCHER = 'read -r _; kill -KILL "-$1"';

/**
 * A child in a group of its own (its stdout a pipe when it says its port there, or discarded),
 * its stderr kept (bounded), stopped with its group when `signal` aborts.
 */
function spawnGroup(file: string, args: readonly string[], stdout: 'pipe' | 'ignore', signal: AbortSignal | undefined): {child: ChildProcess; stderr: () => string} {
	// Not one of our Node processes: a Node server must not preload our die-with-parent module.
	const child = spawn(file, args, {detached: true, stdio: ['ignore', stdout, 'pipe'], env: forgetParent(childEnv())});
	stopOnAbort(child, signal, stopGroup);
	let stderr = '';
	child.stderr!.setEncoding('utf8').on('data', (text: string) => {
		stderr = (stderr + text).slice(0, STDERR_KEEP);
	});
	return {child, stderr: () => stderr};
}

/**
 * Rejects when `child` fails to run or ends, saying why in one line (`exited (status 2): <what it
 * said first on stderr>`); `what` names it. 'close', not 'exit': stderr may still be in the pipe.
 */
async function endOf(child: ChildProcess, what: string, stderr: () => string, signal: AbortSignal | undefined): Promise<never> {
	return new Promise((_, reject) => {
		child.once('error', error => {
			reject(new Error(`cannot run ${what}: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
		});
		child.once('close', (code, signalName) => {
			const status = code === null ? `killed by ${signalName}` : `status ${code}`;
			const said = stderr().trim().split('\n').find(Boolean);
			reject(signal?.aborted ? signal.reason : new Error(`${what} exited (${status}) before listening${said ? `: ${said}` : ''}`));
		});
	});
}

/**
 * Waits for `ready`, bounded; stops the group if it never comes. `onStop` runs before the group
 * is stopped, whichever way.
 */
async function started(
	child: ChildProcess, what: string, ready: Promise<number>, stderr: () => string, signal: AbortSignal | undefined, onStop = (): void => undefined,
): Promise<PeerServer> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			reject(new Error(`${what} did not listen within ${START_TIMEOUT_MS / 1000} s`));
		}, START_TIMEOUT_MS);
	});
	const ended = endOf(child, what, stderr, signal);
	// It ends at its stop too, long after the race is decided: that rejection is nobody's error.
	ended.catch(() => undefined);
	try {
		const port = await Promise.race([ready, ended, timeout]);
		return {
			port,
			pid: child.pid!,
			async stop() {
				onStop();
				await stopGroup(child, STOP_GRACE_MS);
			},
		};
	} catch (error) {
		onStop();
		await stopGroup(child, STOP_GRACE_MS);
		throw error;
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Starts `file args` (a CPython peer) in a group of its own and resolves once it prints
 * `listening <port>`, as the C reference does; rejects with a one-line reason when it cannot run,
 * ends first or is silent for too long.
 */
export async function startPrintingPeer(file: string, args: readonly string[], what: string, {signal}: {readonly signal?: AbortSignal} = {}): Promise<PeerServer> {
	signal?.throwIfAborted();
	const {child, stderr} = spawnGroup(file, args, 'pipe', signal);
	const ready = new Promise<number>(resolve => {
		let stdout = '';
		child.stdout!.setEncoding('utf8').on('data', (text: string) => {
			stdout += text;
			const match = /^listening (\d+)\n/.exec(stdout);
			if (match) {
				resolve(Number(match[1]));
			}
		});
	});
	return started(child, what, ready, stderr, signal);
}

/** A port no one listens on now: the kernel's pick for a socket bound and closed again. */
async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => {
		server.close(resolve);
	});
	return port;
}

/** Whether 127.0.0.1:`port` accepts a connection now (closed again at once). */
async function accepts(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => {
			resolve(false);
		});
	});
}

/**
 * Starts the watcher of group `pgid`; the function returned ends it (first thing at a stop: once
 * the group is gone its number may be another's).
 */
function watchGroup(pgid: number): () => void {
	const watcher = spawn('sh', ['-c', WATCHER, 'echo-tui-watch', String(pgid)], {stdio: ['pipe', 'ignore', 'ignore']});
	watcher.on('error', () => undefined); // No sh: the server still runs and is stopped by bench, only not on kill -9.
	return () => {
		watcher.kill('SIGKILL');
	};
}

/**
 * Runs `command` (a shell command line) with `{port}` replaced by a free port bench picked, in
 * a group of its own (what it prints is discarded), and resolves once that port accepts a
 * connection; rejects with a one-line reason when it ends first or never listens. It dies with
 * bench, even on kill -9 (see WATCHER).
 */
export async function startCommandPeer(command: string, what: string, {signal}: {readonly signal?: AbortSignal} = {}): Promise<PeerServer> {
	signal?.throwIfAborted();
	const port = await freePort();
	const {child, stderr} = spawnGroup('sh', ['-c', command.replaceAll('{port}', String(port))], 'ignore', signal);
	const unwatch = child.pid === undefined ? () => undefined : watchGroup(child.pid);
	let waiting = true;
	const ready = (async () => {
		while (waiting && !await accepts(port)) {
			await sleep(CONNECT_RETRY_MS);
		}

		return port;
	})();
	try {
		return await started(child, what, ready, stderr, signal, unwatch);
	} finally {
		waiting = false;
	}
}
