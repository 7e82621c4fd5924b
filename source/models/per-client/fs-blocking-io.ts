// read(2) and write(2) on a blocking socket through Node's fs (fs.readSync, fs.writeSync): serving a client without loading koffi.
import fs from 'node:fs';
import {errno} from '../../sys/errors.js';
import {sendAll, type BlockingIo} from './serve-blocking.js';

/**
 * System calls made here (each fs.readSync, writeSync and closeSync is one): a child has no
 * koffi to count them in sys/libc, and the model's sys/msg must include its children's.
 */
let calls = 0;

/** System calls this process made through fsIo (and `countCall`), so far. */
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

/** read(2) into `buffer`: bytes read, or -errno. No closure per call: this runs once a message. */
function readOnce(fd: number, buffer: Buffer): number {
	calls++;
	try {
		// position null: read(2) at the socket's stream position, not pread(2).
		return fs.readSync(fd, buffer, 0, buffer.length, null);
	} catch (error) {
		return negativeErrno(error);
	}
}

/** write(2) of `data` from `offset`: bytes written, or -errno. */
function writeOnce(fd: number, data: Buffer, offset: number): number {
	calls++;
	try {
		return fs.writeSync(fd, data, offset, data.length - offset);
	} catch (error) {
		return negativeErrno(error);
	}
}

/**
 * A fork model's child serves its one client with these: recv(fd, buf, len, 0) is read(2) on a
 * socket (man 2 recv), and Node's fs gives read(2) and write(2) without the FFI, so a child starts
 * without koffi and the syscall layer. Unlike libcIo it cannot peek without blocking (no
 * MSG_DONTWAIT), so it says it is about to block before every read: in a child that sits in
 * read(2) until its client talks, that is almost always true.
 */
export const fsIo: BlockingIo = {
	recv(fd, buffer, probe) {
		for (;;) {
			probe.beforeBlocking('recv', fd);
			const received = readOnce(fd, buffer);
			if (received !== -errno.EINTR) {
				return received;
			}

			probe.count('eintr');
		}
	},
	sendAll(fd, data, probe) {
		return sendAll(fd, data, probe, offset => writeOnce(fd, data, offset));
	},
	close(fd) {
		calls++;
		fs.closeSync(fd);
	},
};
