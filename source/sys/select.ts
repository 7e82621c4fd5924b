// select(2) and the fd_set bit array it reads and overwrites (man 2 select).
import {raw, lastErrno} from './libc.js';
import {FD_SETSIZE} from './constants.js';
import {SysError} from './errors.js';

const BYTES = FD_SETSIZE / 8;

/**
 * An fd_set: FD_SETSIZE bits, one per fd. Setting a bit at or above FD_SETSIZE would write
 * past the struct (glibc's FD_SET does not check): here it throws instead of corrupting memory.
 */
export class FdSet {
	/** The 128 bytes handed to select(). */
	readonly bytes = Buffer.alloc(BYTES);
	/**
	 * The same bits as 32-bit words (fd n is bit n % 32 of word n / 32 on a little-endian
	 * machine, as glibc's long-sized fd_mask lays them out): a scan for the set bits reads a word
	 * at a time and skips empty ones, instead of testing maxfd+1 bits one by one.
	 */
	readonly words = new Uint32Array(this.bytes.buffer, this.bytes.byteOffset, BYTES / 4);

	/** FD_ZERO. */
	zero(): void {
		this.bytes.fill(0);
	}

	/** FD_SET. */
	set(fd: number): void {
		if (!FdSet.fits(fd)) {
			throw new SysError('FD_SET', 22 /* EINVAL */, `fd ${fd} >= FD_SETSIZE ${FD_SETSIZE}`);
		}

		this.bytes[fd >> 3]! |= 1 << (fd & 7);
	}

	/** FD_CLR. */
	clear(fd: number): void {
		if (FdSet.fits(fd)) {
			this.bytes[fd >> 3]! &= ~(1 << (fd & 7));
		}
	}

	/** FD_ISSET. */
	has(fd: number): boolean {
		return FdSet.fits(fd) && (this.bytes[fd >> 3]! & (1 << (fd & 7))) !== 0;
	}

	/** Copy another set's bits (select overwrites its arguments, so each call needs fresh sets). */
	copyFrom(other: FdSet): void {
		other.bytes.copy(this.bytes);
	}

	/** Whether select() can watch this fd at all. */
	static fits(fd: number): boolean {
		return fd >= 0 && fd < FD_SETSIZE;
	}
}

const timeval = Buffer.alloc(16);

/**
 * select(nfds, read, write, null, timeout): the number of ready fds, or `-errno`.
 * `timeoutMs` < 0 waits forever. The sets are overwritten with the ready fds.
 */
export function select(nfds: number, read: FdSet | null, write: FdSet | null, timeoutMs: number): number {
	let timeout: Buffer | null = null;
	if (timeoutMs >= 0) {
		// Linux updates the timeval in place, so it is written anew each call: two 64-bit fields,
		// written as their low and high halves (a wait's seconds fit in 32 bits), no BigInt made per call.
		const micros = Math.round(timeoutMs * 1000);
		timeval.writeUInt32LE(Math.floor(micros / 1_000_000), 0);
		timeval.writeUInt32LE(0, 4);
		timeval.writeUInt32LE(micros % 1_000_000, 8);
		timeval.writeUInt32LE(0, 12);
		timeout = timeval;
	}

	const result = raw.select(nfds, read?.bytes ?? null, write?.bytes ?? null, null, timeout);
	return result < 0 ? -lastErrno() : result;
}
