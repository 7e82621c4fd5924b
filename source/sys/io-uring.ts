// io_uring(7): submission and completion rings shared with the kernel, through io_uring_setup(2), io_uring_enter(2) and io_uring_register(2).
import koffi from 'koffi';
import {raw, lastErrno} from './libc.js';
import {SysError, errno} from './errors.js';
import {MSG_DONTWAIT, MSG_NOSIGNAL, POLLIN, SOCK_CLOEXEC, SOCK_NONBLOCK} from './constants.js';
import {
	IORING_ACCEPT_MULTISHOT, IORING_ASYNC_CANCEL_ALL, IORING_ASYNC_CANCEL_ANY, IORING_ASYNC_CANCEL_FD,
	IORING_ENTER_EXT_ARG, IORING_ENTER_GETEVENTS, IORING_ENTER_REGISTERED_RING, IORING_FEAT_CQE_SKIP, IORING_FEAT_EXT_ARG, IORING_FEAT_SINGLE_MMAP, IORING_OFF_CQ_RING, IORING_OFF_SQES, IORING_OFF_SQ_RING,
	IORING_OP_ACCEPT, IORING_OP_ASYNC_CANCEL, IORING_OP_NOP, IORING_OP_POLL_ADD, IORING_OP_RECV, IORING_OP_SEND,
	IORING_RECV_MULTISHOT, IORING_REGISTER_RING_FDS, IORING_SETUP_COOP_TASKRUN, IORING_SETUP_CQSIZE, IORING_SETUP_DEFER_TASKRUN,
	IORING_SETUP_SINGLE_ISSUER, IORING_SETUP_SUBMIT_ALL, IORING_SETUP_TASKRUN_FLAG, IORING_SQ_CQ_OVERFLOW, IORING_SQ_TASKRUN, IORING_UNREGISTER_RING_FDS,
	IOSQE_BUFFER_SELECT, IOSQE_CQE_SKIP_SUCCESS, IOSQE_FIXED_FILE, MSG_WAITALL, IO_URING_CQE_SIZE, IO_URING_RSRC_UPDATE_SIZE,
	IO_URING_GETEVENTS_ARG_SIZE, IO_URING_PARAMS_SIZE, IO_URING_SQE_SIZE, PARAMS_CQ_ENTRIES, PARAMS_CQ_OFF,
	PARAMS_FEATURES, PARAMS_FLAGS, PARAMS_SQ_ENTRIES, PARAMS_SQ_OFF, SQE_ADDR, SQE_BUF_GROUP, SQE_FD, SQE_LEN,
	SQE_OFF, SQE_OPCODE, SQE_OP_FLAGS, SQE_USER_DATA, SYS_io_uring_enter, SYS_io_uring_register, SYS_io_uring_setup,
} from './io-uring-constants.js';
import {mapShared, unmap} from './io-uring-memory.js';

const TWO_32 = 2 ** 32;

/**
 * Setup flags tried in order, the cheapest first. With no flags, the kernel interrupts the ring's
 * thread for every completion's work wherever that thread runs (an inter-processor interrupt
 * between the two vCPUs this was measured on): a 64-byte echo then cost 32-40% more CPU per
 * message than epoll. SINGLE_ISSUER | DEFER_TASKRUN (Linux 6.1) leaves that work until the
 * thread itself asks for completions in io_uring_enter, and matched epoll; COOP_TASKRUN (5.19)
 * at least spares the interrupt. SUBMIT_ALL: one bad SQE does not hold back the rest of a batch.
 * TASKRUN_FLAG (5.19) with COOP_TASKRUN: the SQ ring says when such work waits, so a loop can
 * run it with a call that cannot block. With DEFER_TASKRUN the kernel (6.18 here) never sets
 * that flag: the work waits for io_uring_enter anyway.
 */
const SETUP_CHOICES: readonly number[] = [
	IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SUBMIT_ALL,
	IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG | IORING_SETUP_SUBMIT_ALL,
	0,
];

