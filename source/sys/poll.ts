// poll(2) over a growable array of struct pollfd {int fd; short events; short revents;} (man 2 poll).
import {raw, lastErrno} from './libc.js';

const POLLFD_SIZE = 8;

/** A struct pollfd array, kept in one Buffer so poll() reads it without a copy. */
export class PollFds {
	private buffer = Buffer.alloc(POLLFD_SIZE * 64);
	/** Entries in use. */
	length = 0;

	/** Append an entry; returns its index. */
	push(fd: number, events: number): number {
		if ((this.length + 1) * POLLFD_SIZE > this.buffer.length) {
			const larger = Buffer.alloc(this.buffer.length * 2);
			this.buffer.copy(larger);
			this.buffer = larger;
		}

		const index = this.length++;
		this.set(index, fd, events);
		return index;
	}

	/** Overwrite an entry. */
	set(index: number, fd: number, events: number): void {
		const offset = index * POLLFD_SIZE;
		this.buffer.writeInt32LE(fd, offset);
		this.buffer.writeInt16LE(events, offset + 4);
		this.buffer.writeInt16LE(0, offset + 6);
	}

	/** Remove an entry by moving the last one into its place (order does not matter to poll). */
	removeAt(index: number): void {
		const last = --this.length;
		if (index !== last) {
			this.buffer.copy(this.buffer, index * POLLFD_SIZE, last * POLLFD_SIZE, (last + 1) * POLLFD_SIZE);
		}
	}

	fd(index: number): number {
		return this.buffer.readInt32LE(index * POLLFD_SIZE);
	}

	events(index: number): number {
		return this.buffer.readInt16LE(index * POLLFD_SIZE + 4);
	}

	setEvents(index: number, events: number): void {
		this.buffer.writeInt16LE(events, index * POLLFD_SIZE + 4);
	}

	revents(index: number): number {
		return this.buffer.readUInt16LE(index * POLLFD_SIZE + 6);
	}

	/** The raw array, for poll(). */
	get bytes(): Buffer {
		return this.buffer;
	}
}

/** poll: the number of entries with revents set, or `-errno`. `timeoutMs` < 0 waits forever. */
export function poll(fds: PollFds, timeoutMs: number): number {
	const result = raw.poll(fds.bytes, fds.length, timeoutMs < 0 ? -1 : Math.ceil(timeoutMs));
	return result < 0 ? -lastErrno() : result;
}
