// Everything the monitor shows, gathered from the engine and the built-in clients; read as a snapshot per frame.
import type {ClientStats, Counters, ProbeBatch, ReadyFd, ServerEvent} from '../models/events.js';
import {emptyCounters} from '../models/events.js';
import type {QueueSample, SocketSample} from '../engine/queue-sampler.js';
import type {BuiltinClientReport, BuiltinReport} from '../load/builtin-protocol.js';
import {escapeBytes} from '../util/escape-bytes.js';
import {clock, formatEvent} from '../commands/format-event.js';

/** Samples kept for the charts (100 ms apart: 24 s). */
export const HISTORY_LENGTH = 240;
/** Lines a snapshot carries for the event log: more than any terminal shows at once. */
export const LOG_LENGTH = 120;
/** Wait calls kept for the readiness panel. */
const READINESS_LENGTH = 8;
/** A client with traffic this recent counts as being served rather than idle. */
const ACTIVE_MS = 1000;
/** Client rows a snapshot carries. */
const VISIBLE_CLIENTS = 100;
/** Deepest connections listed in the queue panel. */
const DEEPEST = 3;

/** The port of a `host:port` address. */
function peerPort(peer: string): number {
	return Number(peer.slice(peer.lastIndexOf(':') + 1));
}

/** Where a client stands, as the clients panel shows it. */
export type ClientRowState = 'waiting' | 'served' | 'idle' | 'closing';

/** One line of the clients panel: the server's view and, for built-in clients, the client's. */
export type ClientRow = {
	/** The peer address as the server sees it, or `127.0.0.1:<port>` for a client still in the backlog. */
	readonly peer: string;
	readonly fd?: number;
	/** The thread or process serving it: `tid 812`, `pid 4410`. */
	readonly owner?: string;
	/** Built-in client number; undefined for external clients. */
	readonly builtinId?: number;
	readonly state: ClientRowState;
	readonly bytesIn: number;
	readonly bytesOut: number;
	readonly recvCalls: number;
	readonly sendCalls: number;
	/** Kernel receive and send queues (bytes), when sampled. */
	readonly receiveQueue?: number;
	readonly sendQueue?: number;
	/** Bytes the server application holds for the client. */
	readonly appQueue: number;
	/** Echoed bytes a built-in client found wrong. */
	readonly mismatchedBytes: number;
	/** The last bytes received from the client, escaped for the terminal. */
	readonly lastData?: string;
};

/** One wait call, for the readiness panel. */
export type WaitCall = {
	readonly t: number;
	readonly call: string;
	readonly watched: number;
	readonly scanned: number;
	readonly ready: readonly ReadyFd[];
};

/** What a thread or process is blocked in, for the models that block. */
export type BlockedThread = {
	readonly tid: number;
	readonly call: string;
	readonly fd: number;
	readonly since: number;
	/** False once the thread reported something after blocking. */
	readonly blocked: boolean;
};

/** One event log line. */
export type LogLine = {readonly t: number; readonly kind: ServerEvent['kind']; readonly text: string};

/** Per-second rates over the last sampling window. */
export type Rates = {
	readonly recvCalls: number;
	readonly sendCalls: number;
	readonly bytesIn: number;
	readonly waitCalls: number;
	readonly eagain: number;
};

/** Everything one frame shows. */
export type MonitorSnapshot = {
	readonly modelId: string;
	readonly host: string;
	readonly port: number;
	readonly startedAt: number;
	readonly readOnce: boolean;
	readonly auto: boolean;
	readonly counters: Counters;
	readonly rates: Rates;
	/** The first rows of the clients panel (never more than any terminal shows). */
	readonly clients: readonly ClientRow[];
	/** Every client: accepted by the server, or built-in and still in the backlog. */
	readonly clientCount: number;
	/** Built-in clients connected but not yet accepted. */
	readonly waitingCount: number;
	/** The connections with the most bytes queued (kernel and application). */
	readonly deepest: readonly ClientRow[];
	readonly builtinCount: number;
	readonly mismatchedBytes: number;
	readonly acceptQueue?: {readonly depth: number; readonly limit: number};
	readonly acceptHistory: readonly number[];
	readonly receiveQueueHistory: readonly number[];
	readonly appQueueHistory: readonly number[];
	readonly waits: readonly WaitCall[];
	readonly threads: readonly BlockedThread[];
	readonly log: readonly LogLine[];
	readonly logPaused: boolean;
	/** Lines that arrived while the log was paused. */
	readonly unseenLines: number;
	/** The last failure of the running model, if any. */
	readonly failure?: string;
};