const SETUP_FLAG_NAMES: ReadonlyArray<[number, string]> = [
	[IORING_SETUP_SINGLE_ISSUER, 'SINGLE_ISSUER'],
	[IORING_SETUP_DEFER_TASKRUN, 'DEFER_TASKRUN'],
	[IORING_SETUP_COOP_TASKRUN, 'COOP_TASKRUN'],
	[IORING_SETUP_TASKRUN_FLAG, 'TASKRUN_FLAG'],
	[IORING_SETUP_SUBMIT_ALL, 'SUBMIT_ALL'],
	[IORING_SETUP_CQSIZE, 'CQSIZE'],
];

/** Calls and completions of one ring, counted in the binding: exact, and one increment each. */
export type IoUringStats = {
	/** io_uring_enter(2) calls, whatever they were for. */
	enterCalls: number;
	/** SQEs the kernel consumed, over all calls. */
	submitted: number;
	/** CQEs reaped. */
	completed: number;
};

/** How big a ring to ask for. */
export type IoUringOptions = {
	/** Submission queue entries (the kernel rounds up to a power of two). */
	readonly entries: number;
	/**
	 * Completion queue entries; multishot requests post many completions per submission, so it
	 * should be larger than the default (twice `entries`).
	 * @default entries * 2
	 */
	readonly cqEntries?: number;
};

/**
 * One io_uring instance: its fd, its two rings and its SQE array mapped into this process and
 * read through koffi views (no copy). Only the thread that created it may use it
 * (SINGLE_ISSUER). SQEs are prepared with the `prep*` methods, handed over by `enter`, and the
 * completions read with `reap`. Close it once, after every operation that uses memory of the
 * caller's has completed.
 */
export class IoUring {
	/** Calls and completions so far. */
	readonly stats: IoUringStats = {enterCalls: 0, submitted: 0, completed: 0};
	/** Submission queue entries. */
	readonly sqSize: number;
	/** Completion queue entries. */
	readonly cqSize: number;
	/** The setup flags in use, as numbers. */
	readonly setupFlags: number;
	/** The setup flags in use, by their C names without the prefix (`['SINGLE_ISSUER', 'DEFER_TASKRUN', ...]`). */
	readonly setupFlagNames: readonly string[];
	/** `io_uring_params.features` as the kernel reported them. */
	readonly features: number;
	/**
	 * Whether the ring's fd is registered with this thread (IORING_REGISTER_RING_FDS, Linux 5.18+):
	 * io_uring_enter then names it by slot and skips looking the fd up and counting a reference to
	 * its file, which every call of a multi-threaded process pays otherwise.
	 */
	readonly registeredRing: boolean;

	private sq: Uint32Array;
	private sqes: Uint32Array;
	private cq: Uint32Array;
	private cqSigned: Int32Array;
	private readonly sqHead: number;
	private readonly sqTailIndex: number;
	private readonly sqFlagsIndex: number;
	private readonly sqMask: number;
	private readonly cqHeadIndex: number;
	private readonly cqTailIndex: number;
	private readonly cqMask: number;
	private readonly cqesWord: number;
	/** The SQ tail as we filled it; published to the kernel in `enter`. */
	private sqTail = 0;
	/** The SQ tail as last published: SQEs past it are not submitted yet. */
	private sqTailPublished = 0;
	/**
	 * The SQ head as it is: without SQPOLL only our own io_uring_enter calls move it, each by the
	 * SQEs it reports consumed, so it is counted here instead of read from shared memory.
	 */
	private sqHeadCounted = 0;
	/** What io_uring_enter is given as the ring: the registered slot, or the fd. */
	private readonly enterFd: number;
	/** IORING_ENTER_REGISTERED_RING when the ring is registered, else 0. */
	private readonly enterFlags: number;
	private cqHead = 0;
	private readonly mappings: Array<[address: number, length: number]> = [];
	/** struct io_uring_getevents_arg and the timespec it points to, in native memory. */
	private readonly waitArgument: bigint;
	/** Its address as a number, converted once rather than at every call. */
	private readonly waitAddress: number;
	private readonly waitWords: Uint32Array;
	private closed = false;

