// A bounded single-producer single-consumer ring of fixed-size records in a SharedArrayBuffer (Atomics, ECMAScript memory model): a client thread writes, the model's thread reads.
import {RECV_HEAD_BYTES} from '../probe/events.js';

/** What a record says; `a`, `b` and `time` mean what each kind says they mean. */
export const RecordKind = {
	/** a: the thread's kernel tid, b: its resident memory (KiB), time: when it became ready (wall clock, ms). */
	ready: 1,
	/** a: bytes received, b: how many of them the record's head holds. */
	recv: 2,
	/** a: bytes sent, b: bytes the call was asked to send. */
	send: 3,
	/** a: the call's code (blockingCallCode). */
	blockedIn: 4,
	/**
	 * A message echoed, the common case in one record: a recv of `a` bytes (b: how many the head
	 * holds), one send of them all, and a blocked-in recv (the thread's next call, the same as the
	 * last recorded: detail).
	 */
	echo: 5,
} as const;

/** A record's kind. */
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

/** Records the ring holds; a power of two, so that a slot is an index masked. */
export const RING_RECORDS = 256;
/**
 * Slots only lifecycle records may take (`ready`, `blocked-in` with a new call): detail fills
 * the rest and is then counted instead. The thread's ready comes first, into an empty ring; a
 * change of call can come at most once per call the thread makes, so these hold the changes of
 * a thread that alternates between blocking in send and in recv for a whole drain period.
 */
export const RESERVED_RECORDS = 16;
/** Most detail records between two drains. More than a probe batch keeps (64), see RingRelay. */
export const DETAIL_RECORDS = RING_RECORDS - RESERVED_RECORDS;

/** Running totals the thread keeps with plain stores; the model reads them as they are. */
export const RingTotal = {
	/** The thread's system calls so far (sys/libc's syscallTotal). */
	syscalls: 0,
	eagain: 1,
	eintr: 2,
	/** Bytes of the recv calls the ring had no room to record. */
	droppedRecvBytes: 3,
	/** Bytes of the send calls the ring had no room to record. */
	droppedSendBytes: 4,
} as const;

/** A running total's slot. */
export type RingTotal = (typeof RingTotal)[keyof typeof RingTotal];

/** Calls the ring had no room to record, by record kind; stored with Atomics (see `dropped`). */
const DROPPED_RECV = 2;
const DROPPED_SEND = 3;
/** Of those sends, how many sent less than asked. */
const DROPPED_PARTIAL = 4;
const DROPPED_BLOCKED_IN = 5;

const WRITE = 0;
const READ = 1;
const HEADER_BYTES = 64;
const TOTALS_BYTES = 64;
const RECORDS_AT = HEADER_BYTES + TOTALS_BYTES;
/** [kind, a, b, spare] as int32, the time as a float64, then the head. */
const RECORD_BYTES = 64;
const TIME_AT = 16;
const HEAD_AT = 32;
const MASK = RING_RECORDS - 1;
const HEAD_WORD = HEAD_AT >> 2;

/** Bytes of shared memory a ring takes. */
export const RING_BYTES = RECORDS_AT + (RING_RECORDS * RECORD_BYTES);

/** The blocking calls a record can name by code; any other goes by message (RingRecorder). */
const BLOCKING_CALLS = ['recv', 'send', 'accept', 'waitpid'] as const;

/** A blocking call's code in a record, or 0 when it has none. */
export function blockingCallCode(call: string): number {
	return (BLOCKING_CALLS as readonly string[]).indexOf(call) + 1;
}

/** The call a code names. */
export function blockingCallName(code: number): string {
	return BLOCKING_CALLS[code - 1] ?? 'unknown';
}

/** Calls the ring had no room to record, as the model reads them. */
export type Dropped = {
	recv: number;
	recvBytes: number;
	send: number;
	sendBytes: number;
	/** Of the sends, those that sent less than asked. */
	partial: number;
	blockedIn: number;
};

