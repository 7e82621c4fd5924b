// Plain file descriptors: pipe2, read, write, dup3, pipe capacity (man 2 pipe, man 2 read, man 2 write, man 2 dup, man 2 fcntl).
import {raw, lastErrno} from './libc.js';
import {SysError, errno} from './errors.js';
import {F_SETPIPE_SZ, O_CLOEXEC} from './constants.js';

/** The two ends of a pipe. */
export type Pipe = {
	/** The end bytes come out of. */
	readonly read: number;
	/** The end bytes go into. */
	readonly write: number;
};

/** pipe2(O_CLOEXEC): a new pipe whose ends a spawned child inherits only when handed them. */
export function pipe(): Pipe {
	const fds = Buffer.alloc(8);
	if (raw.pipe2(fds, O_CLOEXEC) < 0) {
		throw new SysError('pipe2', lastErrno());
	}

	return {read: fds.readInt32LE(0), write: fds.readInt32LE(4)};
}

/**
 * fcntl(F_SETPIPE_SZ): grow a pipe's buffer (64 KiB by default); the capacity set, or `-errno`
 * (EPERM past /proc/sys/fs/pipe-max-size for an unprivileged process).
 */
export function setPipeSize(fd: number, bytes: number): number {
	const size = raw.fcntl(fd, F_SETPIPE_SZ, bytes);
	return size < 0 ? -lastErrno() : size;
}

/** read into `buffer`: bytes read, 0 at end of file, or `-errno`. */
export function read(fd: number, buffer: Buffer): number {
	const result = Number(raw.read(fd, buffer, buffer.length));
	return result < 0 ? -lastErrno() : result;
}

/** write all of `data` (a pipe write of at most PIPE_BUF bytes goes in one piece): 0, or `-errno`. */
export function writeAll(fd: number, data: Buffer): number {
	let offset = 0;
	while (offset < data.length) {
		const chunk = offset === 0 ? data : data.subarray(offset);
		const written = Number(raw.write(fd, chunk, chunk.length));
		if (written < 0) {
			const code = lastErrno();
			if (code !== errno.EINTR) {
				return -code;
			}
		} else {
			offset += written;
		}
	}

	return 0;
}

/** dup3(fd, target, O_CLOEXEC): `target` now refers to what `fd` does (whatever it held is closed first, atomically). */
export function dup3(fd: number, target: number): void {
	if (raw.dup3(fd, target, O_CLOEXEC) < 0) {
		throw new SysError('dup3', lastErrno(), `fd ${fd} onto ${target}`);
	}
}