	private constructor(readonly fd: number, params: Buffer, setupFlags: number) {
		this.setupFlags = setupFlags;
		this.setupFlagNames = SETUP_FLAG_NAMES.filter(([bit]) => setupFlags & bit).map(([, name]) => name);
		this.features = params.readUInt32LE(PARAMS_FEATURES);
		this.sqSize = params.readUInt32LE(PARAMS_SQ_ENTRIES);
		this.cqSize = params.readUInt32LE(PARAMS_CQ_ENTRIES);
		const sqOff = (field: number): number => params.readUInt32LE(PARAMS_SQ_OFF + (field * 4));
		const cqOff = (field: number): number => params.readUInt32LE(PARAMS_CQ_OFF + (field * 4));
		// Offsets within the mappings come from the kernel, never from a header: they are its to choose.
		const [sqHeadOff, sqTailOff, sqMaskOff, , sqFlagsOff, , sqArrayOff] = [0, 1, 2, 3, 4, 5, 6].map(sqOff) as number[];
		const [cqHeadOff, cqTailOff, cqMaskOff, , , cqesOff] = [0, 1, 2, 3, 4, 5].map(cqOff) as number[];

		try {
			const sqRingBytes = sqArrayOff! + (this.sqSize * 4);
			const cqRingBytes = cqesOff! + (this.cqSize * IO_URING_CQE_SIZE);
			const singleMmap = (this.features & IORING_FEAT_SINGLE_MMAP) !== 0;
			const sqRingLength = singleMmap ? Math.max(sqRingBytes, cqRingBytes) : sqRingBytes;
			const sqRing = this.map(sqRingLength, fd, IORING_OFF_SQ_RING, 'io_uring SQ ring');
			const cqRing = singleMmap ? sqRing : this.map(cqRingBytes, fd, IORING_OFF_CQ_RING, 'io_uring CQ ring');
			const sqesBytes = this.sqSize * IO_URING_SQE_SIZE;
			const sqes = this.map(sqesBytes, fd, IORING_OFF_SQES, 'io_uring SQEs');

			this.sq = new Uint32Array(koffi.view(sqRing, sqRingLength));
			this.cq = singleMmap ? this.sq : new Uint32Array(koffi.view(cqRing, cqRingBytes));
			this.cqSigned = new Int32Array(this.cq.buffer);
			this.sqes = new Uint32Array(koffi.view(sqes, sqesBytes));
		} catch (error) {
			this.unmapAll();
			throw error;
		}

		this.sqHead = sqHeadOff! / 4;
		this.sqTailIndex = sqTailOff! / 4;
		this.sqFlagsIndex = sqFlagsOff! / 4;
		this.sqMask = this.sq[sqMaskOff! / 4]!;
		this.cqHeadIndex = cqHeadOff! / 4;
		this.cqTailIndex = cqTailOff! / 4;
		this.cqMask = this.cq[cqMaskOff! / 4]!;
		this.cqesWord = cqesOff! / 4;
		this.sqTail = Atomics.load(this.sq, this.sqTailIndex);
		this.sqTailPublished = this.sqTail;
		this.sqHeadCounted = Atomics.load(this.sq, this.sqHead);
		this.cqHead = Atomics.load(this.cq, this.cqHeadIndex);
		// The SQ array maps ring slots to SQE indexes; slot i always names SQE i, so it is written once.
		for (let slot = 0; slot < this.sqSize; slot++) {
			this.sq[(sqArrayOff! / 4) + slot] = slot;
		}

		this.waitArgument = koffi.alloc('uint8_t', IO_URING_GETEVENTS_ARG_SIZE + 16) as bigint;
		this.waitWords = new Uint32Array(koffi.view(this.waitArgument, IO_URING_GETEVENTS_ARG_SIZE + 16));
		this.waitWords.fill(0); // No signal mask, no minimum wait: only the timespec is ever set.
		this.waitAddress = Number(this.waitArgument);
		const timespec = this.waitAddress + IO_URING_GETEVENTS_ARG_SIZE;
		this.waitWords[4] = timespec % TWO_32;
		this.waitWords[5] = Math.floor(timespec / TWO_32);

		const slot = registerRingFd(fd);
		this.registeredRing = slot >= 0;
		this.enterFd = this.registeredRing ? slot : fd;
		this.enterFlags = this.registeredRing ? IORING_ENTER_REGISTERED_RING : 0;
	}