/** Reads one record: its kind, `a`, `b`, and its byte offset in the ring (for `time` and `head`). */
export type RecordVisitor = (kind: RecordKind, a: number, b: number, at: number) => void;

/**
 * One thread's records. The write index counts records written, the read index records read;
 * both only grow (int32, wrapping: their difference is what counts). The writer never blocks and
 * never allocates: with no room it counts the call instead (`drop`). One ring per thread rather
 * than one for all: a single writer needs no compare-and-swap, and threads on other cores never
 * contend for one cache line of indexes.
 */
export class RecordRing {
	private readonly header: Int32Array;
	private readonly totals: Float64Array;
	private readonly words: Int32Array;
	private readonly times: Float64Array;
	private readonly bytes: Uint8Array;
	/** The write index from which `echo` finds no room, as of its last load of READ. */
	private detailLimit = 0;

	constructor(readonly shared: SharedArrayBuffer = new SharedArrayBuffer(RING_BYTES)) {
		this.header = new Int32Array(shared, 0, HEADER_BYTES / 4);
		this.totals = new Float64Array(shared, HEADER_BYTES, TOTALS_BYTES / 8);
		this.words = new Int32Array(shared, RECORDS_AT);
		this.times = new Float64Array(shared, RECORDS_AT);
		this.bytes = new Uint8Array(shared, RECORDS_AT);
	}

	// --- the writer: the client thread

	/**
	 * Append a record if there is room: detail up to DETAIL_RECORDS unread, a lifecycle record
	 * into the reserved slots too. `head`, for a recv, is copied (its first RECV_HEAD_BYTES).
	 * Returns false, having written nothing, when there is no room.
	 */
	append(kind: RecordKind, a: number, b: number, time: number, isLifecycle: boolean, head?: Uint8Array): boolean {
		const write = this.header[WRITE]!;
		// Atomics.load: the reader's store of READ comes after it has read those slots, so that
		// once this load sees it, the slots are free to overwrite.
		if (((write - Atomics.load(this.header, READ)) | 0) >= (isLifecycle ? RING_RECORDS : DETAIL_RECORDS)) {
			return false;
		}

		const at = (write & MASK) * RECORD_BYTES;
		const word = at >> 2;
		this.words[word] = kind;
		this.words[word + 1] = a;
		this.words[word + 2] = b;
		this.times[(at + TIME_AT) >> 3] = time;
		if (head) {
			// A loop, not set(subarray()): recording allocates nothing.
			const length = Math.min(head.length, RECV_HEAD_BYTES);
			const bytes = this.bytes;
			for (let index = 0, to = at + HEAD_AT; index < length; index++) {
				bytes[to + index] = head[index]!;
			}
		}

		// Atomics.store after the record's plain stores: a reader whose Atomics.load sees the new
		// index sees the whole record (the store releases them, the load acquires them).
		Atomics.store(this.header, WRITE, (write + 1) | 0);
		return true;
	}

	/**
	 * Record a message echoed (RecordKind.echo), or count it if there is no room, and store the
	 * thread's system calls so far. `head` views the receive buffer from its start as int32: its
	 * RECV_HEAD_BYTES are copied in one call. The client thread's hot path: a thread out of the
	 * CPU's caches, its code not yet optimised, pays for each call and load here (serve-thread.ts).
	 */
	echo(bytes: number, head: Int32Array, syscalls: number): void {
		const header = this.header;
		const write = header[WRITE]!;
		this.totals[RingTotal.syscalls] = syscalls;
		// READ only grows: a limit computed from an older value of it holds, and it is loaded
		// again only once reached, not per message.
		if (((write - this.detailLimit) | 0) >= 0) {
			this.detailLimit = (Atomics.load(header, READ) + DETAIL_RECORDS) | 0;
			if (((write - this.detailLimit) | 0) >= 0) {
				this.drop(RecordKind.echo, bytes);
				return;
			}
		}

		const word = ((write & MASK) * RECORD_BYTES) >> 2;
		const words = this.words;
		words[word] = RecordKind.echo;
		words[word + 1] = bytes;
		words[word + 2] = bytes < RECV_HEAD_BYTES ? bytes : RECV_HEAD_BYTES;
		words.set(head, word + HEAD_WORD);
		Atomics.store(header, WRITE, (write + 1) | 0);
	}

