// Recording the events of a client served in its own process, as lines of the fork model's event pipe, to be replayed into the model's probe (relay.ts).
// Loads nothing heavy: a fork model's child imports it, and starts faster for every module it does not load.
import {RECV_HEAD_BYTES, type BlockingCall, type CloseReason} from '../probe/events.js';

/** One thing a serving process or thread did, compact enough to cross a pipe or a MessagePort. */
export type RelayRecord =
	| readonly ['ready', tid: number, at: number, rssKb: number]
	| readonly ['rss', rssKb: number]
	| readonly ['recv', bytes: number, head?: string]
	| readonly ['send', bytes: number, requested: number]
	| readonly ['count', name: 'eagain' | 'eintr']
	/** System calls made since the last flush, where they are counted (a fork child counts its fs calls). */
	| readonly ['syscalls', count: number]
	| readonly ['blocked-in', call: BlockingCall]
	/** Calls that were counted, not recorded in detail: the model's probe counts their events in its summary. */
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

/** Wall-clock time in ms with a fraction, comparable between processes and threads. */
export function wallClock(): number {
	return performance.timeOrigin + performance.now();
}

/**
 * What a fork model's child records, written as lines of the event pipe: records are kept until
 * `flush` (before any call that may block: a child blocked in read cannot write anything later)
 * or until a line's worth has gathered. The writing must not need an event loop.
 */
export class RelayRecorder {
	private records: RelayRecord[] = [];
	private chars = 0;
	private syscallsReported = 0;

	constructor(
		/** Where lines go (the event pipe), each shorter than PIPE_BUF. */
		private readonly write: (line: string) => void,
		/** Who records, at the start of every line: the parent tells its children apart by it. */
		private readonly pid: number,
		/** This process's system calls so far (fs-blocking-io's fsSyscallTotal): each flush carries the new ones. */
		private readonly syscalls: () => number = () => 0,
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
	recv(bytes: number, data?: Uint8Array): void {
		if (data) {
			const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, RECV_HEAD_BYTES));
			this.push(['recv', bytes, head.toString('base64')], RECV_RECORD_CHARS);
		} else {
			this.push(['recv', bytes], NUMERIC_RECORD_CHARS);
		}
	}

	send(bytes: number, requested: number): void {
		this.push(['send', bytes, requested], NUMERIC_RECORD_CHARS);
	}

	count(name: 'eagain' | 'eintr'): void {
		this.push(['count', name], NUMERIC_RECORD_CHARS);
	}

	/** About to block in `call`: said, and flushed. */
	beforeBlocking(call: BlockingCall): void {
		this.push(['blocked-in', call], NUMERIC_RECORD_CHARS);
		this.flush();
	}

	closed(reason: CloseReason, detail?: string): void {
		const record: RelayRecord = detail === undefined ? ['closed', reason] : ['closed', reason, detail.slice(0, MAX_DETAIL_CHARS)];
		this.push(record, NUMERIC_RECORD_CHARS + Math.min(detail?.length ?? 0, MAX_DETAIL_CHARS));
	}

	error(syscall: string, code: string, detail: string): void {
		this.push(['error', syscall, code, detail.slice(0, MAX_DETAIL_CHARS)], NUMERIC_RECORD_CHARS * 2 + MAX_DETAIL_CHARS);
	}

	/**
	 * Calls counted, not recorded, flushed now with whatever else is pending. With nothing else,
	 * the usual line of a busy child, it is written out directly: no records are made and no
	 * JSON.stringify runs, which in a child's not yet optimized code cost a few µs a message.
	 */
	counted(recvCalls: number, recvBytes: number, sendCalls: number, sendBytes: number, partialSends: number, blockedIn: number): void {
		if (this.records.length > 0) {
			// Not in `chars`: MAX_FLUSH_CHARS leaves room for it and the system calls below PIPE_BUF.
			this.records.push(['left-out', recvCalls, recvBytes, sendCalls, sendBytes, partialSends, blockedIn]);
			this.flush();
			return;
		}

		const syscalls = this.newSyscalls();
		this.write(`[${this.pid},[["left-out",${recvCalls},${recvBytes},${sendCalls},${sendBytes},${partialSends},${blockedIn}],["syscalls",${syscalls}]]]\n`);
	}

	flush(): void {
		if (this.records.length === 0) {
			return;
		}

		// Only beside what is flushed anyway: the count never makes a flush of its own.
		this.records.push(['syscalls', this.newSyscalls()]);
		const records = this.records;
		this.records = [];
		this.chars = 0;
		this.write(relayLine(this.pid, records));
	}

	/** System calls since the last line that said how many. */
	private newSyscalls(): number {
		const total = this.syscalls();
		const count = total - this.syscallsReported;
		this.syscallsReported = total;
		return count;
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
function relayLine(pid: number, records: readonly RelayRecord[]): string {
	return `${JSON.stringify([pid, records])}\n`;
}
