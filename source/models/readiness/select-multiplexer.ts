// select(2) behind the Multiplexer interface: fd_sets rebuilt every call, a scan of maxfd+1 bits.
import {FD_SETSIZE, FdSet, select} from '../../sys/index.js';
import {HANGUP, READABLE, WRITABLE, type Multiplexer} from './multiplexer.js';

/** The select() backend. fds at or above FD_SETSIZE are refused before they are ever added. */
export function createSelectMultiplexer(): Multiplexer {
	const interest = new Map<number, number>();
	const wantRead = new FdSet();
	const wantWrite = new FdSet();
	// select() overwrites the sets it is given, so each call works on fresh copies.
	const readable = new FdSet();
	const writable = new FdSet();
	let ready: number[] = [];
	let readyMasks: number[] = [];
	let watched = 0;
	let scanned = 0;

	const update = (fd: number, flags: number): void => {
		interest.set(fd, flags);
		if (flags & READABLE) {
			wantRead.set(fd);
		} else {
			wantRead.clear(fd);
		}

		if (flags & WRITABLE) {
			wantWrite.set(fd);
		} else {
			wantWrite.clear(fd);
		}
	};

	return {
		call: 'select',
		refusal: fd => FdSet.fits(fd) ? undefined : `fd ${fd} ≥ FD_SETSIZE (${FD_SETSIZE}): select() cannot watch it`,
		add: update,
		modify: update,
		remove(fd) {
			interest.delete(fd);
			wantRead.clear(fd);
			wantWrite.clear(fd);
		},
		wait(timeoutMs) {
			let maxFd = -1;
			watched = 0;
			for (const [fd, flags] of interest) {
				if (flags !== 0) {
					watched++;
					maxFd = Math.max(maxFd, fd);
				}
			}

			readable.copyFrom(wantRead);
			writable.copyFrom(wantWrite);
			scanned = maxFd + 1;
			const count = select(scanned, readable, writable, timeoutMs);
			ready = [];
			readyMasks = [];
			if (count <= 0) {
				return count;
			}

			// The textbook's second scan: the kernel only flipped bits, the caller must find them.
			for (const fd of interest.keys()) {
				const flags = (readable.has(fd) ? READABLE : 0) | (writable.has(fd) ? WRITABLE : 0);
				if (flags !== 0) {
					ready.push(fd);
					readyMasks.push(flags);
				}
			}

			return ready.length;
		},
		readyFd: index => ready[index]!,
		readyFlags: index => readyMasks[index]!,
		readyFlagNames(index) {
			const flags = readyMasks[index]!;
			return [...(flags & READABLE ? ['readfds'] : []), ...(flags & WRITABLE ? ['writefds'] : []), ...(flags & HANGUP ? ['hangup'] : [])];
		},
		get watched() {
			return watched;
		},
		get scanned() {
			return scanned;
		},
		close() {
			interest.clear();
		},
	};
}
