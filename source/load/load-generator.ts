// The load loop: many non-blocking TCP clients on one epoll set (epoll(7), connect(2)), checking every echoed byte.
import {
	EPOLLERR, EPOLLHUP, EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLL_CTL_ADD, EPOLL_CTL_MOD, EpollEvents, SysError, close, connect,
	epollCreate1, epollCtl, epollWait, errno, errnoName, raiseFileLimit, recv, send, setNoDelay, socketTcp,
} from '../sys/index.js';
import {LatencyHistogram} from './latency-histogram.js';
import type {LoadResult, ResolvedLoadOptions} from './load-options.js';
import {Payload} from './payload.js';

const waiting = 0;
const connecting = 1;
const open = 2;
const done = 3;

/** Handshakes in flight at once: beyond the server's listen backlog more SYNs only cause retransmits. */
const connectBatch = 256;
/** Events per epoll_wait: large, so one call (and one clock read) serves a whole round of clients. */
const maxEvents = 1024;
/** One recv reads at most this much; level-triggered, so what is left is reported again. */
const receiveSize = 65_536;
/** How often, before the window opens, the loop looks whether it may. */
const SETTLE_CHECK_MS = 50;
/** No client's first echo for this long: the others are not going to be served soon (blocking). */
const SETTLE_IDLE_MS = 1000;
/** The longest the window waits for every client to be served once. */
const SETTLE_MAX_MS = 30_000;
/**
 * Runs one load: connects `clients` connections in bounded batches, keeps `depth` messages in
 * flight on each (or, in `open` mode, sends `rate` a second on each, on schedule), checks every
 * echoed byte, and stops by itself after the warm-up plus `seconds`, closing every socket.
 * Synchronous: it owns its thread (its process) while it runs.
 */
export function generateLoad(options: ResolvedLoadOptions, hooks: LoadHooks = {}): LoadResult {
	return new LoadGenerator(options, hooks).run();
}

/** What a load tells as it runs. */
export type LoadHooks = {
	/**
	 * The measured window opens or closes now: whoever measures the server over the same
	 * seconds (its CPU) reads its clocks then. Called synchronously, from the load's loop.
	 */
	readonly onWindow?: (edge: 'open' | 'close') => void;
};

class LoadGenerator {
	// Per-connection state in typed arrays, indexed by connection: no object per connection or message.
	private readonly state: Uint8Array;
	private readonly fds: Int32Array;
	/** Messages started; message k's start time is at `started[c * depth + k % depth]`. */
	private readonly issued: Float64Array;
	private readonly sent: Float64Array;
	private readonly received: Float64Array;
	private readonly wantsWrite: Uint8Array;
	private readonly started: Float64Array;
	/** Open mode: when connection c's message 0 is due; message k is due `interval` ms apart after it. */
	private readonly firstDue: Float64Array;
	private connectionByFd = new Int32Array(1024).fill(-1);

	private readonly payload: Payload;
	private readonly rx = Buffer.allocUnsafe(receiveSize);
	private readonly events = new EpollEvents(maxEvents);
	private readonly histogram = new LatencyHistogram();
	private readonly errors = new Map<string, number>();
	private epfd = -1;
	/** The clock, read once per epoll batch: per-message reads would cost more than they tell. */
	private now = 0;
	private counting = false;
	/** Connections echoed at least once, and when the last of them had its first echo. */
	private firstServed = 0;
	private lastFirstServedAt = 0;
	private nextToConnect = 0;
	private inHandshake = 0;
	private connected = 0;
	private connectFailures = 0;
	private messages = 0;
	private bytes = 0;
	private corruptBytes = 0;
	private closedByServer = 0;
	/** Open mode: ms between two messages of one connection, and between two connections' turns. */
	private readonly interval: number;
	private readonly step: number;
	/** Open mode: when the schedule started, and the next turn (turn j is connection j % clients's, at start + j × step). */
	private scheduleStart = 0;
	private nextTurn = 0;

