// epoll(7): epoll_create1, epoll_ctl, epoll_wait, and the epoll_event layout per architecture.
import {arch} from 'node:process';
import {raw, lastErrno} from './libc.js';
import {SysError} from './errors.js';
import {EPOLL_CLOEXEC} from './constants.js';

/**
 * struct epoll_event {uint32_t events; epoll_data_t data;} is declared packed on x86-64 only
 * (12 bytes, data at offset 4); elsewhere, arm64 included, data is 8-aligned (16 bytes).
 */
export const EPOLL_EVENT_SIZE = arch === 'x64' ? 12 : 16;
const DATA_OFFSET = arch === 'x64' ? 4 : 8;

/** epoll_create1(EPOLL_CLOEXEC). */
export function epollCreate1(): number {
	const fd = raw.epoll_create1(EPOLL_CLOEXEC);
	if (fd < 0) {
		throw new SysError('epoll_create1', lastErrno());
	}

	return fd;
}

const ctlEvent = Buffer.alloc(EPOLL_EVENT_SIZE);

/** epoll_ctl with the fd itself as the event's data; `-errno` on failure. */
export function epollCtl(epfd: number, op: number, fd: number, events: number): number {
	ctlEvent.writeUInt32LE(events >>> 0, 0);
	ctlEvent.writeInt32LE(fd, DATA_OFFSET);
	ctlEvent.writeInt32LE(0, DATA_OFFSET + 4);
	return raw.epoll_ctl(epfd, op, fd, ctlEvent) < 0 ? -lastErrno() : 0;
}

/** Room for the events one epoll_wait call returns; read them with `fd(i)` and `events(i)`. */
export class EpollEvents {
	readonly bytes: Buffer;

	constructor(readonly capacity: number) {
		this.bytes = Buffer.alloc(capacity * EPOLL_EVENT_SIZE);
	}

	fd(index: number): number {
		return this.bytes.readInt32LE(index * EPOLL_EVENT_SIZE + DATA_OFFSET);
	}

	events(index: number): number {
		return this.bytes.readUInt32LE(index * EPOLL_EVENT_SIZE);
	}
}

/** epoll_wait: the number of events written, or `-errno`. `timeoutMs` < 0 waits forever. */
export function epollWait(epfd: number, events: EpollEvents, timeoutMs: number): number {
	const result = raw.epoll_wait(epfd, events.bytes, events.capacity, timeoutMs < 0 ? -1 : Math.ceil(timeoutMs));
	return result < 0 ? -lastErrno() : result;
}
