// The probe: how a model reports events and counters without being slowed down by whoever watches.
// Node 20's global `performance` is a lazy getter that runs on every use (a call and a global
// lookup per clock read); the module's binding is not. The model loops import it the same way.
import {performance} from 'node:perf_hooks';
import {errnoName} from '../../sys/errors.js';
import {syscallTotal} from '../../sys/libc.js';
import {
	RECV_HEAD_BYTES, emptyCounters, type BlockingCall, type ClientStats, type CloseReason, type Counters, type ProbeBatch,
	type ReadyFd, type RingCompletions, type WaitCallName, type ServerEvent, type ServerEventKind,
} from './events.js';

export {RECV_HEAD_BYTES} from './events.js';

/** Where batches go: a worker's parent port, a pipe to the parent process, a test's array. */
export type ProbeSink = (batch: ProbeBatch) => void;

/** Distributes `Omit` over a union, so each event kind keeps its own fields. */
type WithoutTime<T> = T extends unknown ? Omit<T, 't'> : never;

/** An event as a model hands it in; the probe stamps the time. */
export type ProbeEventInput = WithoutTime<ServerEvent>;

export type ProbeOptions = {
	/**
	 * Most detailed events in one batch; past it events are only counted and a `summary`
	 * event says how many of each kind were left out. Keeps memory and the UI bounded.
	 * @default 64
	 */
	readonly detailPerBatch?: number;
	/**
	 * Longest time pending events wait before a flush.
	 * @default 25
	 */
	readonly flushMs?: number;
	/**
	 * The same after a batch that overflowed its detail budget: under heavy traffic a batch
	 * carries the budget's detail and a summary whatever its interval, and posting one (a
	 * structured clone of every client changed) is then most of the probe's cost. The monitor
	 * draws 5 frames a second under heavy traffic, so it sees no difference.
	 * @default 100
	 */
	readonly busyFlushMs?: number;
	/** The thread id put on `blocked-in` events. */
	readonly tid?: number;
};

/**
 * Collects events, counters and per-client stats; hands them to the sink in batches.
 * A model must flush before any call that may block (a blocked thread cannot flush later):
 * `beforeBlocking()` does that, and `waitTimeout()` bounds a wait so a pending batch goes
 * out on time. Recording never blocks and never allocates once the batch budget is spent.
 */
export class Probe {
	/** Running totals; read them freely, change them through the methods (so a flush follows). */
	readonly counters: Counters = emptyCounters();
	private events: ServerEvent[] = [];
	private suppressed: Partial<Record<ServerEventKind, number>> = {};
	/** Connections' comings and goings kept in this batch: their own budget (emitLifecycle). */
	private lifecycleInBatch = 0;
	/**
	 * The kinds that come once per message, counted in plain fields: a keyed increment of
	 * `suppressed` on every call past the budget cost more than the rest of the probe together.
	 */
	private suppressedRecv = 0;
	private suppressedSend = 0;
	private suppressedReadiness = 0;
	/** io_uring's enter calls: once per turn of its loop, which may be once a message. */
	private suppressedRingEnters = 0;
	private suppressedAny = false;
	/** Error codes already shown in detail in the pending batch. */
	private errorCodesInBatch = new Set<string>();
	/** Open clients by fd: an array, not a Map, since every recv and send looks one up. */
	private readonly clients: Array<TrackedClient | undefined> = [];
	/** Clients changed since the last flush, each once (its `dirty` mark says it is here). */
	private dirty: TrackedClient[] = [];
	private countersChanged = false;
	private lastFlush = performance.now();
	private readonly detailPerBatch: number;
	private readonly flushMs: number;
	private readonly busyFlushMs: number;
	/** The flush interval in force: `flushMs`, or `busyFlushMs` while batches overflow. */
	private interval: number;
	private readonly tid: number;
	/** This thread's system-call count when the probe was made: the model's calls are those after. */
	private readonly syscallsBefore = syscallTotal();
	private syscallsOfOtherThreads = 0;

	constructor(private readonly sink: ProbeSink, {detailPerBatch = 64, flushMs = 25, busyFlushMs = Math.max(flushMs, 100), tid = 0}: ProbeOptions = {}) {
		this.detailPerBatch = detailPerBatch;
		this.flushMs = flushMs;
		this.busyFlushMs = busyFlushMs;
		this.interval = flushMs;
		this.tid = tid;
	}