	constructor(private readonly options: ResolvedLoadOptions, private readonly hooks: LoadHooks) {
		const {clients, depth, size, rate} = options;
		this.state = new Uint8Array(clients);
		this.fds = new Int32Array(clients).fill(-1);
		this.issued = new Float64Array(clients);
		this.sent = new Float64Array(clients);
		this.received = new Float64Array(clients);
		this.wantsWrite = new Uint8Array(clients);
		this.started = new Float64Array(clients * depth);
		this.firstDue = new Float64Array(clients);
		this.interval = rate > 0 ? 1000 / rate : 0;
		this.step = this.interval / clients;
		this.payload = new Payload(Math.max(size * depth, receiveSize));
	}

	private get isOpen(): boolean {
		return this.options.mode === 'open';
	}

	run(): LoadResult {
		raiseFileLimit();
		this.epfd = epollCreate1();
		const {seconds, warmupSeconds} = this.options;
		try {
			this.now = performance.now();
			this.scheduleStart = this.now;
			const earliest = this.now + (warmupSeconds * 1000);
			let windowEnd = Number.POSITIVE_INFINITY;
			let windowOpenedAt = 0;
			this.connectMore();
			while (this.now < windowEnd) {
				// A batch holds what happened since the previous clock read: counted if that read was in the window.
				const before = this.now;
				// Before the window opens, wake at least every 50 ms to see whether it may.
				const until = this.counting ? windowEnd : before + SETTLE_CHECK_MS;
				const count = epollWait(this.epfd, this.events, this.isOpen ? this.untilNextTurn(until) : until - this.now);
				this.now = performance.now();
				if (count < 0 && count !== -errno.EINTR) {
					throw new SysError('epoll_wait', -count);
				}

				if (!this.counting && this.isSettled(before, earliest)) {
					this.counting = true;
					windowOpenedAt = before;
					windowEnd = before + (seconds * 1000);
					this.hooks.onWindow?.('open');
				}

				for (let index = 0; index < count; index++) {
					this.dispatch(this.events.fd(index), this.events.events(index));
				}

				if (this.isOpen) {
					this.issueDue();
				}

				this.connectMore();
			}

			this.hooks.onWindow?.('close');
			return this.result(this.counting ? (this.now - windowOpenedAt) / 1000 : 0);
		} finally {
			this.closeAll();
		}
	}

	/**
	 * Whether the measured window may open at `at`: after the minimum warm-up, once every client
	 * has had its first echo, or none has had one for SETTLE_IDLE_MS (a blocking server serves
	 * one at a time; the rest wait in its backlog for ever), and at the latest after SETTLE_MAX_MS.
	 * So a server that starts a process or a thread per client is measured once they are
	 * started, not while: what a start costs is a figure of its own.
	 */
	private isSettled(at: number, earliest: number): boolean {
		if (at < earliest) {
			return false;
		}

		const everyone = this.connected + this.connectFailures >= this.options.clients && this.firstServed >= this.connected;
		const stalled = at - Math.max(this.lastFirstServedAt, earliest) >= SETTLE_IDLE_MS;
		return everyone || stalled || at - earliest >= SETTLE_MAX_MS;
	}

	private dispatch(fd: number, events: number): void {
		const c = fd < this.connectionByFd.length ? this.connectionByFd[fd]! : -1;
		if (c < 0) {
			return;
		}

		if (this.state[c] === connecting) {
			this.finishConnect(c, events);
			return;
		}

		// EPOLLHUP, EPOLLERR and EPOLLRDHUP come with EPOLLIN or not: recv tells which it was.
		if ((events & ~EPOLLOUT) !== 0) {
			this.receive(c);
		}

		if (this.state[c] === open && (events & EPOLLOUT) !== 0) {
			this.pump(c);
		}
	}

	private connectMore(): void {
		const {clients, host, port} = this.options;
		while (this.inHandshake < connectBatch && this.nextToConnect < clients) {
			const c = this.nextToConnect++;
			let fd: number;
			try {
				fd = socketTcp({nonBlocking: true}); // EMFILE past the file limit, counted as a connect failure
				this.fds[c] = fd;
				this.mapFd(fd, c);
				setNoDelay(fd); // small messages go out at once; pipelining must not turn into Nagle batching
			} catch (error) {
				this.fail(c, error instanceof SysError ? error.code : String(error), true);
				continue;
			}

			const result = connect(fd, host, port);
			if (result === 0) {
				this.opened(c, true);
			} else if (result === -errno.EINPROGRESS) {
				this.state[c] = connecting;
				this.inHandshake++;
				epollCtl(this.epfd, EPOLL_CTL_ADD, fd, EPOLLOUT); // writable = the handshake is over, either way
			} else {
				this.fail(c, errnoName(-result), true);
			}
		}
	}

