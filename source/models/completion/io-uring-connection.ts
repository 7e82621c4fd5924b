// One client of the io_uring model: which requests it has in flight, and the received bytes it owes, held in the ring's provided buffers.
import {HIGH_WATER_BYTES} from '../readiness/nonblocking-echo.js';

/** Bytes of one provided buffer that are still to be echoed: `[start, end)` of buffer `bid`. */
export type Segment = {
	bid: number;
	start: number;
	end: number;
};

/** Segments no longer queued, reused so that a message allocates nothing (a busy loop would feed the GC). */
const spareSegments: Segment[] = [];

function segment(bid: number, end: number): Segment {
	const spare = spareSegments.pop();
	if (!spare) {
		return {bid, start: 0, end};
	}

	spare.bid = bid;
	spare.start = 0;
	spare.end = end;
	return spare;
}

/** Why a connection failed: the operation and its errno. */
export type RingFailure = {readonly syscall: 'recv' | 'send'; readonly errno: number};

/**
 * A client connection of the completion loop. Received bytes stay in the provided buffer the
 * kernel wrote them to and are sent from there (no copy); the buffer goes back to the ring once
 * every byte of it is sent. An fd is closed only when none of its requests is in flight, so a
 * completion can never name a number the kernel has since given to another client.
 */
export class RingConnection {
	/** Buffers holding bytes owed to the client, oldest first; a send in flight covers the head. */
	readonly segments: Segment[] = [];
	/** Bytes received and not yet sent (the send in flight included). */
	queued = 0;
	/** Bytes the send in flight asked for; 0: none in flight. */
	sending = 0;
	/** The send in flight posts a completion only if it falls short (`prepSendOrFail`). */
	silentSend = false;
	/** That send's SQE position, which tells it from an earlier one of this connection still queued for the sweep. */
	silentPosition = 0;
	/** Requests name the socket by its slot in the ring's registered file table (FixedFiles), not by fd. */
	fixed = false;
	/** A recv request is armed (a multishot one stays armed across completions). */
	recvArmed = false;
	/** A cancel of the armed recv was submitted (reading paused past the high-water mark). */
	recvCancelled = false;
	/** A cancel of every request on the fd was submitted (the connection failed). */
	cancelledAll = false;
	/** The peer sent FIN: nothing more to read, but what is queued is still owed to it. */
	readClosed = false;
	/** A recv or send failed; the connection ends once its requests have completed. */
	failure?: RingFailure;
	/** The application queue last reported to the probe. */
	reportedAppQueue = 0;

	/** Most buffers it may hold: as many as the high-water mark fills. */
	private readonly maxSegments: number;

	constructor(
		readonly fd: number,
		readonly peer: string,
		/** Bytes per provided buffer. */
		private readonly bufferBytes: number,
	) {
		this.maxSegments = Math.max(1, Math.floor(HIGH_WATER_BYTES / bufferBytes));
	}

	/**
	 * Whether reading is paused because too much is owed, in bytes or in buffers: a client that
	 * sends without reading cannot take every buffer (half-filled ones included).
	 */
	get isThrottled(): boolean {
		return this.queued >= HIGH_WATER_BYTES || this.segments.length >= this.maxSegments;
	}

	/** Whether the connection should be closed (once nothing of it is in flight). */
	get isOver(): boolean {
		return this.failure !== undefined || (this.readClosed && this.queued === 0);
	}

	/** Whether a request of this connection is in flight. */
	get isBusy(): boolean {
		return this.recvArmed || this.sending > 0;
	}

	/** Bytes waiting behind the send in flight: the application's queue. */
	get waiting(): number {
		return this.queued - this.sending;
	}

	/**
	 * Take `length` received bytes at the start of buffer `bid`. A small piece is appended to the
	 * last queued buffer when it fits there (many small messages behind a slow send then hold one
	 * buffer, not one each): returns true, and `bid` can go back to the ring at once. Otherwise
	 * the buffer joins the queue (false): a large piece is never copied.
	 */
	take(bytes: Uint8Array, bid: number, length: number): boolean {
		this.queued += length;
		const last = this.segments.at(-1);
		if (last && length <= this.bufferBytes / 16 && last.end + length <= this.bufferBytes) {
			const to = (last.bid * this.bufferBytes) + last.end;
			const from = bid * this.bufferBytes;
			// Past the end of what the send in flight reads: the kernel never sees these bytes move.
			bytes.copyWithin(to, from, from + length);
			last.end += length;
			return true;
		}

		this.segments.push(segment(bid, length));
		return false;
	}

	/** `sent` bytes of the head went out; calls `release` with each buffer now fully sent. */
	consume(sent: number, release: (bid: number) => void): void {
		this.queued -= sent;
		const head = this.segments[0];
		if (!head) {
			return;
		}

		head.start += sent;
		if (head.start >= head.end) {
			this.segments.shift();
			release(head.bid);
			spareSegments.push(head);
		}
	}

	/** Hand back every queued buffer (the connection is closing). */
	releaseAll(release: (bid: number) => void): void {
		for (const done of this.segments.splice(0)) {
			release(done.bid);
			spareSegments.push(done);
		}

		this.queued = 0;
	}
}
