// read(2), write(2) and close(2) on a blocking socket through Node's fs (fs.readSync, fs.writeSync): serving a client without loading koffi.
import fs from 'node:fs';
import {errno} from '../../sys/errors.js';

/**
 * System calls made here (each fs.readSync, writeSync and closeSync is one): a child has no
 * koffi to count them in sys/libc, and the model's sys/msg must include its children's.
 */
let calls = 0;

/** System calls this process made through this module (and `countCall`), so far. */
export function fsSyscallTotal(): number {
	return calls;
}

/** Count one system call made directly with Node's fs (the child's event pipe writes). */
export function countCall(): void {
	calls++;
}

/** Node's fs errors carry the negative errno, as libuv does. */
function negativeErrno(error: unknown): number {
	return (error as NodeJS.ErrnoException).errno ?? -errno.EIO;
}

/**
 * read(2) into `buffer`: bytes read (0: the peer closed), or -errno. recv(fd, buf, len, 0) is
 * read(2) on a socket (man 2 recv); unlike recv it cannot peek without blocking (no MSG_DONTWAIT).
 */
export function readOnce(fd: number, buffer: Buffer): number {
	calls++;
	try {
		// position null: read(2) at the socket's stream position, not pread(2).
		return fs.readSync(fd, buffer, 0, buffer.length, null);
	} catch (error) {
		return negativeErrno(error);
	}
}

/** write(2) of `data` from `offset` up to `end`: bytes written, or -errno. */
export function writeOnce(fd: number, data: Buffer, offset: number, end: number): number {
	calls++;
	try {
		return fs.writeSync(fd, data, offset, end - offset);
	} catch (error) {
		return negativeErrno(error);
	}
}

/** close(2). */
export function closeOnce(fd: number): void {
	calls++;
	fs.closeSync(fd);
}