	private finishConnect(c: number, events: number): void {
		this.inHandshake--;
		if ((events & (EPOLLERR | EPOLLHUP)) === 0) {
			this.opened(c, false);
			return;
		}

		// A second connect() on a failed handshake returns its pending error (ECONNREFUSED, ETIMEDOUT ...).
		const result = connect(this.fds[c]!, this.options.host, this.options.port);
		this.fail(c, result < 0 ? errnoName(-result) : 'EPOLLERR', true);
	}

	private opened(c: number, isNew: boolean): void {
		this.state[c] = open;
		this.connected++;
		if (this.isOpen) {
			// Its first turn from now on: the schedule is not owed for the time before the connection.
			const phase = this.scheduleStart + (c * this.step);
			this.firstDue[c] = phase + (Math.ceil(Math.max(0, this.now - phase) / this.interval) * this.interval);
		}

		// Level-triggered reads: one recv per event, no extra recv just to see EAGAIN.
		epollCtl(this.epfd, isNew ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, this.fds[c]!, EPOLLIN | EPOLLRDHUP);
		this.issue(c);
		this.pump(c);
	}

	/**
	 * Open mode: the epoll_wait timeout that wakes for the next connection's turn (or the window's
	 * end). Rounded down: epoll_wait counts whole ms, and a send late by most of one would show as
	 * latency; under a millisecond away, the wait only polls.
	 */
	private untilNextTurn(windowEnd: number): number {
		const next = this.scheduleStart + (this.nextTurn * this.step);
		return Math.max(0, Math.floor(Math.min(next, windowEnd) - this.now));
	}

	/** Open mode: every connection whose turn has come since the last call sends what is due. */
	private issueDue(): void {
		const {clients} = this.options;
		const due = Math.floor((this.now - this.scheduleStart) / this.step) + 1;
		if (due - this.nextTurn >= clients) {
			// A whole round or more went by (a long batch): each connection once is enough.
			for (let c = 0; c < clients; c++) {
				this.issueOnSchedule(c);
			}
		} else {
			for (let turn = this.nextTurn; turn < due; turn++) {
				this.issueOnSchedule(turn % clients);
			}
		}

		this.nextTurn = Math.max(this.nextTurn, due);
	}

	/** Open mode: starts every message of `c` whose time has come, whatever is still in flight. */
	private issueOnSchedule(c: number): void {
		if (this.state[c] !== open) {
			return;
		}

		// The small addition keeps a turn that lands exactly on its time from rounding to the one before.
		const due = Math.floor(((this.now - this.firstDue[c]!) / this.interval) + 1e-9) + 1;
		if (due > this.issued[c]!) {
			this.issued[c] = due;
			this.pump(c);
		}
	}

	/** When message `message` of `c` started: queued for send (closed loop), or due (open loop). */
	private startOf(c: number, message: number): number {
		return this.isOpen ? this.firstDue[c]! + (message * this.interval) : this.started[(c * this.options.depth) + (message % this.options.depth)]!;
	}

	/** Starts messages until `depth` are in flight; a message's clock starts when it is queued for send. */
	private issue(c: number): void {
		if (this.isOpen) {
			return; // The schedule starts them, not the echoes.
		}

		const {depth, size} = this.options;
		const completed = Math.floor(this.received[c]! / size);
		let issued = this.issued[c]!;
		while (issued - completed < depth) {
			this.started[(c * depth) + (issued % depth)] = this.now;
			issued++;
		}

		this.issued[c] = issued;
	}

