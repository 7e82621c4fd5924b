// Everything the monitor shows, gathered from the engine and the built-in clients; read as a snapshot per frame.
import type {ProbeBatch} from '../models/probe/events.js';
import type {QueueSample, SocketSample} from '../engine/queue-sampler.js';
import type {KernelConnections} from '../engine/kernel-connections.js';
import type {BuiltinClientReport, BuiltinReport} from '../load/builtin-protocol.js';
import type {AcceptQueueDepth, LogLine, MonitorSnapshot} from './store/snapshot.js';
import {ClientTable} from './store/client-table.js';
import {buildClientView} from './store/client-rows.js';
import {LogBuffer, LOG_KEPT} from './store/log-buffer.js';
import {initialRates, reduceRates, type RatesState} from './store/rates.js';
import {historyMoving, initialQueueHistory, reduceQueueHistory, type QueueHistoryState} from './store/queue-history.js';
import {initialThreads, reduceThreads, type ThreadsState} from './store/threads.js';
import {initialTaskCost, reduceTaskCost, taskCost, type TaskCostState} from './store/task-cost.js';
import {initialWaitCalls, reduceWaitCalls, type WaitCallsState} from './store/wait-calls.js';
import {initialRing, reduceRing, type RingState} from './store/ring.js';
import {trackQueued} from './store/stall.js';
import {initialStep, reduceStep, stepView, type StepState} from './store/step.js';

// The snapshot's types, for the panels and for whoever holds a store.
export type * from './store/snapshot.js';

/** Lines a snapshot carries for the event log: more than any terminal shows at once. */
const LOG_LENGTH = 120;
/** Client rows a snapshot carries: more than any terminal shows, enough to select through. */
const VISIBLE_CLIENTS = 200;

/** The kernel's view of the port, as last read: the list of connections and the accept queue of the same sample. */
type KernelView = {readonly connections: KernelConnections; readonly acceptQueue?: AcceptQueueDepth};

/**
 * Collects batches, samples and client reports as they come (many per frame) and builds a
 * snapshot when the UI draws: the engine's rate must not drive React. Each part of the state
 * has its own module; most are reducers over the events (store/*.ts), the client table and the
 * log are mutable for their cost (see there).
 */
export class MonitorStore {
	private modelId = '';
	private host = '127.0.0.1';
	private port = 0;
	private startedAt = Date.now();
	private readOnce = false;
	private auto = false;
	private failure?: string;
	private listenFd?: number;
	private controlFd?: number;
	private readonly clients = new ClientTable();
	private readonly log = new LogBuffer();
	private rates: RatesState = initialRates(performance.now());
	private history: QueueHistoryState = initialQueueHistory;
	private threads: ThreadsState = initialThreads;
	private cost: TaskCostState = initialTaskCost;
	private waits: WaitCallsState = initialWaitCalls;
	private ring: RingState = initialRing;
	private step: StepState = initialStep;
	private builtin: readonly BuiltinClientReport[] = [];
	private sockets: ReadonlyMap<number, SocketSample> = new Map();
	private queuedSince: ReadonlyMap<number, number> = new Map();
	private acceptQueue?: AcceptQueueDepth;
	private kernel?: KernelView;
	private listenDrops?: number;
	private cpuPercent?: number;
	private sampleSignature = '';
	private version = 0;

	/** Bumped on every visible change: the UI redraws only when it moved. */
	get changes(): number {
		return this.version;
	}

	/** A model started listening: everything server-side starts over (its `model-started` event follows in its first batch). */
	modelStarted(modelId: string, host: string, port: number): void {
		this.modelId = modelId;
		this.host = host;
		this.port = port;
		this.startedAt = Date.now();
		this.failure = undefined;
		this.listenFd = undefined;
		this.controlFd = undefined;
		this.clients.clear();
		this.rates = reduceRates(this.rates, {type: 'reset', at: performance.now()});
		this.history = reduceQueueHistory(this.history, {type: 'reset'});
		this.threads = reduceThreads(this.threads, {type: 'reset'});
		this.cost = reduceTaskCost(this.cost, {type: 'reset'});
		this.waits = reduceWaitCalls(this.waits, {type: 'reset'});
		this.ring = reduceRing(this.ring, {type: 'reset'});
		this.step = reduceStep(this.step, {type: 'reset'});
		this.sockets = new Map();
		this.queuedSince = new Map();
		this.acceptQueue = undefined;
		this.kernel = undefined;
		this.listenDrops = undefined;
		this.cpuPercent = undefined;
		this.version++;
	}

	setReadOnce(on: boolean): void {
		this.readOnce = on;
		this.version++;
	}

	/** Step mode came on or went off (the engine's, which outlives a model switch). */
	setStepping(on: boolean): void {
		this.step = reduceStep(this.step, {type: 'stepping', on});
		this.version++;
	}

	/** A step let call `seq` through: it is being made, no longer held. */
	stepReleased(seq: number): void {
		this.step = reduceStep(this.step, {type: 'released', seq});
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

		this.clients.apply(batch, Date.now());
		const events = {type: 'events', events: batch.events} as const;
		this.rates = reduceRates(this.rates, {type: 'counters', counters: batch.counters});
		this.threads = reduceThreads(this.threads, events);
		this.cost = reduceTaskCost(this.cost, events);
		this.waits = reduceWaitCalls(this.waits, events);
		this.ring = reduceRing(this.ring, events);
		this.step = reduceStep(this.step, events);
		for (const event of batch.events) {
			if (event.kind === 'listening') {
				this.listenFd = event.fd;
				this.controlFd = event.controlFd;
			}

			this.log.add(event);
		}

		this.version++;
	}

