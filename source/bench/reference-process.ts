// Runs the built C reference server as a child process: start, wait for its port, stop and reap.
import {spawn} from 'node:child_process';
import {stopChild} from './stop-child.js';

/** A running C reference server. */
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


/**
 * Starts the binary built by `buildReferenceServer` on 127.0.0.1:`port` (0 = any free port)
 * and resolves when it has printed `listening <port>`.
 */
export async function startReferenceServer(binary: string, port = 0): Promise<ReferenceServer> {
	const child = spawn(binary, [String(port)], {stdio: ['ignore', 'pipe', 'pipe']});
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
		child.once('error', reject);
		child.once('exit', code => {
			reject(new Error(`reference server exited (${code ?? 'signal'}) before listening: ${stderr.trim()}`));
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
