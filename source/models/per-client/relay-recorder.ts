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

/** Wall-clock time in ms with a fraction, comparable between processes and threads. */
export function wallClock(): number {
	return performance.timeOrigin + performance.now();
}

/**
 * The probe of a process or thread that serves one client: it keeps records and hands them to
 * `sink` before any call that may block, every 25 ms while busy, and whenever a line's worth
 * has gathered. The sink must not need an event loop: a thread blocked in recv has none running.
 */
export class RelayRecorder implements ServeProbe {
	private records: RelayRecord[] = [];
	private chars = 0;
	private lastFlush = performance.now();

	private syscallsReported = 0;

	constructor(
		private readonly sink: (records: readonly RelayRecord[]) => void,
		/** This thread's system calls so far, if it counts them (sys/libc's syscallTotal): each flush carries the new ones. */
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
		if (data) {
			const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, RECV_HEAD_BYTES));
			this.push(['recv', bytes, head.toString('base64')], RECV_RECORD_CHARS);
		} else {
			this.push(['recv', bytes], NUMERIC_RECORD_CHARS);
		}
	}

	send(_fd: number, bytes: number, requested: number): void {
		this.push(['send', bytes, requested], NUMERIC_RECORD_CHARS);
	}

	count(name: 'eagain' | 'eintr'): void {
		this.push(['count', name], NUMERIC_RECORD_CHARS);
	}

	beforeBlocking(call: BlockingCall, _fd: number): void {
		this.push(['blocked-in', call], NUMERIC_RECORD_CHARS);
		this.flush();
	}

	closed(_fd: number, reason: CloseReason, detail?: string): void {
		const record: RelayRecord = detail === undefined ? ['closed', reason] : ['closed', reason, detail.slice(0, MAX_DETAIL_CHARS)];
		this.push(record, NUMERIC_RECORD_CHARS + Math.min(detail?.length ?? 0, MAX_DETAIL_CHARS));
	}

	error(syscall: string, code: string, detail: string): void {
		this.push(['error', syscall, code, detail.slice(0, MAX_DETAIL_CHARS)], NUMERIC_RECORD_CHARS * 2 + MAX_DETAIL_CHARS);
	}

	tick(): void {
		if (performance.now() - this.lastFlush >= FLUSH_MS) {
			this.flush();
		}
	}

	flush(): void {
		this.lastFlush = performance.now();
		if (this.records.length === 0) {
			return;
		}

		if (this.syscalls) {
			const total = this.syscalls();
			// Only beside what is flushed anyway: the count never makes a flush of its own. Its record
			// is not in `chars`: MAX_FLUSH_CHARS leaves room for it below PIPE_BUF.
			this.records.push(['syscalls', total - this.syscallsReported]);
			this.syscallsReported = total;
		}

		const records = this.records;
		this.records = [];
		this.chars = 0;
		this.sink(records);
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
export function relayLine(pid: number, records: readonly RelayRecord[]): Buffer {
	return Buffer.from(`${JSON.stringify([pid, records])}\n`);
}
