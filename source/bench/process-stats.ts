// What a server process costs, read from /proc: CPU time of every thread and child, memory, threads, processes.
import fs from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux for every architecture). */
export const TICKS_PER_SECOND = 100;

/** Fields of /proc/PID/stat (or of one thread's, /proc/PID/task/TID/stat) after the command name (which may contain spaces). */
function statFields(pid: number, tid?: number): string[] | undefined {
	try {
		const stat = fs.readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	} catch {
		return undefined; // Gone.
	}
}

/** Live processes whose stat field `index` (after the name: 1 = ppid, 2 = process group) is `value`. */
function processesWhere(index: number, value: number): number[] {
	const found: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (/^\d+$/.test(entry) && statFields(Number(entry))?.[index] === String(value)) {
			found.push(Number(entry));
		}
	}

	return found;
}

/** Live children of a process (a fork-model server's clients). */
export function childrenOf(pid: number): number[] {
	return processesWhere(1, pid);
}

/**
 * Whose cost is measured: a process and its children (`group` false), or every process of the
 * process group `pid` leads, at any depth (a peer started through a shell, and whatever it forked).
 */
export type Scope = {readonly pid: number; readonly group?: boolean};

/** The processes of a scope. */
function members({pid, group = false}: Scope): number[] {
	return group ? processesWhere(2, pid) : [pid, ...childrenOf(pid)];
}

/** utime + stime of a process (every thread) or of its thread `tid`, in ticks; 0 once gone. */
export function cpuTicks(pid: number, tid?: number): number {
	const fields = statFields(pid, tid);
	// utime and stime are fields 14 and 15 of stat, 11 and 12 after the name.
	return fields ? Number(fields[11]) + Number(fields[12]) : 0;
}

/** utime + stime, and with `reaped` cutime + cstime (of the children it waited for), in ticks; 0 once gone. */
function ticksOf(pid: number, reaped: boolean): number {
	const fields = statFields(pid);
	// utime, stime, cutime, cstime are fields 14-17 of stat, 11-14 after the name.
	return fields ? Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0) : 0;
}

/**
 * CPU seconds used by a scope: every thread of its processes, and the children they reaped (a
 * live child's time is not in its parent's cutime yet, so nothing counts twice). A process
 * scope leaves out what its children reaped: a fork-model child forks nothing.
 */
export function cpuSeconds({pid, group = false}: Scope): number {
	let ticks = 0;
	for (const member of members({pid, group})) {
		ticks += ticksOf(member, group || member === pid);
	}

	return ticks / TICKS_PER_SECOND;
}

function statusValue(pid: number, key: string): number {
	try {
		const match = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return Number(match?.[1] ?? 0);
	} catch {
		return 0;
	}
}

/** One reading of a server's footprint. */
export type Footprint = {
	/** Resident memory of the process and its children, in KiB. */
	readonly rssKb: number;
	/** Threads of the process. */
	readonly threads: number;
	/** Processes: the server and its children. */
	readonly processes: number;
};

/**
 * Memory, threads and processes of a server now: the leader's threads for a process scope (its
 * children are single-threaded or counted as processes), every member's for a group.
 */
export function footprint(scope: Scope): Footprint {
	const all = members(scope);
	let rssKb = 0;
	for (const pid of all) {
		rssKb += statusValue(pid, 'VmRSS');
	}

	const threads = scope.group ? all.reduce((sum, pid) => sum + statusValue(pid, 'Threads'), 0) : statusValue(scope.pid, 'Threads');
	return {rssKb, threads, processes: all.length};
}

/** Samples a server's footprint every `intervalMs` and keeps the peaks. */
export class FootprintPeaks {
	private peak: Footprint = {rssKb: 0, threads: 0, processes: 0};
	private readonly timer: NodeJS.Timeout;

	constructor(private readonly scope: Scope, intervalMs = 100) {
		this.take();
		this.timer = setInterval(() => this.take(), intervalMs);
	}

	private take(): void {
		const now = footprint(this.scope);
		this.peak = {
			rssKb: Math.max(this.peak.rssKb, now.rssKb),
			threads: Math.max(this.peak.threads, now.threads),
			processes: Math.max(this.peak.processes, now.processes),
		};
	}

	/** Stop sampling; the peaks seen. */
	stop(): Footprint {
		clearInterval(this.timer);
		this.take();
		return this.peak;
	}
}
