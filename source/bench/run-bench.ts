// Runs every model under the same loads, one at a time (round by round with --rounds), each server in its own process and the load in another.
import {runLoad, type LoadResult} from '../load/index.js';
import type {Counters} from '../models/probe/events.js';
import {raiseFileLimit} from '../sys/index.js';
import {buildCProgram, isUnavailable, type CProgram} from './c-reference.js';
import {startReferenceServer} from './reference-process.js';
import {startServe} from './serve-process.js';
import {startCommandPeer} from './peer-process.js';
import {findPython, pythonCommand, pythonPeerOf, startPythonPeer, PYTHON} from './python-peers.js';
import {FootprintPeaks, cpuSeconds, type Footprint} from './process-stats.js';
import {describeMachine, type Machine} from './machine.js';
import {measureNativeSpawnCost, type NativeSpawnCost} from './spawn-cost.js';
import {TASK_UNITS, TaskMemoryReading} from './task-cost.js';
import type {Unavailable} from './c-reference.js';
import {C_REFERENCE, C_THREADS, type BenchRow, type SkippedRow} from './bench-row.js';
import type {BenchOptions} from './bench-options.js';
import {combineRounds} from './combine-rounds.js';

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
	/** Its cost is that of its whole process group (a peer, and whatever it forked). */
	readonly group?: boolean;
	refused?(): {count: number; reason?: string};
	stop(): Promise<void>;
	/** A model's exact counters, once stopped. */
	counters?(): Readonly<Counters> | undefined;
	/** fork and threads: each process's or thread's time from start to ready, ms, as the server's events said. */
	taskStarts?(): readonly number[];
};

/** One server of the plan: how to start it for a case, and what its rows are called. */
type Entry = {
	readonly name: string;
	/** A peer's command line, for its rows. */
	readonly command?: string;
	/**
	 * Whether a failure to start skips it (with its reason, for the rest of the run) rather than
	 * ending the benchmark: anything but a model, whose failure to start is a bug of this program.
	 */
	readonly skippable: boolean;
	start(signal: AbortSignal | undefined): Promise<Server>;
};

/** Fds the load and each server need besides their connections. */
const FD_HEADROOM = 64;

/**
 * Models whose system calls cannot be counted whole: libuv's run inside Node. (threads' client
 * threads count theirs in their rings; fork's children count their fs calls and report them with
 * their events.) Their rows have no figure rather than a wrong one.
 */
const PARTLY_COUNTED: ReadonlySet<string> = new Set(['libuv']);

/** System calls per echoed message from a model's totals (the whole run, setup included), when counted whole. */
function syscallsPerMessage(model: string, counters: Readonly<Counters> | undefined, size: number): number | undefined {
	// A totals line without the count comes from a server built before it was counted.
	if (PARTLY_COUNTED.has(model) || counters?.syscalls === undefined || counters.sendBytes < size) {
		return undefined;
	}

	return counters.syscalls / (counters.sendBytes / size);
}