	/** A kernel sample of the running model's queues (and, on some, its connections and CPU). */
	sample(sample: QueueSample, modelId: string): void {
		if (modelId !== this.modelId) {
			return;
		}

		this.acceptQueue = sample.acceptQueue ? {depth: sample.acceptQueue.depth, limit: sample.acceptQueue.limit} : undefined;
		this.sockets = new Map(sample.sockets.map(socket => [socket.fd, socket]));
		this.queuedSince = trackQueued(this.queuedSince, sample.sockets, sample.t);
		if (sample.kernel) {
			this.kernel = {connections: sample.kernel, ...(this.acceptQueue ? {acceptQueue: this.acceptQueue} : {})};
		}

		if (sample.listenDrops) {
			this.listenDrops = sample.listenDrops.drops;
		}

		if (sample.cpu) {
			this.cpuPercent = sample.cpu.percent;
		}

		let receive = 0;
		let socketBytes = 0;
		for (const socket of sample.sockets) {
			receive += socket.receive;
			socketBytes += socket.send;
		}

		let waitingReceive = 0;
		for (const connection of this.kernel?.connections.server ?? []) {
			if (!connection.accepted) {
				waitingReceive += connection.receive;
			}
		}

		let app = 0;
		for (const client of this.clients.values()) {
			app += client.appQueue;
		}

		const before = this.rates.rates;
		const {peakSubmitted: submission, peakCompleted: completion} = this.ring;
		this.ring = reduceRing(this.ring, {type: 'sampled'});
		this.history = reduceQueueHistory(this.history, {type: 'sample', totals: {accept: this.acceptQueue?.depth ?? 0, receive: receive + waitingReceive, app, submission, completion}});
		this.rates = reduceRates(this.rates, {type: 'tick', at: performance.now()});
		// An idle server must not cost a frame per sample: redraw only when a figure or a chart moves.
		const signature = [
			this.acceptQueue?.depth, this.acceptQueue?.limit, receive, waitingReceive, app, socketBytes, sample.sockets.length,
			this.kernel?.connections.server.length, this.kernel?.connections.connecting.length, this.listenDrops, this.cpuPercent,
		].join('/');
		if (signature !== this.sampleSignature || historyMoving(this.history) || this.rates.rates !== before) {
			this.sampleSignature = signature;
			this.version++;
		}
	}

	builtinReport(report: BuiltinReport): void {
		this.builtin = report.clients;
		this.auto = report.auto;
		this.version++;
	}

	/** The log's last lines, as far back as it keeps: for scrolling a paused screen. */
	logHistory(): LogLine[] {
		return this.log.recent(LOG_KEPT);
	}

	snapshot(now = Date.now()): MonitorSnapshot {
		const kernelQueue = this.kernel ? this.kernel.acceptQueue : this.acceptQueue;
		const view = buildClientView({
			served: this.clients.sorted(),
			builtin: this.builtin,
			sockets: this.sockets,
			queuedSince: this.queuedSince,
			...(this.kernel ? {kernel: this.kernel.connections} : {}),
			...(kernelQueue ? {acceptQueue: kernelQueue} : {}),
			now,
			limit: VISIBLE_CLIENTS,
		});
		const cost = taskCost(this.cost);
		const step = stepView(this.step);
		return {
			modelId: this.modelId,
			host: this.host,
			port: this.port,
			startedAt: this.startedAt,
			readOnce: this.readOnce,
			auto: this.auto,
			counters: this.rates.counters,
			rates: this.rates.rates,
			clients: view.rows,
			counts: view.counts,
			deepest: view.deepest,
			builtinCount: this.builtin.length,
			mismatchedBytes: this.builtin.reduce((sum, client) => sum + client.mismatchedBytes, 0),
			// The figure read with the list of connections, so that the accept queue and the waiting rows agree.
			...(kernelQueue ? {acceptQueue: kernelQueue} : {}),
			...(this.listenDrops === undefined ? {} : {listenDrops: this.listenDrops}),
			receiveQueueTotal: view.receiveQueueTotal,
			acceptHistory: this.history.accept,
			receiveQueueHistory: this.history.receive,
			appQueueHistory: this.history.app,
			submissionHistory: this.history.submission,
			completionHistory: this.history.completion,
			waits: this.waits.recent,
			// The kept arrays themselves: a frame copies nothing.
			...(this.ring.setup ? {ring: {setup: this.ring.setup, recent: this.ring.recent}} : {}),
			threads: [...this.threads.byTid.values()].sort((a, b) => a.tid - b.tid),
			...(cost ? {cost} : {}),
			...(this.cpuPercent === undefined ? {} : {cpuPercent: this.cpuPercent}),
			...(this.listenFd === undefined ? {} : {listenFd: this.listenFd}),
			...(this.controlFd === undefined ? {} : {controlFd: this.controlFd}),
			log: this.log.recent(LOG_LENGTH),
			logTotal: this.log.total,
			...(this.failure ? {failure: this.failure} : {}),
			...(step ? {step} : {}),
		};
	}
}
