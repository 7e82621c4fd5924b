// Runs a built C echo server (the C reference, or C's thread per client) as a child process: start, wait for its port, stop and reap.
import {spawn} from 'node:child_process';
import {CACHE_DIR_VARIABLE} from './c-reference.js';
import {stopChild, stopOnAbort} from './stop-child.js';

/** A running C echo server. */
export type ReferenceServer = {
	/** The port it listens on, on 127.0.0.1. */
	readonly port: number;
	/** Its process id (to watch its CPU time, or to tell it apart in `ps`). */
	readonly pid: number;
	/** SIGTERM, then SIGKILL after a grace period; resolves once it is reaped. */
	stop(): Promise<void>;
};

/** How long the server may take to print its port before it counts as broken. */
const startTimeoutMs = 10_000;
/** How long a SIGTERM may take before SIGKILL. */
const stopGraceMs = 2000;

/** Why the binary could not be started at all, as one line. */
function describeSpawnError(binary: string, error: NodeJS.ErrnoException): string {
	if (error.code === 'EACCES') {
		return `cannot run ${binary}: EACCES (not executable, or its directory is mounted noexec; ${CACHE_DIR_VARIABLE} chooses another)`;
	}

	return `cannot run ${binary}: ${error.code ?? error.message}`;
}

/**
 * Starts a C server built by `buildCProgram` (reference-server, reference-threads) on 127.0.0.1:`port` (0 = any free port)
 * and resolves when it has printed `listening <port>`; rejects with a one-line reason when it
 * cannot run or dies first. The server dies with this process's main thread, even on `kill -9`
 * (it asks for PR_SET_PDEATHSIG itself). When `signal` aborts, the server is stopped.
 */
export async function startReferenceServer(binary: string, port = 0, {signal}: {readonly signal?: AbortSignal} = {}): Promise<ReferenceServer> {
	signal?.throwIfAborted();
	const child = spawn(binary, [String(port), String(process.pid)], {stdio: ['ignore', 'pipe', 'pipe']});
	stopOnAbort(child, signal);
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (text: string) => {
		stderr += text;
	});

	const listening = new Promise<number>((resolve, reject) => {
		let stdout = '';
		child.stdout.setEncoding('utf8').on('data', (text: string) => {
			stdout += text;
			const match = /^listening (\d+)\n/.exec(stdout);
			if (match) {
				resolve(Number(match[1]));
			}
		});
		child.once('error', error => reject(new Error(describeSpawnError(binary, error))));
		// 'close', not 'exit': what it said on stderr may still be in the pipe when it exits.
		child.once('close', (code, signalName) => {
			const status = code === null ? `killed by ${signalName}` : `status ${code}`;
			const said = stderr.trim().split('\n')[0];
			reject(signal?.aborted ? signal.reason : new Error(`reference server exited (${status}) before listening${said ? `: ${said}` : ''}`));
		});
		setTimeout(() => reject(new Error('reference server did not start in time')), startTimeoutMs).unref();
	});

	try {
		const actualPort = await listening;
		return {port: actualPort, pid: child.pid ?? -1, stop: async () => stopChild(child, stopGraceMs)};
	} catch (error) {
		await stopChild(child, stopGraceMs);
		throw error;
	}
}