	/**
	 * io_uring_setup(2) with the best setup flags this kernel takes (see SETUP_CHOICES), then the
	 * rings mapped. Throws SysError when io_uring cannot be used (`ioUringUnavailable` says why first).
	 */
	static setup({entries, cqEntries = entries * 2}: IoUringOptions): IoUring {
		const params = Buffer.alloc(IO_URING_PARAMS_SIZE);
		let code = 0;
		for (const choice of SETUP_CHOICES) {
			const flags = choice | IORING_SETUP_CQSIZE;
			params.fill(0);
			params.writeUInt32LE(flags, PARAMS_FLAGS);
			params.writeUInt32LE(cqEntries, PARAMS_CQ_ENTRIES);
			const fd = Number(raw.io_uring_setup(SYS_io_uring_setup, entries, params));
			if (fd >= 0) {
				try {
					return new IoUring(fd, params, flags);
				} catch (error) {
					raw.close(fd);
					throw error;
				}
			}

			code = lastErrno();
			// EINVAL: a flag this kernel does not know; anything else will not improve with fewer flags.
			if (code !== errno.EINVAL) {
				break;
			}
		}

		throw new SysError('io_uring_setup', code, `${entries} entries`);
	}

	private map(length: number, fd: number, offset: number, what: string): number {
		const address = mapShared(length, fd, offset, what);
		this.mappings.push([address, length]);
		return address;
	}

	/** Whether io_uring_enter can take a timeout (Linux 5.11+). */
	get hasTimedWait(): boolean {
		return (this.features & IORING_FEAT_EXT_ARG) !== 0;
	}

	/** SQEs filled and not yet consumed by the kernel. */
	get sqPending(): number {
		// Both count SQEs ever filled, modulo 2^32: the difference is taken the same way. The head is
		// the one counted (sqHeadCounted): the kernel consumes SQEs only inside our own calls.
		return (this.sqTail - this.sqHeadCounted) >>> 0;
	}

	/** SQEs filled since the last `enter` or `submit` handed them over. */
	get unsubmitted(): number {
		return (this.sqTail - this.sqTailPublished) >>> 0;
	}

	/**
	 * Whether completion work waits for an io_uring_enter call to run it (a recv whose data came):
	 * the kernel's IORING_SQ_TASKRUN, always false without TASKRUN_FLAG (so with DEFER_TASKRUN). A
	 * hint read without a barrier: a call that waits runs that work too, and one that does not
	 * wait never blocks.
	 */
	get hasTaskWork(): boolean {
		return (this.sq[this.sqFlagsIndex]! & IORING_SQ_TASKRUN) !== 0;
	}

	/**
	 * Whether completions overflowed the CQ and wait in the kernel (IORING_SQ_CQ_OVERFLOW): the
	 * CQ then does not hold every completion posted, and the next io_uring_enter moves them in.
	 */
	get cqOverflowed(): boolean {
		return (Atomics.load(this.sq, this.sqFlagsIndex) & IORING_SQ_CQ_OVERFLOW) !== 0;
	}

	/** Whether a request can skip its completion on success (IOSQE_CQE_SKIP_SUCCESS, Linux 5.17+). */
	get canSkipSuccess(): boolean {
		return (this.features & IORING_FEAT_CQE_SKIP) !== 0;
	}

	/** SQEs the kernel has consumed so far, modulo 2^32, in order: a mark for `isConsumed`. */
	get consumed(): number {
		return this.sqHeadCounted;
	}

	/** Whether the SQE prepared at `position` had been handed to the kernel when `consumed` was `mark`. */
	isConsumed(position: number, mark = this.sqHeadCounted): boolean {
		// Positions count modulo 2^32, and fewer than sqSize are ever waiting.
		return ((mark - position - 1) >>> 0) < 0x8000_0000;
	}

	/** Free SQ slots. */
	get sqFree(): number {
		return this.sqSize - this.sqPending;
	}

	/** CQEs posted and not yet reaped. */
	get cqReady(): number {
		return (Atomics.load(this.cq, this.cqTailIndex) - this.cqHead) >>> 0;
	}

