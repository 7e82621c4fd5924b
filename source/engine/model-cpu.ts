// The CPU a running model uses, from the kernel's accounting in /proc: its thread, its client threads, its child processes.
import {CLOCK_TICKS_PER_SECOND, processCpuTicks, threadCpuTicks} from '../sys/index.js';

/** How often the model's CPU use is measured. */
export const CPU_INTERVAL_MS = 1000;

/** The CPU a model used over the last interval. */
export type ModelCpu = {
	/**
	 * CPU time over the interval, in percent of one core: above 100 when several of its threads or
	 * processes ran at once. A thread or process that ended during the interval is missing from it
	 * (its time can no longer be read), one that started is counted from its start.
	 */
	readonly percent: number;
	/** Threads measured: the model's own thread, and its client threads (`threads`). */
	readonly threads: number;
	/** Child processes measured (`fork`), each with all its threads. */
	readonly processes: number;
	/** The interval measured, in ms (about CPU_INTERVAL_MS). */
	readonly intervalMs: number;
};

/**
 * Measures a model's CPU about once a second. It learns the model's thread and its client
 * threads from their events (`model-started`, `thread-started`, `thread-exited`) and its
 * child processes from the pids the model registers in Control.
 */
export class ModelCpuMeter {
	private modelTid = 0;
	private readonly clientTids = new Set<number>();
	private threadTicks = new Map<number, number>();
	private processTicks = new Map<number, number>();
	private lastAt: number;

	constructor(now = performance.now()) {
		this.lastAt = now;
	}

	/** The thread the model runs in. */
	modelThread(tid: number): void {
		this.modelTid = tid;
	}

	threadStarted(tid: number): void {
		this.clientTids.add(tid);
	}

	threadExited(tid: number): void {
		this.clientTids.delete(tid);
	}

	/** A reading once CPU_INTERVAL_MS have passed since the last one, otherwise undefined. */
	measure(childPids: readonly number[], now = performance.now()): ModelCpu | undefined {
		const intervalMs = now - this.lastAt;
		if (intervalMs < CPU_INTERVAL_MS || this.modelTid === 0) {
			return undefined;
		}

		const tids = [this.modelTid, ...this.clientTids];
		const threads = readDeltas(tids, this.threadTicks, threadCpuTicks);
		const processes = readDeltas(childPids, this.processTicks, processCpuTicks);
		this.threadTicks = threads.ticks;
		this.processTicks = processes.ticks;
		this.lastAt = now;
		const seconds = (threads.used + processes.used) / CLOCK_TICKS_PER_SECOND;
		return {
			percent: Math.round((seconds / (intervalMs / 1000)) * 1000) / 10,
			threads: threads.ticks.size,
			processes: processes.ticks.size,
			intervalMs: Math.round(intervalMs),
		};
	}
}

/** Ticks used since the previous reading by each id still alive (from 0 for one not seen before), and the new readings. */
function readDeltas(ids: readonly number[], previous: ReadonlyMap<number, number>, read: (id: number) => number): {used: number; ticks: Map<number, number>} {
	const ticks = new Map<number, number>();
	let used = 0;
	for (const id of ids) {
		const now = read(id);
		if (now >= 0) {
			ticks.set(id, now);
			used += Math.max(0, now - (previous.get(id) ?? 0));
		}
	}

	return {used, ticks};
}
