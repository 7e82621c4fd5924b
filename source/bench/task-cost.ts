// What a process or a thread per client cost in one bench row (fork, threads): start time from the server's events, private memory from /proc.
import fs from 'node:fs';
import {median} from '../util/median.js';
import {childrenOf} from './process-stats.js';

/** What starts per client in a model, for the models that start one. */
export type TaskUnit = 'process' | 'thread';

/** The models that start a process or a thread per client. */
export const TASK_UNITS: Readonly<Record<string, TaskUnit>> = {fork: 'process', threads: 'thread'};

/** One row's figures. */
export type TaskCostFigures = {
	readonly unit: TaskUnit;
	/** Processes or threads that reported a start (from the server's events). */
	readonly started: number;
	/** Median from spawn() or new Worker() to ready to serve, ms; absent when the server's events were not read. */
	readonly startMs?: number;
	/**
	 * Private memory (Private_Clean + Private_Dirty of smaps_rollup) each one adds, KiB, read
	 * halfway through the load: a child's own (median), or the server's growth per client thread.
	 * Absent when none was alive then.
	 */
	readonly privateKb?: number;
};

/** Private memory of a process in KiB (what it does not share with any other), or -1 once it is gone. */
export function privateKb(pid: number): number {
	try {
		const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
		const clean = /^Private_Clean:\s+(\d+) kB$/m.exec(text);
		const dirty = /^Private_Dirty:\s+(\d+) kB$/m.exec(text);
		return clean && dirty ? Number(clean[1]) + Number(dirty[1]) : -1;
	} catch {
		return -1;
	}
}

function threadCount(pid: number): number {
	try {
		return Number(/^Threads:\s+(\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
	} catch {
		return 0;
	}
}

/**
 * Reads a fork or threads server's memory before its clients come and once while they are
 * served: two /proc reads per child or one of the server, so the load does not notice.
 */
export class TaskMemoryReading {
	private readonly privateBefore: number;
	private readonly threadsBefore: number;
	private perTaskKb: number | undefined;

	constructor(private readonly unit: TaskUnit, private readonly pid: number) {
		this.privateBefore = unit === 'thread' ? privateKb(pid) : 0;
		this.threadsBefore = unit === 'thread' ? threadCount(pid) : 0;
	}

	/** Read now, while the clients are served. */
	take(): void {
		if (this.unit === 'process') {
			this.perTaskKb = median(childrenOf(this.pid).map(child => privateKb(child)).filter(kb => kb >= 0));
			return;
		}

		const added = threadCount(this.pid) - this.threadsBefore;
		const now = privateKb(this.pid);
		this.perTaskKb = added > 0 && now >= 0 && this.privateBefore >= 0 ? Math.max(0, (now - this.privateBefore) / added) : undefined;
	}

	/** The row's figures, with the start times the server reported (none when they were not read). */
	figures(startMs: readonly number[]): TaskCostFigures {
		const start = median(startMs);
		return {
			unit: this.unit, started: startMs.length,
			...(start === undefined ? {} : {startMs: start}),
			...(this.perTaskKb === undefined ? {} : {privateKb: this.perTaskKb}),
		};
	}
}