	/**
	 * io_uring_enter(2): hand over every SQE filled since the last call and, when `minComplete`
	 * > 0, wait until that many completions are posted or `timeoutMs` passes (< 0: no limit;
	 * 0: do not wait, only run completions already due). Returns the SQEs consumed, or `-errno`
	 * (ETIME: the timeout passed; EINTR: a signal; EBUSY: the CQ overflowed, reap and call again).
	 */
	enter(minComplete: number, timeoutMs = -1): number {
		if (this.sqTail !== this.sqTailPublished) {
			// Release: the SQE contents must be visible to the kernel before the tail that covers them.
			Atomics.store(this.sq, this.sqTailIndex, this.sqTail);
			this.sqTailPublished = this.sqTail;
		}

		// Exact, not an upper bound: when fewer SQEs than asked are submitted, the kernel skips the wait.
		const toSubmit = this.sqPending;
		let flags = IORING_ENTER_GETEVENTS | this.enterFlags;
		let argument = 0;
		let argumentSize = 0;
		if (timeoutMs === 0) {
			minComplete = 0;
		} else if (timeoutMs > 0 && minComplete > 0 && this.hasTimedWait) {
			const words = this.waitWords;
			const ns = Math.round(timeoutMs * 1e6);
			words[6] = Math.floor(ns / 1e9); // tv_sec
			words[7] = 0;
			words[8] = ns % 1e9; // tv_nsec
			words[9] = 0;
			flags |= IORING_ENTER_EXT_ARG;
			argument = this.waitAddress;
			argumentSize = IO_URING_GETEVENTS_ARG_SIZE;
		}

		this.stats.enterCalls++;
		const result = Number(raw.io_uring_enter(SYS_io_uring_enter, this.enterFd, toSubmit, minComplete, flags, argument, argumentSize));
		if (result < 0) {
			return -lastErrno(); // Nothing was consumed: a call that submitted some returns their count.
		}

		this.sqHeadCounted = (this.sqHeadCounted + result) >>> 0;
		this.stats.submitted += result;
		return result;
	}

	/**
	 * Hand `onCompletion` every CQE posted so far, in order, then give their slots back to the
	 * kernel. `userData` is exact up to 2^53. Returns how many were reaped. `count`: only that many,
	 * as `cqReady` just said were posted (its acquiring read covers them; the tail is not read again).
	 */
	reap(onCompletion: (userData: number, result: number, flags: number) => void, count?: number): number {
		const start = this.cqHead;
		// Acquire: the CQE contents are written before the kernel moves the tail past them.
		const tail = count === undefined ? Atomics.load(this.cq, this.cqTailIndex) : (start + count) >>> 0;
		if (tail === start) {
			return 0;
		}

		let head = start;
		try {
			while (head !== tail) {
				const word = this.cqeWord(head);
				head = (head + 1) >>> 0;
				onCompletion(this.cq[word]! + (this.cq[word + 1]! * TWO_32), this.cqSigned[word + 2]!, this.cq[word + 3]!);
			}
		} finally {
			this.cqHead = head;
			// Release: our reads of those CQEs are done before the kernel may overwrite them.
			Atomics.store(this.cq, this.cqHeadIndex, head);
			this.stats.completed += (head - start) >>> 0;
		}

		return (head - start) >>> 0;
	}

	/** Hand `onCompletion` the user data and flags of every CQE posted so far, leaving them to `reap`. */
	peek(onCompletion: (userData: number, flags: number) => void): void {
		const tail = Atomics.load(this.cq, this.cqTailIndex);
		for (let head = this.cqHead; head !== tail; head = (head + 1) >>> 0) {
			const word = this.cqeWord(head);
			onCompletion(this.cq[word]! + (this.cq[word + 1]! * TWO_32), this.cq[word + 3]!);
		}
	}

	private cqeWord(position: number): number {
		return this.cqesWord + ((position & this.cqMask) * (IO_URING_CQE_SIZE / 4));
	}

	/**
	 * io_uring_enter(2) that only submits: no completions are run or waited for, so the CQ is left
	 * as it is (a caller in the middle of reaping it has not given its slots back yet).
	 */
	submit(): number {
		Atomics.store(this.sq, this.sqTailIndex, this.sqTail);
		this.sqTailPublished = this.sqTail;
		this.stats.enterCalls++;
		const result = Number(raw.io_uring_enter(SYS_io_uring_enter, this.enterFd, this.sqPending, 0, this.enterFlags, 0, 0));
		if (result < 0) {
			return -lastErrno();
		}

		this.sqHeadCounted = (this.sqHeadCounted + result) >>> 0;
		this.stats.submitted += result;
		return result;
	}

