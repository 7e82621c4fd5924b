// What a server process costs, read from /proc: CPU time of every thread and child, memory, threads, processes.
import fs from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux for every architecture). */
const TICKS_PER_SECOND = 100;

/** Fields of /proc/PID/stat after the command name (which may contain spaces). */
function statFields(pid: number): string[] | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	} catch {
		return undefined; // Gone.
	}
}

/** Live children of a process (a fork-model server's clients). */
export function childrenOf(pid: number): number[] {
	const children: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (/^\d+$/.test(entry) && statFields(Number(entry))?.[1] === String(pid)) {
			children.push(Number(entry));
		}
	}

	return children;
}

/** CPU seconds used by a process: all its threads, its live children and the children it reaped. */
export function cpuSeconds(pid: number): number {
	const fields = statFields(pid);
	if (!fields) {
		return 0;
	}

	// utime, stime, cutime, cstime are fields 14-17 of stat, 11-14 after the name.
	let ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
	for (const child of childrenOf(pid)) {
		const childFields = statFields(child);
		ticks += childFields ? Number(childFields[11]) + Number(childFields[12]) : 0;
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

/** Memory, threads and processes of a server now. */
export function footprint(pid: number): Footprint {
	const children = childrenOf(pid);
	let rssKb = statusValue(pid, 'VmRSS');
	for (const child of children) {
		rssKb += statusValue(child, 'VmRSS');
	}

	return {rssKb, threads: statusValue(pid, 'Threads'), processes: 1 + children.length};
}

/** Samples a server's footprint every `intervalMs` and keeps the peaks. */
export class FootprintPeaks {
	private peak: Footprint = {rssKb: 0, threads: 0, processes: 0};
	private readonly timer: NodeJS.Timeout;

	constructor(private readonly pid: number, intervalMs = 100) {
		this.take();
		this.timer = setInterval(() => this.take(), intervalMs);
	}

	private take(): void {
		const now = footprint(this.pid);
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
