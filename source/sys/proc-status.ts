// Memory, fds and thread ids from /proc (man 5 proc) through plain file reads: no FFI, so a fork model's child can use it without loading koffi.
import fs from 'node:fs';

/** Resident memory of a process in KiB (`self` by default), or -1 once it is gone: VmRSS of /proc/<pid>/status. */
export function residentKb(pid: number | 'self' = 'self'): number {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
		return match ? Number(match[1]) : -1;
	} catch {
		return -1;
	}
}

/** How many fds this process holds now (the entries of /proc/self/fd, less the one readdir opened to list them). */
export function openFdCount(): number {
	return fs.readdirSync('/proc/self/fd').length - 1;
}

/** The soft open-files limit in force (RLIMIT_NOFILE), from /proc/self/limits; Infinity when unlimited. */
export function openFilesSoftLimit(): number {
	const match = /^Max open files\s+(\S+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
	return match?.[1] === undefined || match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}