	/**
	 * Count a call the ring had no room for. The bytes (a plain store) come before the count
	 * (Atomics.store): a reader that sees a count sees at least its bytes.
	 */
	drop(kind: RecordKind, bytes = 0, isPartial = false): void {
		const header = this.header;
		switch (kind) {
			case RecordKind.recv: {
				this.add(RingTotal.droppedRecvBytes, bytes);
				Atomics.store(header, DROPPED_RECV, (header[DROPPED_RECV]! + 1) | 0);
				break;
			}

			case RecordKind.send: {
				this.add(RingTotal.droppedSendBytes, bytes);
				if (isPartial) {
					header[DROPPED_PARTIAL] = (header[DROPPED_PARTIAL]! + 1) | 0;
				}

				Atomics.store(header, DROPPED_SEND, (header[DROPPED_SEND]! + 1) | 0);
				break;
			}

			case RecordKind.blockedIn: {
				Atomics.store(header, DROPPED_BLOCKED_IN, (header[DROPPED_BLOCKED_IN]! + 1) | 0);
				break;
			}

			case RecordKind.echo: {
				this.drop(RecordKind.blockedIn);
				this.drop(RecordKind.recv, bytes);
				this.drop(RecordKind.send, bytes);
				break;
			}

			case RecordKind.ready: {
				// Never: the first record of an empty ring.
				break;
			}
		}
	}

	/**
	 * Add to a running total. Plain: only this thread writes it, the reader wants a recent value,
	 * not a fence, and an aligned float64 store is one instruction on x64 and arm64 (never seen half done).
	 */
	add(total: RingTotal, amount: number): void {
		this.totals[total] = this.totals[total]! + amount;
	}

	/** Set a running total. */
	set(total: RingTotal, value: number): void {
		this.totals[total] = value;
	}

	// --- the reader: the model's thread

	/** A running total as last stored. */
	total(total: RingTotal): number {
		return this.totals[total]!;
	}

	/**
	 * The calls dropped so far. Read before `read`: a drop counted here was made with the ring
	 * full, so the records `read` then replays are a full ring's worth.
	 */
	dropped(into: Dropped): void {
		const header = this.header;
		into.recv = Atomics.load(header, DROPPED_RECV);
		into.send = Atomics.load(header, DROPPED_SEND);
		into.blockedIn = Atomics.load(header, DROPPED_BLOCKED_IN);
		into.partial = header[DROPPED_PARTIAL]!;
		into.recvBytes = this.totals[RingTotal.droppedRecvBytes]!;
		into.sendBytes = this.totals[RingTotal.droppedSendBytes]!;
	}

	/** Hand every unread record to `visit`, oldest first, and free their slots. */
	read(visit: RecordVisitor): void {
		const header = this.header;
		const read = header[READ]!;
		// Atomics.load: see the writer's Atomics.store above; the records before it are complete.
		const write = Atomics.load(header, WRITE);
		const words = this.words;
		for (let index = read; index !== write; index = (index + 1) | 0) {
			const at = (index & MASK) * RECORD_BYTES;
			const word = at >> 2;
			visit(words[word] as RecordKind, words[word + 1]!, words[word + 2]!, at);
		}

		// Atomics.store after reading: the writer's Atomics.load of READ then frees these slots.
		Atomics.store(header, READ, write);
	}

	/** The time of the record at `at` (an offset `read` gave). */
	time(at: number): number {
		return this.times[(at + TIME_AT) >> 3]!;
	}

	/** A view of the head of the recv record at `at`, `length` bytes: valid only during `read`. */
	head(at: number, length: number): Uint8Array {
		return this.bytes.subarray(at + HEAD_AT, at + HEAD_AT + length);
	}
}