	/** Whether an event of this kind would be kept in detail: skip building costly details when not. */
	wants(): boolean {
		return this.events.length < this.detailPerBatch;
	}

	/** Record an event: kept in detail while the batch has room, otherwise counted in the summary. */
	emit(event: ProbeEventInput): void {
		if (this.events.length < this.detailPerBatch) {
			this.events.push({...event, t: Date.now()} as ServerEvent);
		} else {
			this.suppress(event.kind);
		}
	}

	/**
	 * Record an event that is never summarised: process and thread lifecycle, capacity, CPU use.
	 * They come at most once per spawn or per second, so they cannot flood a batch, and whoever
	 * watches needs every one of them to know which processes and threads exist.
	 */
	emitEssential(event: ProbeEventInput): void {
		this.events.push({...event, t: Date.now()} as ServerEvent);
	}

	/**
	 * A connection accepted, closed or refused: kept in detail on a budget of its own, as large as
	 * the detail budget, so that a batch filled with busy clients' recv and send still shows who
	 * came and who left (what a learner watches the log for). Past it, counted in the summary:
	 * under churn a batch holds at most twice the budget.
	 */
	private emitLifecycle(event: ProbeEventInput): void {
		if (this.lifecycleInBatch < this.detailPerBatch) {
			this.lifecycleInBatch++;
			this.events.push({...event, t: Date.now()} as ServerEvent);
		} else {
			this.suppress(event.kind);
		}
	}

	private suppress(kind: ServerEventKind): void {
		this.suppressed[kind] = (this.suppressed[kind] ?? 0) + 1;
		this.suppressedAny = true;
	}

	/** Mark a client changed: it goes out with the next flush. */
	private touch(client: TrackedClient): void {
		if (!client.dirty) {
			client.dirty = true;
			this.dirty.push(client);
		}
	}

	/** Count occurrences of something with no event of its own (`eagain`, `eintr`). */
	count(name: 'eagain' | 'eintr', times = 1): void {
		this.counters[name] += times;
		this.countersChanged = true;
	}

	/**
	 * Calls made elsewhere that were not kept in detail there (a client thread's full ring):
	 * counted at once, in the counters, the client's stats and the summary, as this probe counts
	 * its own calls past the batch budget. `partialSends`: sends that took less than asked.
	 */
	leftOut(fd: number, kind: 'recv' | 'send' | 'blocked-in', calls: number, bytes = 0, partialSends = 0): void {
		const counters = this.counters;
		const client = this.clients[fd];
		if (kind === 'recv') {
			counters.recvCalls += calls;
			counters.recvBytes += bytes;
			this.suppressedRecv += calls;
			if (client) {
				client.recvCalls += calls;
				client.bytesIn += bytes;
				this.touch(client);
			}
		} else if (kind === 'send') {
			counters.sendCalls += calls;
			counters.sendBytes += bytes;
			counters.partialSends += partialSends;
			this.suppressedSend += calls;
			if (client) {
				client.sendCalls += calls;
				client.bytesOut += bytes;
				this.touch(client);
			}
		} else {
			this.suppressed[kind] = (this.suppressed[kind] ?? 0) + calls;
		}

		this.suppressedAny ||= calls > 0;
		this.countersChanged = true;
	}

	/**
	 * System calls made where this thread's count cannot see them (another thread of the model:
	 * a client thread, say), added to `counters.syscalls`.
	 */
	syscallsElsewhere(count: number): void {
		this.syscallsOfOtherThreads += count;
		this.countersChanged = true;
	}

	/** The model listens on `fd`; `controlFd` when its wait call watches the control eventfd too. */
	listening(fd: number, host: string, port: number, backlog: number, controlFd?: number): void {
		this.emit(controlFd === undefined ? {kind: 'listening', fd, host, port, backlog} : {kind: 'listening', fd, host, port, backlog, controlFd});
	}

	/** A new client; its owner is the thread or process serving it (this probe's thread unless said). */
	accepted(fd: number, peer: string, owner: {readonly tid?: number; readonly pid?: number} = this.tid ? {tid: this.tid} : {}): void {
		this.counters.accepted++;
		const client = new TrackedClient(fd, peer);
		this.clients[fd] = client;
		this.touch(client);
		this.emitLifecycle({kind: 'accepted', fd, peer, ...owner});
	}