type ServerClient = ClientStats & {lastActive: number; lastData?: string; owner?: string};

/** Append, keeping at most `limit` entries; trims in bulk so a burst costs O(1) per entry. */
function push<T>(list: T[], value: T, limit: number): void {
	list.push(value);
	if (list.length >= limit * 2) {
		list.splice(0, list.length - limit);
	}
}

/** A log entry: formatted only if it is ever shown (most scroll past unseen at high rates). */
type LogEntry = ServerEvent | LogLine;

function toLine(entry: LogEntry): LogLine {
	return 'text' in entry ? entry : {t: entry.t, kind: entry.kind, text: formatEvent(entry)};
}

/**
 * Collects batches, samples and client reports as they come (many per frame) and builds a
 * snapshot when the UI draws. Mutable on purpose: the engine's rate must not drive React.
 */
export class MonitorStore {
	private modelId = '';
	private host = '127.0.0.1';
	private port = 0;
	private startedAt = Date.now();
	private readOnce = false;
	private auto = false;
	private counters: Counters = emptyCounters();
	private previousCounters: Counters = emptyCounters();
	private previousAt = performance.now();
	private rates: Rates = {recvCalls: 0, sendCalls: 0, bytesIn: 0, waitCalls: 0, eagain: 0};
	private readonly serverClients = new Map<number, ServerClient>();
	private sockets = new Map<number, SocketSample>();
	private builtin: readonly BuiltinClientReport[] = [];
	private builtinByPort = new Map<number, BuiltinClientReport>();
	private acceptQueue?: {depth: number; limit: number};
	private readonly acceptHistory: number[] = [];
	private readonly receiveQueueHistory: number[] = [];
	private readonly appQueueHistory: number[] = [];
	private readonly waits: WaitCall[] = [];
	private readonly threads = new Map<number, BlockedThread>();
	private log: LogEntry[] = [];
	private frozenLog?: LogLine[];
	private unseenLines = 0;
	private failure?: string;
	private sampleSignature = '';
	private version = 0;

	/** Bumped on every change: the UI redraws only when it moved. */
	get changes(): number {
		return this.version;
	}

	/** A model started listening: everything server-side starts over. */
	modelStarted(modelId: string, host: string, port: number): void {
		this.modelId = modelId;
		this.host = host;
		this.port = port;
		this.startedAt = Date.now();
		this.counters = emptyCounters();
		this.previousCounters = emptyCounters();
		this.serverClients.clear();
		this.sockets.clear();
		this.acceptQueue = undefined;
		this.waits.length = 0;
		this.threads.clear();
		this.failure = undefined;
		this.addLog({t: Date.now(), kind: 'option', text: `${clock(Date.now())} ${'model'.padEnd(11)} now running ${modelId}`});
		this.version++;
	}

	setReadOnce(on: boolean): void {
		this.readOnce = on;
		this.version++;
	}

	modelFailed(message: string): void {
		this.failure = message;
		this.version++;
	}

	/** A model's batch; batches from a model already switched away from are dropped. */
	batch(batch: ProbeBatch, modelId: string): void {
		if (modelId !== this.modelId) {
			return;
		}

		this.counters = {...batch.counters};
		const now = Date.now();
		for (const stats of batch.clients) {
			if (stats.closed) {
				this.serverClients.delete(stats.fd);
				continue;
			}

			const known = this.serverClients.get(stats.fd);
			const active = !known || stats.bytesIn !== known.bytesIn;
			this.serverClients.set(stats.fd, {...stats, lastActive: active ? now : known.lastActive, lastData: known?.lastData, owner: known?.owner});
		}

		for (const event of batch.events) {
			this.event(event);
		}

		const last = batch.events.at(-1);
		for (const [tid, thread] of this.threads) {
			if (thread.blocked && !(last?.kind === 'blocked-in' && last.tid === tid)) {
				this.threads.set(tid, {...thread, blocked: false});
			}
		}

		this.version++;
	}