	/** The next free SQE's first u32 index; when the SQ is full, submits first to make room. */
	private nextSqe(): number {
		if (this.sqPending >= this.sqSize) {
			const result = this.submit();
			if (this.sqPending >= this.sqSize) {
				throw new SysError('io_uring_enter', result < 0 ? -result : errno.EBUSY!, 'submission queue full');
			}
		}

		const word = (this.sqTail & this.sqMask) * (IO_URING_SQE_SIZE / 4);
		this.sqTail = (this.sqTail + 1) >>> 0;
		return word;
	}

	/**
	 * Fill every word of an SQE (little-endian fields, as on x86-64 and arm64): the general form
	 * behind the `prep*` methods. Fields not named here are zero.
	 */
	private prep(opcode: number, fd: number, address: number, length: number, opFlags: number, userData: number, sqeFlags = 0, ioprio = 0, bufferGroup = 0): void {
		const word = this.nextSqe();
		const sqes = this.sqes;
		sqes[word + (SQE_OPCODE / 4)] = opcode | (sqeFlags << 8) | (ioprio << 16);
		sqes[word + (SQE_FD / 4)] = fd >>> 0;
		sqes[word + (SQE_OFF / 4)] = 0;
		sqes[word + (SQE_OFF / 4) + 1] = 0;
		// `>>> 0` is the low 32 bits of any integer below 2^53; `%` of a double would call fmod.
		sqes[word + (SQE_ADDR / 4)] = address >>> 0;
		sqes[word + (SQE_ADDR / 4) + 1] = Math.floor(address / TWO_32);
		sqes[word + (SQE_LEN / 4)] = length;
		sqes[word + (SQE_OP_FLAGS / 4)] = opFlags >>> 0;
		sqes[word + (SQE_USER_DATA / 4)] = userData >>> 0;
		sqes[word + (SQE_USER_DATA / 4) + 1] = Math.floor(userData / TWO_32);
		sqes[word + (SQE_BUF_GROUP / 4)] = bufferGroup; // personality, the other half of the word: 0
		// splice_fd_in, addr3 and the padding: stores, not fill(), which costs a call on the hot path.
		sqes[word + 11] = 0;
		sqes[word + 12] = 0;
		sqes[word + 13] = 0;
		sqes[word + 14] = 0;
		sqes[word + 15] = 0;
	}

	/** IORING_OP_NOP: completes with 0 at once. */
	prepNop(userData: number): void {
		this.prep(IORING_OP_NOP, -1, 0, 0, 0, userData);
	}

	/**
	 * IORING_OP_ACCEPT of non-blocking, close-on-exec sockets, with no address: a multishot accept
	 * would write every peer's address over the last one before it is read (getpeername instead).
	 */
	prepAccept(listenFd: number, userData: number, {multishot}: {readonly multishot: boolean}): void {
		this.prep(IORING_OP_ACCEPT, listenFd, 0, 0, SOCK_CLOEXEC | SOCK_NONBLOCK, userData, 0, multishot ? IORING_ACCEPT_MULTISHOT : 0);
	}

	/**
	 * IORING_OP_RECV into a buffer the kernel picks from provided buffer group `group`. `fixed`: `fd`
	 * is a slot of the registered file table (`FixedFiles`), as in the send methods.
	 */
	prepRecvSelect(fd: number, group: number, userData: number, {multishot, fixed = false}: {readonly multishot: boolean; readonly fixed?: boolean}): void {
		this.prep(IORING_OP_RECV, fd, 0, 0, 0, userData, IOSQE_BUFFER_SELECT | (fixed ? IOSQE_FIXED_FILE : 0), multishot ? IORING_RECV_MULTISHOT : 0, group);
	}

	/** IORING_OP_SEND of `length` bytes at native `address`, which must stay valid until the completion. */
	prepSend(fd: number, address: number, length: number, userData: number, fixed = false): void {
		// MSG_NOSIGNAL: a peer that reset gives EPIPE, not a SIGPIPE that ends the process.
		this.prep(IORING_OP_SEND, fd, address, length, MSG_NOSIGNAL, userData, fixed ? IOSQE_FIXED_FILE : 0);
	}

