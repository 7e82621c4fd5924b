// Recording the events of a client served in its own process or thread, to be replayed into the model's probe (relay.ts).
// Loads nothing heavy: a fork model's child imports it, and starts faster for every module it does not load.
import {RECV_HEAD_BYTES, type BlockingCall, type CloseReason} from '../probe/events.js';
import type {ServeProbe} from './serve-blocking.js';

/** One thing a serving process or thread did, compact enough to cross a pipe or a MessagePort. */
export type RelayRecord =
	| readonly ['ready', tid: number, at: number, rssKb: number]
	| readonly ['rss', rssKb: number]
	| readonly ['recv', bytes: number, head?: string]
	| readonly ['send', bytes: number, requested: number]
	| readonly ['count', name: 'eagain' | 'eintr']
	/** System calls made since the last flush, where they are counted (a client thread, through sys/). */
	| readonly ['syscalls', count: number]
	| readonly ['blocked-in', call: BlockingCall]
	/** Calls since the last flush that were counted, not recorded in detail (their events go to the probe's summary). */
	| readonly ['left-out', recvCalls: number, recvBytes: number, sendCalls: number, sendBytes: number, partialSends: number, blockedIn: number]
	| readonly ['closed', reason: CloseReason, detail?: string]
	| readonly ['error', syscall: string, code: string, detail: string];

/**
 * Most characters a flush may carry: with the pid around them, a line of the fork model's event
 * pipe stays under PIPE_BUF (4096), so that the kernel writes it in one piece, never interleaved
 * with another child's.
 */
export const MAX_FLUSH_CHARS = 3500;
/** Records with numbers only are at most this long in JSON (`["send",65536,65536],`). */
const NUMERIC_RECORD_CHARS = 24;
/** A recv record with the base64 of its first bytes. */
const RECV_RECORD_CHARS = NUMERIC_RECORD_CHARS + Math.ceil(RECV_HEAD_BYTES / 3) * 4 + 3;
const MAX_DETAIL_CHARS = 200;
const FLUSH_MS = 25;
/**
 * One message in this many ms is recorded in detail (its recv with the head, its sends, the
 * blocked-in after it); the others are only counted. The model's probe keeps 64 events a batch
 * in detail across all clients and counts the rest in its summary anyway: building and parsing
 * records it would drop was most of a busy child's CPU per message (JSON, base64).
 */
const DETAIL_MS = 25;

/** Wall-clock time in ms with a fraction, comparable between processes and threads. */
export function wallClock(): number {
	return performance.timeOrigin + performance.now();
}

/**
 * The probe of a fork model's child: it keeps records and writes them as a line of the event
 * pipe before any call that may block, every 25 ms while busy, and whenever a line's worth has
 * gathered. The writing must not need an event loop: a child blocked in read has none running.
 *
 * One message per DETAIL_MS is recorded in detail; the calls of the others are counted and
 * flushed as one `left-out` record, which the model replays into its probe's counters, client
 * stats and summary, so that those stay exact as they would with every record sent.
 */
export class RelayRecorder implements ServeProbe {
	private records: RelayRecord[] = [];
	private chars = 0;
	/** When the last recv came (Date.now(), ms): the recorder's clock, read once a message. */
	private now = Date.now();
	private lastFlush = this.now;
	/** When the last message recorded in detail came (-Infinity: none yet, the first one is). */
	private lastDetail = Number.NEGATIVE_INFINITY;
	/** Whether the current message (from its recv to the blocked-in after it) is recorded in detail. */
	private detailed = true;
	/** The call of the last blocked-in recorded: another call is a change of state, always recorded. */
	private lastCall: BlockingCall | undefined;
	private leftRecv = 0;
	private leftRecvBytes = 0;
	private leftSend = 0;
	private leftSendBytes = 0;
	private leftPartial = 0;
	private leftBlocked = 0;

	private syscallsReported = 0;

	constructor(
		/** Where lines go (the event pipe), each shorter than PIPE_BUF. */
		private readonly write: (line: string) => void,
		/** Who records, at the start of every line: the parent tells its children apart by it. */
		private readonly pid: number,
		/** This process's system calls so far (fs-blocking-io's fsSyscallTotal): each flush carries the new ones. */
		private readonly syscalls?: () => number,
	) {}

	/** Say who serves the client (the kernel's thread id) and that it is ready, now. */
	ready(tid: number, rssKb: number): void {
		this.push(['ready', tid, wallClock(), rssKb], NUMERIC_RECORD_CHARS * 2);
		this.flush();
	}

	/** The server's resident memory, as it leaves. */
	rss(rssKb: number): void {
		this.push(['rss', rssKb], NUMERIC_RECORD_CHARS);
	}