	private event(event: ServerEvent): void {
		switch (event.kind) {
			case 'readiness': {
				push(this.waits, {t: event.t, call: event.call, watched: event.watched, scanned: event.scanned, ready: event.ready}, READINESS_LENGTH);
				break;
			}

			case 'blocked-in': {
				this.threads.set(event.tid, {tid: event.tid, call: event.call, fd: event.fd, since: event.t, blocked: true});
				break;
			}

			case 'accepted': {
				const client = this.serverClients.get(event.fd);
				const owner = event.pid === undefined ? (event.tid === undefined ? undefined : `tid ${event.tid}`) : `pid ${event.pid}`;
				if (client && owner) {
					client.owner = owner;
				}

				break;
			}

			case 'recv': {
				const client = this.serverClients.get(event.fd);
				if (client && event.head) {
					client.lastData = escapeBytes(event.head, 40);
				}

				break;
			}

			default: {
				break;
			}
		}

		this.addLog(event);
	}

	private addLog(entry: LogEntry): void {
		push(this.log, entry, LOG_LENGTH);
		if (this.frozenLog) {
			this.unseenLines++;
		}
	}

	sample(sample: QueueSample, modelId: string): void {
		if (modelId !== this.modelId) {
			return;
		}

		this.acceptQueue = sample.acceptQueue ? {...sample.acceptQueue} : undefined;
		this.sockets = new Map(sample.sockets.map(socket => [socket.fd, socket]));
		let receive = 0;
		for (const socket of sample.sockets) {
			receive += socket.receive;
		}

		let app = 0;
		for (const client of this.serverClients.values()) {
			app += client.appQueue;
		}

		push(this.acceptHistory, this.acceptQueue?.depth ?? 0, HISTORY_LENGTH);
		push(this.receiveQueueHistory, receive, HISTORY_LENGTH);
		push(this.appQueueHistory, app, HISTORY_LENGTH);
		const ratesChanged = this.updateRates();
		// An idle server must not cost a frame per sample: redraw only when a figure or a chart moves.
		let socketBytes = 0;
		for (const socket of sample.sockets) {
			socketBytes += socket.receive + socket.send;
		}

		const signature = `${this.acceptQueue?.depth}/${this.acceptQueue?.limit}/${receive}/${app}/${socketBytes}/${sample.sockets.length}`;
		const chartsMoving = [this.acceptHistory, this.receiveQueueHistory, this.appQueueHistory].some(history => history.slice(-HISTORY_LENGTH).some(value => value > 0));
		if (signature !== this.sampleSignature || chartsMoving || ratesChanged) {
			this.sampleSignature = signature;
			this.version++;
		}
	}

	/** Recompute per-second rates about twice a second; returns whether any changed. */
	private updateRates(): boolean {
		const now = performance.now();
		const seconds = (now - this.previousAt) / 1000;
		if (seconds < 0.5) {
			return false;
		}

		const current = this.counters;
		const previous = this.previousCounters;
		const rate = (key: keyof Counters): number => Math.max(0, (current[key] - previous[key]) / seconds);
		const rates = {recvCalls: rate('recvCalls'), sendCalls: rate('sendCalls'), bytesIn: rate('recvBytes'), waitCalls: rate('waitCalls'), eagain: rate('eagain')};
		const changed = JSON.stringify(rates) !== JSON.stringify(this.rates);
		this.rates = rates;
		this.previousCounters = {...current};
		this.previousAt = now;
		return changed;
	}

	builtinReport(report: BuiltinReport): void {
		this.builtin = report.clients;
		this.builtinByPort = new Map(report.clients.filter(client => client.localPort > 0).map(client => [client.localPort, client]));
		this.auto = report.auto;
		this.version++;
	}

