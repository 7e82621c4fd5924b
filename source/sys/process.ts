// Threads and processes: gettid(2), getpid(2), prctl(2) parent-death signal, kill(2), waitpid(2), getrlimit(2).
import {raw, lastErrno} from './libc.js';
import {PR_SET_PDEATHSIG, RLIMIT_NOFILE, WNOHANG} from './constants.js';
import {SysError} from './errors.js';

/** The kernel thread id of the calling thread (what `ps -L` and /proc/PID/task list). */
export function gettid(): number {
	return raw.gettid();
}

/** The process id. */
export function getpid(): number {
	return raw.getpid();
}

/** The parent's process id (1, or a subreaper's, once the parent is gone). */
export function getppid(): number {
	return raw.getppid();
}

/**
 * prctl(PR_SET_PDEATHSIG): have the kernel send `signal` to this process when the thread that
 * created it ends, so that a child never outlives a parent that was killed outright.
 */
export function setParentDeathSignal(signal: number): void {
	if (raw.prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0) < 0) {
		throw new SysError('prctl', lastErrno(), 'PR_SET_PDEATHSIG');
	}
}

/** kill(2): send `signal` to a process; `-errno` on failure (ESRCH: it is gone). */
export function kill(pid: number, signal: number): number {
	return raw.kill(pid, signal) < 0 ? -lastErrno() : 0;
}

const waitStatus = Buffer.alloc(4);

/**
 * waitpid(pid, WNOHANG): reap a child that has ended. The pid once reaped, 0 while it still
 * runs, or `-errno` (ECHILD: not a child of this process, or reaped already).
 */
export function waitpidNoHang(pid: number): number {
	const result = raw.waitpid(pid, waitStatus, WNOHANG);
	return result < 0 ? -lastErrno() : result;
}

/** The open-files limit, soft and hard. */
export type FileLimit = {readonly soft: number; readonly hard: number};

const rlimit = Buffer.alloc(16);

/** getrlimit(RLIMIT_NOFILE). */
export function getFileLimit(): FileLimit {
	if (raw.getrlimit(RLIMIT_NOFILE, rlimit) < 0) {
		throw new SysError('getrlimit', lastErrno());
	}

	return {soft: Number(rlimit.readBigUInt64LE(0)), hard: Number(rlimit.readBigUInt64LE(8))};
}

/** setrlimit(RLIMIT_NOFILE) with a new soft limit (at most the hard limit). */
export function setFileLimit(soft: number): void {
	// The hard limit goes back as the kernel gave it: RLIM_INFINITY does not survive a Number.
	getFileLimit();
	rlimit.writeBigUInt64LE(BigInt(soft), 0);
	if (raw.setrlimit(RLIMIT_NOFILE, rlimit) < 0) {
		throw new SysError('setrlimit', lastErrno(), `RLIMIT_NOFILE ${soft}`);
	}
}

/** A soft limit cannot exceed fs.nr_open (1,048,576 by default), however large the hard one is. */
const FILE_LIMIT_CAP = 1_048_576;

/**
 * Raise the soft open-files limit to the hard one (capped): every client costs an fd on each
 * side. Left as it is when not permitted; callers then meet EMFILE and report it. Returns the
 * limit in force.
 */
export function raiseFileLimit(): FileLimit {
	try {
		const {soft, hard} = getFileLimit();
		const target = Math.min(hard, FILE_LIMIT_CAP);
		if (soft < target) {
			setFileLimit(target);
		}
	} catch {
		// Keep the current limit.
	}

	return getFileLimit();
}