async function measure(server: Server, entry: Entry, clients: number, size: number, options: BenchOptions, machine: Machine, signal: AbortSignal | undefined): Promise<BenchRow> {
	const scope = {pid: server.pid, group: server.group};
	const peaks = new FootprintPeaks(scope);
	const unit = TASK_UNITS[entry.name];
	const memory = unit ? new TaskMemoryReading(unit, server.pid) : undefined;
	let reading: NodeJS.Timeout | undefined;
	// The server's CPU over the load's measured window, the seconds its messages are counted in:
	// not the connecting and the warm-up, where a fork or threads server starts its clients' processes or threads.
	const cpu = {atStart: cpuSeconds(scope), startedAt: performance.now(), atOpen: Number.NaN, openedAt: 0, atClose: Number.NaN, closedAt: 0};
	const onWindow = (edge: 'open' | 'close'): void => {
		if (edge === 'open') {
			cpu.atOpen = cpuSeconds(scope);
			cpu.openedAt = performance.now();
			// Halfway through the window, every client has long been given its process or thread.
			reading = memory ? setTimeout(() => memory.take(), options.seconds * 500) : undefined;
		} else {
			cpu.atClose = cpuSeconds(scope);
			cpu.closedAt = performance.now();
		}
	};

	let load: LoadResult;
	let cores: number;
	let refused: {count: number; reason?: string};
	let footprint: Footprint;
	try {
		load = await runLoad({port: server.port, clients, size, seconds: options.seconds, mode: options.mode, warmupSeconds: options.warmupSeconds, ...(options.rate ? {rate: options.rate} : {})}, {signal, onWindow});
		cores = Number.isNaN(cpu.atOpen) || Number.isNaN(cpu.atClose)
			// The load never said (it failed to open a window): the whole run, warm-up included.
			? (cpuSeconds(scope) - cpu.atStart) / ((performance.now() - cpu.startedAt) / 1000)
			: (cpu.atClose - cpu.atOpen) / ((cpu.closedAt - cpu.openedAt) / 1000);
		refused = server.refused?.() ?? {count: 0};
	} finally {
		clearTimeout(reading);
		footprint = peaks.stop();
		// A model's totals line comes at its exit.
		await server.stop();
	}

	const perMessage = syscallsPerMessage(entry.name, server.counters?.(), size);
	return {
		model: entry.name, ...(entry.command ? {command: entry.command} : {}),
		clients, size, mode: options.mode, ...(options.rate ? {rate: options.rate} : {}), seconds: load.seconds, warmupSeconds: options.warmupSeconds,
		connected: load.connected, served: load.served,
		messagesPerSecond: load.messagesPerSecond, mbPerSecond: load.mbPerSecond, latencyMs: load.latencyMs,
		serverCpu: cores,
		cpuPerMessageUs: load.messagesPerSecond > 0 ? (cores * 1e6) / load.messagesPerSecond : 0,
		...(perMessage === undefined ? {} : {syscallsPerMessage: perMessage}),
		peakRssMb: footprint.rssKb / 1024, peakThreads: footprint.threads, peakProcesses: footprint.processes,
		refused: refused.count, ...(refused.reason ? {refusedReason: refused.reason} : {}),
		errors: load.errors, corruptBytes: load.corruptBytes,
		...(memory ? {taskCost: memory.figures(server.taskStarts?.() ?? [])} : {}),
		machine,
	};
}

/**
 * What to measure, in the table's order: each model with its CPython peer beside it (and
 * `threads` with its C version too), the C reference, then the `--peer` servers; and the rows of
 * those that cannot run at all here.
 */
async function plan(options: BenchOptions, signal: AbortSignal | undefined): Promise<{entries: Entry[]; unavailable: SkippedRow[]; python?: string; cSpawnCost: NativeSpawnCost | Unavailable}> {
	const entries: Entry[] = [];
	const unavailable: SkippedRow[] = [];
	const found = options.python ? await findPython() : undefined;
	const python = found && !('unavailable' in found) ? found : undefined;
	if (found && 'unavailable' in found) {
		unavailable.push({model: PYTHON, skipped: found.unavailable});
	}

	/** A C server built from source/bench/: its entry, or its skipped row when it cannot be built here. */
	const addC = async (name: string, program: CProgram): Promise<void> => {
		const binary = await buildCProgram(program, {signal});
		if (isUnavailable(binary)) {
			unavailable.push({model: name, skipped: binary.unavailable});
		} else {
			entries.push({name, skippable: true, start: async signal => startReferenceServer(binary, 0, {signal})});
		}
	};

	for (const model of options.models) {
		entries.push({name: model, skippable: false, start: async signal => startServe(model, {signal})});
		const peer = pythonPeerOf(model);
		if (peer && python) {
			entries.push({name: peer, command: pythonCommand(python, model), skippable: true, start: async signal => ({...await startPythonPeer(python, model, {signal}), group: true})});
		}

		if (model === 'threads' && options.cThreads) {
			await addC(C_THREADS, 'reference-threads');
		}
	}

	if (options.cThreads && !options.models.includes('threads')) {
		await addC(C_THREADS, 'reference-threads');
	}

	await addC(C_REFERENCE, 'reference-server');

	for (const {name, command} of options.peers) {
		entries.push({name, command, skippable: true, start: async signal => ({...await startCommandPeer(command, name, {signal}), group: true})});
	}

	// Built and run once, before any server: about a tenth of a second once compiled.
	const cSpawnCost = await measureNativeSpawnCost({signal});
	return {entries, unavailable, ...(python ? {python: python.version} : {}), cSpawnCost};
}

