// Runs every model under the same loads, one at a time, each server in its own process and the load in another.
import {runLoad} from '../load/index.js';
import {raiseFileLimit} from '../sys/index.js';
import {buildReferenceServer, isUnavailable} from './c-reference.js';
import {startReferenceServer} from './reference-process.js';
import {startServe} from './serve-process.js';
import {FootprintPeaks, cpuSeconds} from './process-stats.js';
import {C_REFERENCE, type BenchRow, type SkippedRow} from './bench-row.js';
import type {BenchOptions} from './bench-options.js';

/** Told before each measurement, for a progress display. */
export type BenchProgress = (done: number, total: number, what: string) => void;

/** Who hears what the benchmark does, and how to stop it. */
export type BenchHooks = {
	/** Before each measurement. */
	readonly onProgress?: BenchProgress;
	/** Each row as soon as it is known, in the table's order: none is lost to a later failure. */
	readonly onRow?: (row: BenchRow | SkippedRow) => void;
	/** Limits that will cut a case short (too few fds), a server skipped: one line each. */
	readonly onWarning?: (message: string) => void;
	/**
	 * Stops the benchmark: the compiler, the server and the load running are stopped and reaped,
	 * the measurement under way is dropped, and `runBench` resolves.
	 */
	readonly signal?: AbortSignal;
};

/** A server under test, whoever started it. */
type Server = {
	readonly pid: number;
	readonly port: number;
	refused(): {count: number; reason?: string};
	stop(): Promise<void>;
};

/** Fds the load and each server need besides their connections. */
const FD_HEADROOM = 64;

async function measure(server: Server, model: string, clients: number, size: number, options: BenchOptions, signal: AbortSignal | undefined): Promise<BenchRow> {
	const peaks = new FootprintPeaks(server.pid);
	const cpuBefore = cpuSeconds(server.pid);
	const started = performance.now();
	try {
		const load = await runLoad({port: server.port, clients, size, seconds: options.seconds, mode: options.mode}, {signal});
		const elapsed = (performance.now() - started) / 1000;
		const cores = (cpuSeconds(server.pid) - cpuBefore) / elapsed;
		const footprint = peaks.stop();
		const {count, reason} = server.refused();
		return {
			model, clients, size, mode: options.mode, seconds: load.seconds,
			connected: load.connected, served: load.served,
			messagesPerSecond: load.messagesPerSecond, mbPerSecond: load.mbPerSecond, latencyMs: load.latencyMs,
			serverCpu: cores,
			cpuPerMessageUs: load.messagesPerSecond > 0 ? (cores * 1e6) / load.messagesPerSecond : 0,
			peakRssMb: footprint.rssKb / 1024, peakThreads: footprint.threads, peakProcesses: footprint.processes,
			refused: count, ...(reason ? {refusedReason: reason} : {}),
			errors: load.errors, corruptBytes: load.corruptBytes,
		};
	} finally {
		peaks.stop();
		await server.stop();
	}
}

/** The C reference from its binary, or why it cannot run here (a noexec mount, a binary that dies at start). */
async function startReference(binary: string, signal: AbortSignal | undefined): Promise<Server | SkippedRow> {
	try {
		return {...await startReferenceServer(binary, 0, {signal}), refused: () => ({count: 0})};
	} catch (error) {
		if (signal?.aborted) {
			throw error;
		}

		return {model: C_REFERENCE, skipped: (error as Error).message};
	}
}

/**
 * Every model in `options.models`, then the C reference (when a compiler is present), under
 * each clients × size case, told through `onRow` in that order. A C reference that cannot run
 * is skipped with its reason (one warning); the other rows stand. Resolves when done or stopped.
 */
export async function runBench(options: BenchOptions, {onProgress = () => undefined, onRow = () => undefined, onWarning = () => undefined, signal}: BenchHooks = {}): Promise<void> {
	const limit = raiseFileLimit();
	const most = Math.max(...options.clients);
	if (limit.soft < most + FD_HEADROOM) {
		onWarning(`open-files limit is ${limit.soft} (hard limit ${limit.hard}): ${most} clients need about ${most + FD_HEADROOM}; raise it with ulimit -n, or expect connect failures`);
	}

	try {
		const reference = await buildReferenceServer({signal});
		let referenceSkipped: SkippedRow | undefined = isUnavailable(reference) ? {model: C_REFERENCE, skipped: reference.unavailable} : undefined;
		const servers = [...options.models, ...(referenceSkipped ? [] : [C_REFERENCE])];
		const total = servers.length * options.clients.length * options.sizes.length;
		let done = 0;
		for (const clients of options.clients) {
			for (const size of options.sizes) {
				for (const model of servers) {
					if (model === C_REFERENCE && referenceSkipped) {
						done++;
						continue;
					}

					onProgress(done++, total, `${model}, ${clients} client${clients === 1 ? '' : 's'} × ${size} B`);
					const server = model === C_REFERENCE && !isUnavailable(reference) ? await startReference(reference, signal) : await startServe(model, {signal});
					if ('skipped' in server) {
						referenceSkipped = server;
						onWarning(`${C_REFERENCE} skipped: ${server.skipped}`);
						continue;
					}

					onRow(await measure(server, model, clients, size, options, signal));
				}
			}
		}

		onProgress(total, total, 'done');
		if (referenceSkipped) {
			onRow(referenceSkipped);
		}
	} catch (error) {
		// Whatever the interruption broke (a load killed, a server stopped before it listened) is
		// the interruption itself; its servers are stopped by now.
		if (!signal?.aborted) {
			throw error;
		}
	}
}
