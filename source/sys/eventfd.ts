// eventfd(2): the control fd a multiplexed loop watches beside its listening socket, so a stop can wake it.
import {raw, lastErrno} from './libc.js';
import {SysError} from './errors.js';
import {EFD_CLOEXEC, EFD_NONBLOCK} from './constants.js';

/** A non-blocking eventfd with counter 0. */
export function eventfdCreate(): number {
	const fd = raw.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (fd < 0) {
		throw new SysError('eventfd', lastErrno());
	}

	return fd;
}

const one = Buffer.alloc(8);
one.writeBigUInt64LE(1n);

/** Add 1 to the counter: the fd becomes readable. */
export function eventfdSignal(fd: number): void {
	raw.write(fd, one, 8);
}

const drain = Buffer.alloc(8);

/** Whether the counter was non-zero; resets it to 0 (so a level-triggered watcher stops firing). */
export function eventfdConsume(fd: number): boolean {
	return Number(raw.read(fd, drain, 8)) === 8;
}
