// CPU time from /proc (man 5 proc): /proc/self/task/<tid>/stat, /proc/<pid>/stat, in clock ticks (sysconf(_SC_CLK_TCK)).
import fs from 'node:fs';
import {raw} from './libc.js';
import {_SC_CLK_TCK} from './constants.js';

/** Clock ticks per second, the unit of the CPU times in /proc/.../stat (sysconf(_SC_CLK_TCK)). */
export const CLOCK_TICKS_PER_SECOND = Number(raw.sysconf(_SC_CLK_TCK));

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