	/** Freeze or unfreeze the log; events are still counted while frozen. */
	togglePause(): void {
		if (this.frozenLog) {
			this.frozenLog = undefined;
			this.unseenLines = 0;
		} else {
			this.frozenLog = this.recentLog();
		}

		this.version++;
	}

	snapshot(): MonitorSnapshot {
		return {
			modelId: this.modelId,
			host: this.host,
			port: this.port,
			startedAt: this.startedAt,
			readOnce: this.readOnce,
			auto: this.auto,
			counters: this.counters,
			rates: this.rates,
			...this.clientView(VISIBLE_CLIENTS),
			builtinCount: this.builtin.length,
			mismatchedBytes: this.builtin.reduce((sum, client) => sum + client.mismatchedBytes, 0),
			...(this.acceptQueue ? {acceptQueue: this.acceptQueue} : {}),
			acceptHistory: this.acceptHistory.slice(-HISTORY_LENGTH),
			receiveQueueHistory: this.receiveQueueHistory.slice(-HISTORY_LENGTH),
			appQueueHistory: this.appQueueHistory.slice(-HISTORY_LENGTH),
			waits: [...this.waits],
			threads: [...this.threads.values()],
			log: this.frozenLog ?? this.recentLog(),
			logPaused: this.frozenLog !== undefined,
			unseenLines: this.unseenLines,
			...(this.failure ? {failure: this.failure} : {}),
		};
	}

	private recentLog(): LogLine[] {
		return this.log.slice(-LOG_LENGTH).map(entry => toLine(entry));
	}

	/** Rows for the first `limit` clients (server's, by fd, then those still in the backlog), counts, and the deepest queues. */
	private clientView(limit: number): Pick<MonitorSnapshot, 'clients' | 'clientCount' | 'waitingCount' | 'deepest'> {
		const now = Date.now();
		const served = new Set<number>();
		const ordered = [...this.serverClients.values()].sort((a, b) => a.fd - b.fd);
		const row = (client: ServerClient): ClientRow => {
			const builtin = this.builtinByPort.get(peerPort(client.peer));
			const sample = this.sockets.get(client.fd);
			const state: ClientRowState = builtin?.state === 'closed' ? 'closing' : now - client.lastActive < ACTIVE_MS ? 'served' : 'idle';
			return {
				peer: client.peer, fd: client.fd, state,
				...(client.owner ? {owner: client.owner} : {}),
				...(builtin ? {builtinId: builtin.id} : {}),
				bytesIn: client.bytesIn, bytesOut: client.bytesOut, recvCalls: client.recvCalls, sendCalls: client.sendCalls,
				...(sample ? {receiveQueue: sample.receive, sendQueue: sample.send} : {}),
				appQueue: client.appQueue,
				mismatchedBytes: builtin?.mismatchedBytes ?? 0,
				...(client.lastData === undefined ? {} : {lastData: client.lastData}),
			};
		};

		// Rows are built for what can be shown: with thousands of clients a frame must stay cheap.
		const rows = ordered.slice(0, limit).map(client => row(client));
		for (const client of ordered) {
			const builtin = this.builtinByPort.get(peerPort(client.peer));
			if (builtin) {
				served.add(builtin.id);
			}
		}

		let waitingCount = 0;
		for (const client of this.builtin) {
			if (client.state !== 'connected' || served.has(client.id)) {
				continue;
			}

			waitingCount++;
			if (rows.length < limit) {
				// Connected, not accepted: waiting in the listen backlog.
				rows.push({
					peer: `127.0.0.1:${client.localPort}`, builtinId: client.id, state: 'waiting',
					bytesIn: 0, bytesOut: 0, recvCalls: 0, sendCalls: 0, appQueue: 0, mismatchedBytes: client.mismatchedBytes,
				});
			}
		}

		const depth = (client: ServerClient): number => {
			const sample = this.sockets.get(client.fd);
			return (sample ? sample.receive + sample.send : 0) + client.appQueue;
		};

		const deepest = ordered.filter(client => depth(client) > 0).sort((a, b) => depth(b) - depth(a)).slice(0, DEEPEST).map(client => row(client));
		return {clients: rows, clientCount: ordered.length + waitingCount, waitingCount, deepest};
	}
}