	/** Sends what is due; on a full send buffer, asks for EPOLLOUT until it drains. */
	private pump(c: number): void {
		const fd = this.fds[c]!;
		const due = this.issued[c]! * this.options.size;
		let sent = this.sent[c]!;
		while (sent < due) {
			// At most a window at once: an open-loop connection far behind its schedule owes more.
			const result = send(fd, this.payload.bytes, this.payload.start(c, sent), Math.min(due - sent, this.payload.window));
			if (result > 0) {
				sent += result;
			} else if (result === -errno.EAGAIN) {
				this.sent[c] = sent;
				if (this.wantsWrite[c] === 0) {
					this.wantsWrite[c] = 1;
					epollCtl(this.epfd, EPOLL_CTL_MOD, fd, EPOLLIN | EPOLLRDHUP | EPOLLOUT);
				}

				return;
			} else if (result !== -errno.EINTR) {
				this.fail(c, errnoName(-result), false);
				return;
			}
		}

		this.sent[c] = sent;
		if (this.wantsWrite[c] === 1) {
			this.wantsWrite[c] = 0;
			epollCtl(this.epfd, EPOLL_CTL_MOD, fd, EPOLLIN | EPOLLRDHUP);
		}
	}

	private receive(c: number): void {
		const count = recv(this.fds[c]!, this.rx);
		if (count === 0) {
			this.closedByServer++;
			this.drop(c);
			return;
		}

		if (count < 0) {
			if (count !== -errno.EAGAIN && count !== -errno.EINTR) {
				this.fail(c, errnoName(-count), false);
			}

			return;
		}

		const {size} = this.options;
		const before = this.received[c]!;
		// Bytes past what was sent cannot be an echo: they are corrupt by definition.
		const checkable = Math.min(count, Math.max(0, this.sent[c]! - before));
		this.corruptBytes += this.payload.mismatches(this.rx, checkable, this.payload.start(c, before)) + (count - checkable);
		const after = before + count;
		this.received[c] = after;
		if (before === 0) {
			this.firstServed++;
			this.lastFirstServedAt = this.now;
		}

		const last = Math.floor(after / size);
		if (this.counting) {
			this.bytes += count;
			for (let message = Math.floor(before / size); message < last; message++) {
				this.histogram.record(this.now - this.startOf(c, message));
				this.messages++;
			}
		}

		this.issue(c);
		this.pump(c);
	}

	private fail(c: number, name: string, isConnect: boolean): void {
		this.errors.set(name, (this.errors.get(name) ?? 0) + 1);
		if (isConnect) {
			this.connectFailures++;
		}

		this.drop(c);
	}

	private drop(c: number): void {
		const fd = this.fds[c]!;
		if (fd >= 0) {
			close(fd); // also leaves the epoll set: nothing else holds this socket
			this.connectionByFd[fd] = -1;
			this.fds[c] = -1;
		}

		this.state[c] = done;
	}

	private mapFd(fd: number, c: number): void {
		if (fd >= this.connectionByFd.length) {
			const larger = new Int32Array(Math.max(fd + 1, this.connectionByFd.length * 2)).fill(-1);
			larger.set(this.connectionByFd);
			this.connectionByFd = larger;
		}

		this.connectionByFd[fd] = c;
	}

	private closeAll(): void {
		for (let c = 0; c < this.options.clients; c++) {
			if (this.state[c] !== waiting) {
				this.drop(c);
			}
		}

		if (this.epfd >= 0) {
			close(this.epfd);
			this.epfd = -1;
		}
	}

	private result(seconds: number): LoadResult {
		const {clients, size, mode, depth, rate} = this.options;
		const {p50, p99, max} = this.histogram.summary();
		return {
			clients,
			connected: this.connected,
			connectFailures: this.connectFailures,
			size,
			mode,
			depth,
			rate,
			seconds,
			messages: this.messages,
			bytes: this.bytes,
			messagesPerSecond: seconds > 0 ? this.messages / seconds : 0,
			mbPerSecond: seconds > 0 ? this.bytes / seconds / 1e6 : 0,
			latencyMs: {p50, p99, p999: this.histogram.percentile(0.999), max},
			corruptBytes: this.corruptBytes,
			errors: Object.fromEntries(this.errors),
			closedByServer: this.closedByServer,
			served: this.received.reduce((count, bytes) => count + (bytes > 0 ? 1 : 0), 0),
		};
	}
}