	/**
	 * A recv that returned `bytes` into `data` (from its start) lends the event a copy of its
	 * first few bytes: the model reuses its buffer for the next recv before the batch is posted.
	 */
	recv(fd: number, bytes: number, data?: Uint8Array): void {
		this.counters.recvCalls++;
		this.counters.recvBytes += bytes;
		this.countersChanged = true;
		const client = this.clients[fd];
		if (client) {
			client.recvCalls++;
			client.bytesIn += bytes;
			this.touch(client);
		}

		if (this.events.length < this.detailPerBatch) {
			this.events.push(data
				? {kind: 'recv', fd, bytes, head: new Uint8Array(data.subarray(0, Math.min(bytes, RECV_HEAD_BYTES))), t: Date.now()}
				: {kind: 'recv', fd, bytes, t: Date.now()});
		} else {
			this.suppressedRecv++;
			this.suppressedAny = true;
		}
	}

	send(fd: number, bytes: number, requested: number): void {
		this.counters.sendCalls++;
		this.counters.sendBytes += bytes;
		this.countersChanged = true;
		if (bytes < requested) {
			this.counters.partialSends++;
		}

		const client = this.clients[fd];
		if (client) {
			client.sendCalls++;
			client.bytesOut += bytes;
			this.touch(client);
		}

		if (this.events.length < this.detailPerBatch) {
			this.events.push({kind: 'send', fd, bytes, requested, t: Date.now()});
		} else {
			this.suppressedSend++;
			this.suppressedAny = true;
		}
	}

	/** Bytes the application holds for a client (received, not yet echoed). */
	appQueue(fd: number, bytes: number): void {
		const client = this.clients[fd];
		if (client && client.appQueue !== bytes) {
			client.appQueue = bytes;
			this.touch(client);
		}
	}

	closed(fd: number, reason: CloseReason, detail?: string): void {
		this.counters.closed++;
		const client = this.clients[fd];
		if (client) {
			client.closed = true;
			client.appQueue = 0;
			this.touch(client);
			this.clients[fd] = undefined;
		}

		this.emitLifecycle(detail === undefined ? {kind: 'closed', fd, reason} : {kind: 'closed', fd, reason, detail});
	}

	refused(fd: number, peer: string, reason: string): void {
		this.counters.refused++;
		this.emitLifecycle({kind: 'refused', fd, peer, reason});
	}

	/** A failed call, by errno number (negative or positive) or name. */
	/**
	 * An error: the first of each code in a batch is always kept in detail, past the batch budget
	 * too, so a summary never hides which errors happened (an EBADF among a flood of ECONNRESET).
	 */
	error(syscall: string, errno: number | string, detail: string, fd?: number): void {
		this.counters.errors++;
		const code = typeof errno === 'string' ? errno : errnoName(Math.abs(errno));
		const event: ProbeEventInput = fd === undefined ? {kind: 'error', syscall, code, detail} : {kind: 'error', syscall, code, detail, fd};
		if (this.errorCodesInBatch.has(code)) {
			this.emit(event);
		} else {
			this.errorCodesInBatch.add(code);
			this.emitEssential(event);
		}
	}

	/**
	 * One wait call that returned `readyCount` fds after `durationUs`, given `timeoutMs`. `ready`
	 * is only called while detail is wanted: past the batch budget this allocates nothing.
	 */
	readiness(
		call: WaitCallName, watched: number, scanned: number, readyCount: number,
		durationUs: number, timeoutMs: number, ready: () => readonly ReadyFd[],
	): void {
		this.counters.waitCalls++;
		this.counters.waitUs += durationUs;
		this.counters.readyFds += readyCount;
		this.countersChanged = true;
		if (this.events.length < this.detailPerBatch) {
			this.events.push({kind: 'readiness', call, watched, scanned, ready: ready(), durationUs, timeoutMs, t: Date.now()});
		} else {
			this.suppressedReadiness++;
			this.suppressedAny = true;
		}
	}

	/** One io_uring_enter call that submitted or completed requests; `completions` is copied only when the event is kept. */
	ringEnter(call: Omit<Extract<ProbeEventInput, {kind: 'io-uring-enter'}>, 'kind' | 'completions'>, completions: Readonly<RingCompletions>): void {
		if (this.events.length < this.detailPerBatch) {
			this.events.push({kind: 'io-uring-enter', ...call, completions: {...completions}, t: Date.now()});
		} else {
			this.ringEnterLeftOut();
		}
	}