	/** `data`'s first bytes travel along, base64 (JSON has no bytes), for the recv event's head. */
	recv(_fd: number, bytes: number, data?: Uint8Array): void {
		// The one clock read per message: tick() and flush() use it too. Date.now(), not
		// performance.now(): until V8 optimizes it, which at 100 clients a child may never do, the
		// latter cost about 2.5 µs a call here, and ms are fine for a 25 ms window.
		const now = Date.now();
		this.now = now;
		this.detailed = now - this.lastDetail >= DETAIL_MS;
		if (!this.detailed) {
			this.leftRecv++;
			this.leftRecvBytes += bytes;
			return;
		}

		this.lastDetail = now;
		if (data) {
			const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, RECV_HEAD_BYTES));
			this.push(['recv', bytes, head.toString('base64')], RECV_RECORD_CHARS);
		} else {
			this.push(['recv', bytes], NUMERIC_RECORD_CHARS);
		}
	}

	send(_fd: number, bytes: number, requested: number): void {
		if (this.detailed) {
			this.push(['send', bytes, requested], NUMERIC_RECORD_CHARS);
			return;
		}

		this.leftSend++;
		this.leftSendBytes += bytes;
		if (bytes < requested) {
			this.leftPartial++;
		}
	}

	count(name: 'eagain' | 'eintr'): void {
		this.push(['count', name], NUMERIC_RECORD_CHARS);
	}

	beforeBlocking(call: BlockingCall, _fd: number): void {
		if (this.detailed || call !== this.lastCall) {
			this.lastCall = call;
			this.push(['blocked-in', call], NUMERIC_RECORD_CHARS);
		} else {
			this.leftBlocked++;
		}

		this.flush();
	}

	closed(_fd: number, reason: CloseReason, detail?: string): void {
		const record: RelayRecord = detail === undefined ? ['closed', reason] : ['closed', reason, detail.slice(0, MAX_DETAIL_CHARS)];
		this.push(record, NUMERIC_RECORD_CHARS + Math.min(detail?.length ?? 0, MAX_DETAIL_CHARS));
	}

	error(syscall: string, code: string, detail: string): void {
		this.push(['error', syscall, code, detail.slice(0, MAX_DETAIL_CHARS)], NUMERIC_RECORD_CHARS * 2 + MAX_DETAIL_CHARS);
	}

	/** After each message: a server that never blocks (pipelined traffic) still flushes every FLUSH_MS, by the time of its last recv. */
	tick(): void {
		if (this.now - this.lastFlush >= FLUSH_MS) {
			this.flush();
		}
	}

	flush(): void {
		this.lastFlush = this.now;
		const left = this.leftRecv + this.leftSend + this.leftBlocked;
		if (this.records.length === 0 && left === 0) {
			return;
		}

		const syscalls = this.syscalls ? this.syscalls() - this.syscallsReported : 0;
		this.syscallsReported += syscalls;
		if (this.records.length === 0) {
			// Counts only, the usual line of a busy child: written out directly, with no records
			// made and no JSON.stringify, which in a child's interpreted code cost a few µs a message.
			this.write(`[${this.pid},[["left-out",${this.leftRecv},${this.leftRecvBytes},${this.leftSend},${this.leftSendBytes},${this.leftPartial},${this.leftBlocked}],["syscalls",${syscalls}]]]\n`);
			this.resetLeft();
			return;
		}

		// Neither the left-out counts nor the system calls are in `chars`: MAX_FLUSH_CHARS leaves
		// room for both below PIPE_BUF.
		if (left > 0) {
			this.records.push(['left-out', this.leftRecv, this.leftRecvBytes, this.leftSend, this.leftSendBytes, this.leftPartial, this.leftBlocked]);
			this.resetLeft();
		}

		if (this.syscalls) {
			this.records.push(['syscalls', syscalls]);
		}

		const records = this.records;
		this.records = [];
		this.chars = 0;
		this.write(relayLine(this.pid, records));
	}

	private resetLeft(): void {
		this.leftRecv = 0;
		this.leftRecvBytes = 0;
		this.leftSend = 0;
		this.leftSendBytes = 0;
		this.leftPartial = 0;
		this.leftBlocked = 0;
	}

	private push(record: RelayRecord, chars: number): void {
		if (this.chars + chars > MAX_FLUSH_CHARS) {
			this.flush();
		}

		this.records.push(record);
		this.chars += chars;
	}
}

/** A line of the fork model's event pipe: `[pid, records]` and a newline. */
export function relayLine(pid: number, records: readonly RelayRecord[]): string {
	return `${JSON.stringify([pid, records])}\n`;
}