	/**
	 * IORING_OP_SEND that is over when the io_uring_enter call that consumes it returns, and posts
	 * a completion only when it did not send all `length` bytes. MSG_DONTWAIT: the kernel never
	 * parks it to wait for room (REQ_F_NOWAIT), it fails with EAGAIN instead; MSG_WAITALL: a short
	 * send counts as a failure, whose completion says how many bytes went (or -EAGAIN if none);
	 * IOSQE_CQE_SKIP_SUCCESS: a full send posts nothing. So once `isConsumed(position)` and the
	 * CQ has been reaped (and did not overflow), a send with no completion sent every byte, and
	 * its memory is free again. Returns the SQE's position. Needs `canSkipSuccess`.
	 */
	prepSendOrFail(fd: number, address: number, length: number, userData: number, fixed = false): number {
		const position = this.sqTail;
		this.prep(IORING_OP_SEND, fd, address, length, MSG_NOSIGNAL | MSG_DONTWAIT | MSG_WAITALL, userData, IOSQE_CQE_SKIP_SUCCESS | (fixed ? IOSQE_FIXED_FILE : 0));
		return position;
	}

	/** IORING_OP_POLL_ADD for POLLIN, one completion when `fd` is readable. */
	prepPollIn(fd: number, userData: number): void {
		this.prep(IORING_OP_POLL_ADD, fd, 0, 0, POLLIN, userData);
	}

	/** IORING_OP_ASYNC_CANCEL of the request submitted with `target` as its user data. */
	prepCancel(target: number, userData: number): void {
		this.prep(IORING_OP_ASYNC_CANCEL, -1, target, 0, 0, userData);
	}

	/** IORING_OP_ASYNC_CANCEL of every request on `fd` (Linux 5.19+); each completes with -ECANCELED or its own result. */
	prepCancelFd(fd: number, userData: number): void {
		this.prep(IORING_OP_ASYNC_CANCEL, fd, 0, 0, IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ALL, userData);
	}

	/** IORING_OP_ASYNC_CANCEL of every request in flight (Linux 5.19+); each completes with -ECANCELED or its own result. */
	prepCancelAll(userData: number): void {
		this.prep(IORING_OP_ASYNC_CANCEL, -1, 0, 0, IORING_ASYNC_CANCEL_ANY, userData);
	}

	/**
	 * Unmap the rings and close the ring fd, once. Requests still in flight are cancelled by the
	 * kernel; memory they use (buffers) must outlive them, so reap them before closing.
	 */
	close(): void {
		if (this.closed) {
			return;
		}

		this.closed = true;
		// Empty views: a stray access after this reads nothing instead of unmapped memory.
		this.sq = new Uint32Array(0);
		this.cq = this.sq;
		this.cqSigned = new Int32Array(0);
		this.sqes = new Uint32Array(0);
		this.unmapAll();
		koffi.free(this.waitArgument);
		if (this.registeredRing) {
			// The registration holds the ring open of its own: without this, closing the fd would not free it until the thread ends.
			unregisterRingFd(this.fd, this.enterFd);
		}

		raw.close(this.fd);
	}

	private unmapAll(): void {
		for (const [address, length] of this.mappings.splice(0)) {
			unmap(address, length);
		}
	}
}

/** IORING_REGISTER_RING_FDS of `fd` in any free slot of this thread's table: the slot, or `-errno`. */
function registerRingFd(fd: number): number {
	const update = Buffer.alloc(IO_URING_RSRC_UPDATE_SIZE);
	update.writeInt32LE(-1, 0); // offset -1: any free slot, written back here.
	update.writeBigUInt64LE(BigInt(fd), 8);
	const result = Number(raw.io_uring_register(SYS_io_uring_register, fd, IORING_REGISTER_RING_FDS, update, 1));
	return result === 1 ? update.readUInt32LE(0) : -lastErrno();
}

/** IORING_UNREGISTER_RING_FDS of `slot` (the table is this thread's; `fd` names any ring, this one). */
function unregisterRingFd(fd: number, slot: number): void {
	const update = Buffer.alloc(IO_URING_RSRC_UPDATE_SIZE);
	update.writeUInt32LE(slot, 0);
	raw.io_uring_register(SYS_io_uring_register, fd, IORING_UNREGISTER_RING_FDS, update, 1);
}
