// io_uring provided buffer rings: buffers the kernel picks for each recv, registered with IORING_REGISTER_PBUF_RING (man 3 io_uring_register_buf_ring).
import koffi from 'koffi';
import {raw, lastErrno} from './libc.js';
import {SysError} from './errors.js';
import {
	IORING_REGISTER_PBUF_RING, IORING_UNREGISTER_PBUF_RING, IO_URING_BUF_REG_SIZE, IO_URING_BUF_SIZE, SYS_io_uring_register,
} from './io-uring-constants.js';
import type {IoUring} from './io-uring.js';
import {mapAnonymous, unmap} from './io-uring-memory.js';

/** How a buffer ring is sized. */
export type ProvidedBuffersOptions = {
	/** The buffer group id that SQEs name in `buf_group`. */
	readonly group: number;
	/** Bytes per buffer: the most one recv completion carries. */
	readonly bufferBytes: number;
	/** Buffers at most; a power of two up to 32768 (the ring has one entry per buffer). */
	readonly count: number;
};

/**
 * A ring of receive buffers shared with the kernel. Each recv that selects from the group takes
 * the buffer at the ring's head, and its completion names it (`bid`); the buffer is the caller's
 * until it is provided again. The memory is one anonymous mapping reserved for `count` buffers
 * but made resident only as buffers are used: so hand the kernel fresh buffers (`provide` with
 * new ids) only when those in circulation run short, and memory stays as small as the load.
 */
export class ProvidedBuffers {
	/** Every buffer's bytes, buffer `bid` at `bid * bufferBytes`: a view of the mapping, no copy. */
	bytes: Uint8Array;
	readonly bufferBytes: number;
	readonly count: number;
	readonly group: number;
	/** Buffers handed to the kernel and not yet used by a completion. */
	inRing = 0;

	private entries: Uint32Array;
	private entries16: Uint16Array;
	private readonly mask: number;
	private tail = 0;
	/** The tail the kernel was last shown. */
	private publishedTail = 0;
	private readonly arena: number;
	private readonly arenaBytes: number;
	private readonly ringAddress: number;
	private readonly ringBytes: number;
	private registered = false;
	private closed = false;

	private constructor(private readonly ring: IoUring, {group, bufferBytes, count}: ProvidedBuffersOptions) {
		if (count < 1 || count > 32_768 || (count & (count - 1)) !== 0) {
			throw new RangeError(`a buffer ring holds a power of two of buffers up to 32768, not ${count}`);
		}

		this.group = group;
		this.bufferBytes = bufferBytes;
		this.count = count;
		this.mask = count - 1;
		this.ringBytes = count * IO_URING_BUF_SIZE;
		this.arenaBytes = count * bufferBytes;
		// NORESERVE and untouched: the kernel makes a page resident only when a recv first writes it.
		this.arena = mapAnonymous(this.arenaBytes, 'io_uring buffers');
		try {
			this.ringAddress = mapAnonymous(this.ringBytes, 'io_uring buffer ring');
		} catch (error) {
			unmap(this.arena, this.arenaBytes);
			throw error;
		}

		this.bytes = new Uint8Array(koffi.view(this.arena, this.arenaBytes));
		this.entries = new Uint32Array(koffi.view(this.ringAddress, this.ringBytes));
		this.entries16 = new Uint16Array(this.entries.buffer);
	}

	/** Map the buffers and register the ring as `group` of `ring` (Linux 5.19+). */
	static register(ring: IoUring, options: ProvidedBuffersOptions): ProvidedBuffers {
		const buffers = new ProvidedBuffers(ring, options);
		const result = registerBufferRing(ring.fd, buffers.ringAddress, buffers.count, buffers.group);
		if (result < 0) {
			buffers.close();
			throw new SysError('io_uring_register', -result, 'IORING_REGISTER_PBUF_RING');
		}

		buffers.registered = true;
		return buffers;
	}

	/** Byte offset of buffer `bid` in `bytes`. */
	offset(bid: number): number {
		return bid * this.bufferBytes;
	}

	/** Native address of byte `at` of buffer `bid`, for an SQE. */
	address(bid: number, at = 0): number {
		return this.arena + (bid * this.bufferBytes) + at;
	}

	/** A completion used one of the ring's buffers (`IORING_CQE_F_BUFFER`): it is the caller's now, out of the ring. */
	taken(): void {
		this.inRing--;
	}

	/** Put buffer `bid` at the ring's tail; the kernel sees it after `publish`. */
	provide(bid: number): void {
		const word = (this.tail & this.mask) * (IO_URING_BUF_SIZE / 4);
		const address = this.arena + (bid * this.bufferBytes);
		this.entries[word] = address % 2 ** 32;
		this.entries[word + 1] = Math.floor(address / 2 ** 32);
		this.entries[word + 2] = this.bufferBytes;
		// bid is the low half of the last word; the high half is `resv`, which in entry 0 is the
		// ring's tail itself: write the u16, never the whole word.
		this.entries16[(word * 2) + 6] = bid;
		this.tail = (this.tail + 1) & 0xffff;
		this.inRing++;
	}

	/** Make every buffer provided so far visible to the kernel. */
	publish(): void {
		if (this.tail === this.publishedTail) {
			return;
		}

		this.publishedTail = this.tail;
		// Release: the entries must be visible before the tail that covers them (the kernel reads
		// the tail with acquire). The tail is the u16 at byte 14 of the ring.
		Atomics.store(this.entries16, 7, this.tail);
	}

	/**
	 * Unregister the ring and unmap the buffers, once. Only after every request that may write a
	 * buffer has completed: the kernel does not know the memory is gone.
	 */
	close(): void {
		if (this.closed) {
			return;
		}

		this.closed = true;
		if (this.registered) {
			unregisterBufferRing(this.ring.fd, this.group);
		}

		this.bytes = new Uint8Array(0);
		this.entries = new Uint32Array(0);
		this.entries16 = new Uint16Array(0);
		unmap(this.ringAddress, this.ringBytes);
		unmap(this.arena, this.arenaBytes);
	}
}

/** IORING_REGISTER_PBUF_RING: 0 or `-errno`. */
export function registerBufferRing(ringFd: number, ringAddress: number, entries: number, group: number): number {
	const registration = Buffer.alloc(IO_URING_BUF_REG_SIZE);
	registration.writeBigUInt64LE(BigInt(ringAddress), 0);
	registration.writeUInt32LE(entries, 8);
	registration.writeUInt16LE(group, 12);
	return Number(raw.io_uring_register(SYS_io_uring_register, ringFd, IORING_REGISTER_PBUF_RING, registration, 1)) < 0 ? -lastErrno() : 0;
}

/** IORING_UNREGISTER_PBUF_RING: 0 or `-errno`. */
function unregisterBufferRing(ringFd: number, group: number): number {
	const registration = Buffer.alloc(IO_URING_BUF_REG_SIZE);
	registration.writeUInt16LE(group, 12);
	return Number(raw.io_uring_register(SYS_io_uring_register, ringFd, IORING_UNREGISTER_PBUF_RING, registration, 1)) < 0 ? -lastErrno() : 0;
}
