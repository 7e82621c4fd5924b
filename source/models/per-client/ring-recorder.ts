// Recording the events of a client thread into its shared-memory record ring (record-ring.ts), which the model's thread drains on a timer (ring-relay.ts).
import type {BlockingCall, CloseReason} from '../probe/events.js';
import {RecordKind, RingTotal, blockingCallCode, type RecordRing} from './record-ring.js';
import {wallClock, type RelayRecord} from './relay-recorder.js';
import type {ServeProbe} from './serve-blocking.js';

/** Longest detail a closed or error message carries, as RelayRecorder cuts it. */
const MAX_DETAIL_CHARS = 200;
/** A thread that never blocks (its client keeps it busy) still publishes its system calls this often, in calls served. */
const SYSCALLS_EVERY_TICKS = 256;
const RECV_CODE = blockingCallCode('recv');

/**
 * The probe of a client thread. Per call it writes a fixed-size record into shared memory (per
 * message, in the common case: serve-thread.ts writes one echo record with RecordRing.echo), or,
 * when the ring is full, counts the call there instead: it never blocks, never allocates and
 * never wakes the model's thread, which drains the ring on its own timer. Nothing needs flushing
 * before a blocking call: the ring is read while the thread is blocked.
 *
 * Counters the model must get exactly (eagain, eintr, system calls) are running totals beside the
 * records, so that dropping detail never changes them. What carries text (closed, error: a
 * reason's detail, a few hundred characters) goes to `post` instead: at most once per thread for
 * closed and rarely for errors, so never lost to a full ring, and bounded by the number of
 * threads, not of messages. The model drains the ring before it replays a message, so they stay
 * in order.
 */
export class RingRecorder implements ServeProbe {
	/** The call of the last blocked-in recorded; another call is a change of state, recorded as lifecycle. */
	private lastCall = 0;
	private ticks = 0;

	constructor(
		private readonly ring: RecordRing,
		/** Hands rare records to the model's thread; it must not need this thread's event loop. */
		private readonly post: (records: readonly RelayRecord[]) => void,
		/** This thread's system calls so far (sys/libc's syscallTotal). */
		private readonly syscalls: () => number,
	) {}

	/** Say who serves the client (the kernel's thread id) and that it is ready, now. */
	ready(tid: number, rssKb: number): void {
		this.ring.append(RecordKind.ready, tid, rssKb, wallClock(), true);
	}

	recv(_fd: number, bytes: number, data?: Uint8Array): void {
		if (!this.ring.append(RecordKind.recv, bytes, data ? Math.min(data.length, bytes) : 0, 0, false, data)) {
			this.ring.drop(RecordKind.recv, bytes);
		}
	}

	send(_fd: number, bytes: number, requested: number): void {
		if (!this.ring.append(RecordKind.send, bytes, requested, 0, false)) {
			this.ring.drop(RecordKind.send, bytes, bytes < requested);
		}
	}

	count(name: 'eagain' | 'eintr'): void {
		this.ring.add(name === 'eagain' ? RingTotal.eagain : RingTotal.eintr, 1);
	}

	beforeBlocking(call: BlockingCall, _fd: number): void {
		// A blocked thread's count does not change until the call returns: publish it now.
		this.ring.set(RingTotal.syscalls, this.syscalls());
		const code = blockingCallCode(call);
		if (code === 0) {
			this.post([['blocked-in', call]]);
			return;
		}

		this.blockedIn(code);
	}

	/**
	 * Before a recv of the client thread's own loop (serve-thread.ts), unless its last record (an
	 * echo) said so already: `syscalls` is the thread's count kept by its loop, which spares
	 * summing sys/libc's table per message.
	 */
	blockedInRecv(syscalls: number): void {
		this.ring.set(RingTotal.syscalls, syscalls);
		this.blockedIn(RECV_CODE);
	}

	tick(): void {
		if (++this.ticks >= SYSCALLS_EVERY_TICKS) {
			this.ticks = 0;
			this.ring.set(RingTotal.syscalls, this.syscalls());
		}
	}

	closed(_fd: number, reason: CloseReason, detail?: string): void {
		this.flush();
		this.post([detail === undefined ? ['closed', reason] : ['closed', reason, detail.slice(0, MAX_DETAIL_CHARS)]]);
	}

	error(syscall: string, code: string, detail: string): void {
		this.flush();
		this.post([['error', syscall, code, detail.slice(0, MAX_DETAIL_CHARS)]]);
	}

	/** Publish the running totals now: before the thread ends. */
	flush(): void {
		this.ring.set(RingTotal.syscalls, this.syscalls());
	}

	private blockedIn(code: number): void {
		// The same call again is detail; a new one changes what the thread is shown blocked in.
		if (this.ring.append(RecordKind.blockedIn, code, 0, 0, code !== this.lastCall)) {
			this.lastCall = code;
		} else {
			// lastCall stays: the next blocked-in is recorded as a change again.
			this.ring.drop(RecordKind.blockedIn);
		}
	}
}