/** An error as one line: a child's stderr quoted in a message must not spill over several. */
export function oneLine(error: unknown): string {
	return (error instanceof Error ? error.message : String(error)).replaceAll(/\s*\n\s*/g, ' / ');
}

/**
 * Every model in `options.models` (each followed by its CPython peer with `--peers python`),
 * then the C reference (when a compiler is present), then the `--peer` servers, under each
 * clients × size case, told through `onRow` in that order. A server other than a model that
 * cannot run is skipped with its reason (one warning when it failed to start); the other rows
 * stand. Resolves when done or stopped.
 */
export async function runBench(options: BenchOptions, {onProgress = () => undefined, onRow = () => undefined, onWarning = () => undefined, signal}: BenchHooks = {}): Promise<void> {
	const limit = raiseFileLimit();
	const most = Math.max(...options.clients);
	if (limit.soft < most + FD_HEADROOM) {
		onWarning(`open-files limit is ${limit.soft} (hard limit ${limit.hard}): ${most} clients need about ${most + FD_HEADROOM}; raise it with ulimit -n, or expect connect failures`);
	}

	try {
		const {entries, unavailable, python, cSpawnCost} = await plan(options, signal);
		const machine = describeMachine(python, cSpawnCost);
		const failed = new Map<string, SkippedRow>();
		const total = entries.length * options.clients.length * options.sizes.length * options.rounds;
		let done = 0;
		/** One server under one case: its row, or undefined when it is skipped (it could not start). */
		const measureOnce = async (entry: Entry, clients: number, size: number, round: number): Promise<BenchRow | undefined> => {
			if (failed.has(entry.name)) {
				done++;
				return undefined;
			}

			const roundNote = options.rounds > 1 ? `, round ${round} of ${options.rounds}` : '';
			onProgress(done++, total, `${entry.name}, ${clients} client${clients === 1 ? '' : 's'} × ${size} B${roundNote}`);
			let server: Server;
			try {
				server = await entry.start(signal);
			} catch (error) {
				if (!entry.skippable || signal?.aborted) {
					throw error;
				}

				const row = {model: entry.name, skipped: oneLine(error)};
				failed.set(entry.name, row);
				onWarning(`${entry.name} skipped: ${row.skipped}`);
				return undefined;
			}

			return measure(server, entry, clients, size, options, machine, signal);
		};

		for (const clients of options.clients) {
			for (const size of options.sizes) {
				// Round by round, every server in turn: a slow spell of the machine falls on all of them, not on one row.
				const measured = new Map<string, BenchRow[]>();
				try {
					for (let round = 1; round <= options.rounds; round++) {
						for (const entry of entries) {
							const row = await measureOnce(entry, clients, size, round);
							if (row) {
								measured.set(entry.name, [...measured.get(entry.name) ?? [], row]);
							}
						}
					}
				} finally {
					// Interrupted, the rounds measured so far still make rows: nothing measured is lost.
					for (const rows of measured.values()) {
						onRow(combineRounds(rows));
					}
				}
			}
		}

		onProgress(total, total, 'done');
		for (const row of [...unavailable, ...failed.values()]) {
			onRow(row);
		}
	} catch (error) {
		// Whatever the interruption broke (a load killed, a server stopped before it listened) is
		// the interruption itself; its servers are stopped by now.
		if (!signal?.aborted) {
			throw error;
		}
	}
}
