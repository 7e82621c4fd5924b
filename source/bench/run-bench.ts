// Runs every model under the same loads, one at a time, each server in its own process and the load in another.
import {runLoad} from '../load/index.js';
import {raiseFileLimit} from '../sys/index.js';
import {buildReferenceServer, isUnavailable} from './c-reference.js';
import {startReferenceServer} from './reference-process.js';
import {startServe} from './serve-process.js';
import {FootprintPeaks, cpuSeconds} from './process-stats.js';
import type {BenchOptions} from './bench-options.js';
import type {BenchRow, SkippedRow} from './bench-row.js';

/** The C reference's name in rows. */
export const C_REFERENCE = 'c-reference';

/** Told before each measurement, for a progress display. */
export type BenchProgress = (done: number, total: number, what: string) => void;

/** A server under test, whoever started it. */
type Server = {
	readonly pid: number;
	readonly port: number;
	refused(): {count: number; reason?: string};
	stop(): Promise<void>;
};

/** Fds the load and each server need besides their connections. */
const FD_HEADROOM = 64;

async function measure(server: Server, model: string, clients: number, size: number, options: BenchOptions): Promise<BenchRow> {
	const peaks = new FootprintPeaks(server.pid);
	const cpuBefore = cpuSeconds(server.pid);
	const started = performance.now();
	try {
		const load = await runLoad({port: server.port, clients, size, seconds: options.seconds, mode: options.mode});
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

/**
 * Every model in `options.models`, then the C reference (when a compiler is present), under
 * each clients × size case. Rows come out in that order; `onWarning` hears of limits that
 * will cut a case short (too few fds).
 */
export async function runBench(options: BenchOptions, {onProgress = () => undefined, onWarning = () => undefined}: {readonly onProgress?: BenchProgress; readonly onWarning?: (message: string) => void} = {}): Promise<Array<BenchRow | SkippedRow>> {
	const limit = raiseFileLimit();
	const most = Math.max(...options.clients);
	if (limit.soft < most + FD_HEADROOM) {
		onWarning(`open-files limit is ${limit.soft} (hard limit ${limit.hard}): ${most} clients need about ${most + FD_HEADROOM}; raise it with ulimit -n, or expect connect failures`);
	}

	const reference = await buildReferenceServer();
	const rows: Array<BenchRow | SkippedRow> = [];
	const servers = [...options.models, ...(isUnavailable(reference) ? [] : [C_REFERENCE])];
	const total = servers.length * options.clients.length * options.sizes.length;
	let done = 0;
	for (const clients of options.clients) {
		for (const size of options.sizes) {
			for (const model of servers) {
				onProgress(done++, total, `${model}, ${clients} client${clients === 1 ? '' : 's'} × ${size} B`);
				const server: Server = model === C_REFERENCE && !isUnavailable(reference)
					? {...await startReferenceServer(reference), refused: () => ({count: 0})}
					: await startServe(model);
				rows.push(await measure(server, model, clients, size, options));
			}
		}
	}

	onProgress(total, total, 'done');
	if (isUnavailable(reference)) {
		rows.push({model: C_REFERENCE, skipped: reference.unavailable});
	}

	return rows;
}
