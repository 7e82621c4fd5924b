// select(2) behind the Multiplexer interface: fd_sets rebuilt every call, a scan of maxfd+1 bits.
import {FD_SETSIZE, FdSet, select} from '../../sys/index.js';
import {HANGUP, READABLE, WRITABLE, type Multiplexer} from './multiplexer.js';

/** The select() backend. fds at or above FD_SETSIZE are refused before they are ever added. */
export function createSelectMultiplexer(): Multiplexer {
	/** What each fd is watched for; 0 while added but not watched (throttled, say). */
	const interest = new Map<number, number>();
	const wantRead = new FdSet();
	const wantWrite = new FdSet();
	// select() overwrites the sets it is given, so each call works on fresh copies.
	const readable = new FdSet();
	const writable = new FdSet();
	const ready: number[] = [];
	const readyMasks: number[] = [];
	let readyCount = 0;
	/** fds with a bit set, kept as they change: a wait does not count them anew. */
	let watched = 0;
	/** The highest fd with a bit set, or -1; recomputed only when that fd stops being watched. */
	let maxFd = -1;
	let scanned = 0;

	const update = (fd: number, flags: number): void => {
		const before = interest.get(fd) ?? 0;
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

		if ((before === 0) !== (flags === 0)) {
			watched += flags === 0 ? -1 : 1;
		}

		if (flags !== 0 && fd > maxFd) {
			maxFd = fd;
		} else if (flags === 0 && fd === maxFd) {
			maxFd = highestWatched();
		}
	};

	const highestWatched = (): number => {
		let highest = -1;
		for (const [fd, flags] of interest) {
			if (flags !== 0 && fd > highest) {
				highest = fd;
			}
		}

		return highest;
	};

	return {
		call: 'select',
		refusal: fd => FdSet.fits(fd) ? undefined : `fd ${fd} ≥ FD_SETSIZE (${FD_SETSIZE}): select() cannot watch it`,
		add: update,
		modify: update,
		remove(fd) {
			update(fd, 0);
			interest.delete(fd);
		},
		wait(timeoutMs) {
			readable.copyFrom(wantRead);
			writable.copyFrom(wantWrite);
			scanned = maxFd + 1;
			const count = select(scanned, readable, writable, timeoutMs);
			readyCount = 0;
			if (count <= 0) {
				return count;
			}

			// The textbook's second scan: the kernel only flipped bits, the caller must find them,
			// here a word of 32 fds at a time, lowest fd first.
			const read = readable.words;
			const write = writable.words;
			for (let word = 0; word <= maxFd >> 5; word++) {
				let bits = (read[word]! | write[word]!) >>> 0;
				while (bits !== 0) {
					const bit = 31 - Math.clz32(bits & -bits);
					bits = (bits & (bits - 1)) >>> 0;
					const fd = (word << 5) | bit;
					const mask = 1 << bit;
					ready[readyCount] = fd;
					readyMasks[readyCount] = (read[word]! & mask ? READABLE : 0) | (write[word]! & mask ? WRITABLE : 0);
					readyCount++;
				}
			}

			return readyCount;
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
