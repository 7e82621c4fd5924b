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