	/** An io_uring_enter call counted in the summary, not kept: for a caller that checked `wants()` first and built nothing. */
	ringEnterLeftOut(): void {
		this.suppressedRingEnters++;
		this.suppressedAny = true;
	}

	/** io_uring's totals as its ring counted them: every io_uring_enter call (one that only timed out too), SQE and CQE. */
	ringTotals({enterCalls, submitted, completed}: {readonly enterCalls: number; readonly submitted: number; readonly completed: number}): void {
		const counters = this.counters;
		if (counters.enterCalls !== enterCalls || counters.submitted !== submitted || counters.completed !== completed) {
			counters.enterCalls = enterCalls;
			counters.submitted = submitted;
			counters.completed = completed;
			this.countersChanged = true;
		}
	}

	/** Say which call this thread is about to block in, and flush: nothing can be sent while blocked. */
	beforeBlocking(call: BlockingCall, fd: number): void {
		this.emit({kind: 'blocked-in', call, fd, tid: this.tid});
		this.flush();
	}

	/** A wait timeout (ms, < 0 = forever) shortened so that pending events are flushed on time. */
	waitTimeout(timeoutMs: number): number {
		if (!this.hasPending()) {
			return timeoutMs;
		}

		const remaining = Math.max(0, this.interval - (performance.now() - this.lastFlush));
		return timeoutMs < 0 ? remaining : Math.min(timeoutMs, remaining);
	}

	/** Flush if the last flush is older than the flush interval. Call once per loop iteration. */
	tick(): void {
		if (performance.now() - this.lastFlush >= this.interval) {
			this.flush();
		}
	}

	/** Hand everything pending to the sink now. */
	flush(): void {
		this.lastFlush = performance.now();
		// Read here, not per call: sys counts each call with one increment and nothing more.
		const syscalls = syscallTotal() - this.syscallsBefore + this.syscallsOfOtherThreads;
		if (syscalls !== this.counters.syscalls) {
			this.counters.syscalls = syscalls;
			this.countersChanged = true;
		}

		if (!this.hasPending()) {
			return;
		}

		this.interval = this.suppressedAny ? this.busyFlushMs : this.flushMs;
		if (this.suppressedAny) {
			this.events.push({kind: 'summary', suppressed: this.takeSuppressed(), t: Date.now()});
		}

		this.errorCodesInBatch.clear();
		const clients = this.dirty.map(client => client.snapshot());
		const batch: ProbeBatch = {events: this.events, counters: {...this.counters}, clients};
		this.events = [];
		this.lifecycleInBatch = 0;
		this.dirty = [];
		this.countersChanged = false;
		this.sink(batch);
	}

	/** The counts left out of detail since the last flush, by kind, and none left after. */
	private takeSuppressed(): Partial<Record<ServerEventKind, number>> {
		const suppressed = this.suppressed;
		for (const [kind, count] of [['recv', this.suppressedRecv], ['send', this.suppressedSend], ['readiness', this.suppressedReadiness], ['io-uring-enter', this.suppressedRingEnters]] as const) {
			if (count > 0) {
				suppressed[kind] = (suppressed[kind] ?? 0) + count;
			}
		}

		this.suppressed = {};
		this.suppressedRecv = 0;
		this.suppressedSend = 0;
		this.suppressedReadiness = 0;
		this.suppressedRingEnters = 0;
		this.suppressedAny = false;
		return suppressed;
	}

	private hasPending(): boolean {
		return this.events.length > 0 || this.suppressedAny || this.dirty.length > 0 || this.countersChanged;
	}
}

/** A client's running stats, and whether they changed since the last flush. */
class TrackedClient implements ClientStats {
	bytesIn = 0;
	bytesOut = 0;
	recvCalls = 0;
	sendCalls = 0;
	appQueue = 0;
	closed = false;
	dirty = false;

	constructor(
		readonly fd: number,
		readonly peer: string,
	) {}

	/** A plain copy to post (a MessagePort clones own fields; `dirty` is the probe's business), and clean again. */
	snapshot(): ClientStats {
		this.dirty = false;
		const {fd, peer, bytesIn, bytesOut, recvCalls, sendCalls, appQueue, closed} = this;
		return {fd, peer, bytesIn, bytesOut, recvCalls, sendCalls, appQueue, closed};
	}
}
