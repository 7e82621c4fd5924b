// CPU time and resident memory from /proc (man 5 proc): /proc/self/task/<tid>/stat, /proc/<pid>/statm.
import fs from 'node:fs';
import {raw} from './libc.js';
import {_SC_CLK_TCK, _SC_PAGESIZE} from './constants.js';

/** Clock ticks per second, the unit of the CPU times in /proc/.../stat (sysconf(_SC_CLK_TCK)). */
export const CLOCK_TICKS_PER_SECOND = Number(raw.sysconf(_SC_CLK_TCK));
const PAGE_KB = Number(raw.sysconf(_SC_PAGESIZE)) / 1024;

/** CPU time (user + system, in clock ticks) used so far by one thread of this process, or -1 once the thread is gone. */
export function threadCpuTicks(tid: number): number {
	return cpuTicksOf(`/proc/self/task/${tid}/stat`);
}

/** CPU time (user + system, in clock ticks) of a whole process, all its threads, or -1 once it is gone: /proc/<pid>/stat. */
export function processCpuTicks(pid: number): number {
	return cpuTicksOf(`/proc/${pid}/stat`);
}

/** Fields 14 and 15 of a stat line, counted after the `(comm)` field, which may itself contain spaces. */
function cpuTicksOf(path: string): number {
	try {
		const stat = fs.readFileSync(path, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// fields[0] is field 3 (state): utime is field 14, stime field 15.
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return -1;
	}
}

/** Resident memory of a process in KiB (`self` by default), or -1 once it is gone. */
export function residentKb(pid: number | 'self' = 'self'): number {
	try {
		const statm = fs.readFileSync(`/proc/${pid}/statm`, 'utf8');
		return Number(statm.split(' ')[1]) * PAGE_KB;
	} catch {
		return -1;
	}
}

/** How many fds this process holds now (the entries of /proc/self/fd, less the one readdir opened to list them). */
export function openFdCount(): number {
	return fs.readdirSync('/proc/self/fd').length - 1;
}
