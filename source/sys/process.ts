// Thread and process identity and the open-files limit: gettid(2), getpid(2), getrlimit(2)/setrlimit(2).
import {raw, lastErrno} from './libc.js';
import {RLIMIT_NOFILE} from './constants.js';
import {SysError} from './errors.js';

/** The kernel thread id of the calling thread (what `ps -L` and /proc/PID/task list). */
export function gettid(): number {
	return raw.gettid();
}

/** The process id. */
export function getpid(): number {
	return raw.getpid();
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
	const {hard} = getFileLimit();
	rlimit.writeBigUInt64LE(BigInt(soft), 0);
	rlimit.writeBigUInt64LE(BigInt(hard), 8);
	if (raw.setrlimit(RLIMIT_NOFILE, rlimit) < 0) {
		throw new SysError('setrlimit', lastErrno(), `RLIMIT_NOFILE ${soft}`);
	}
}
