// The API the UI and the CLI use: run one model at a time, switch, stop; stream its events and queue samples.
import {EventEmitter} from 'node:events';
import {DEFAULT_MODEL_OPTIONS, findModel, modelIds, unavailableReason} from '../models/index.js';
import type {ModelOptions} from '../models/model.js';
import type {ProbeBatch} from '../models/probe/events.js';
import {ModelRun} from './model-run.js';
import {QueueSampler, type QueueSample} from './queue-sampler.js';

/** listen()'s backlog unless asked otherwise: small enough that a blocking server's queue is easy to watch. */
export const DEFAULT_BACKLOG = 128;

/** Where the engine listens and how often it samples. */
export type EngineOptions = {
	/** @default '127.0.0.1' */
	readonly host?: string;
	/** 0 picks a free port once; switching models keeps the port. @default 7788 */
	readonly port?: number;
	/** listen() backlog. @default 128 */
	readonly backlog?: number;
	/** Queue sampling interval in ms (the kernel's list of connections is read every KERNEL_SAMPLE_MS or more). @default 100 */
	readonly sampleMs?: number;
	/**
	 * fds the server opens (on /dev/null) before each model starts and holds until it stops, so
	 * that the clients get high fd numbers: with ~1,000, select's FD_SETSIZE wall (fd 1024) is
	 * reached after a handful of clients. Opened and closed by the engine, not the model.
	 * @default 0
	 */
	readonly reserveFds?: number;
};

/** Events an Engine emits. */
export type EngineEventMap = {
	/** Events, counters and client stats from the running model. */
	batch: [batch: ProbeBatch, modelId: string];
	/** Kernel queue depths. */
	sample: [sample: QueueSample, modelId: string];
	/** The model's loop died on its own. */
	failed: [message: string, modelId: string];
	started: [modelId: string];
	stopped: [modelId: string];
	/** Read-once was switched, by whoever drives this engine (a key, a lesson). */
	'read-once': [on: boolean];
};

/** An unknown model id: carries the valid ones for the error message. */
export class UnknownModelError extends Error {
	constructor(readonly modelId: string) {
		super(`unknown model "${modelId}"; valid models: ${modelIds.join(', ')}`);
		this.name = 'UnknownModelError';
	}
}

/** A model this machine cannot run (its kernel feature missing or refused): one line saying why, exit status 1. */
export class ModelUnavailableError extends Error {
	readonly exitCode = 1;

	constructor(readonly modelId: string, reason: string) {
		super(`model ${modelId} is not available here: ${reason}`);
		this.name = 'ModelUnavailableError';
	}
}

/** Runs one model at a time on one address. */
export class Engine extends EventEmitter<EngineEventMap> {
	private run?: ModelRun;
	private sampler?: QueueSampler;
	private timer?: NodeJS.Timeout;
	private readonly host: string;
	private port: number;
	private readonly backlog: number;
	private readonly sampleMs: number;
	private readonly reserveFds: number;
	private options: ModelOptions = DEFAULT_MODEL_OPTIONS;
	private isStepping = false;

	constructor({host = '127.0.0.1', port = 7788, backlog = DEFAULT_BACKLOG, sampleMs = 100, reserveFds = 0}: EngineOptions = {}) {
		super();
		this.reserveFds = reserveFds;
		this.host = host;
		this.port = port;
		this.backlog = backlog;
		this.sampleMs = sampleMs;
	}

	/** The running model's id, if any. */
	get modelId(): string | undefined {
		return this.run?.modelId;
	}

	/** The address the running model listens on. */
	get address(): {host: string; port: number} | undefined {
		return this.run?.address;
	}

	/**
	 * Start a model (stopping the running one first). Options given are kept for the next starts
	 * too. Throws SysError when the port cannot be bound, ModelUnavailableError when the model cannot run here.
	 */
	async start(modelId: string, options: Partial<ModelOptions> = {}): Promise<void> {
		if (!findModel(modelId)) {
			throw new UnknownModelError(modelId);
		}

		const unavailable = unavailableReason(modelId);
		if (unavailable) {
			throw new ModelUnavailableError(modelId, unavailable);
		}

		await this.stop();
		this.options = {
			readOnce: options.readOnce ?? this.options.readOnce,
			maxProcs: options.maxProcs ?? this.options.maxProcs,
			maxThreads: options.maxThreads ?? this.options.maxThreads,
		};
		const run: ModelRun = ModelRun.start(modelId, {host: this.host, port: this.port, backlog: this.backlog, reserveFds: this.reserveFds}, this.options, {
			onBatch: batch => {
				if (this.run === run) {
					this.sampler?.observe(batch);
				}

				this.emit('batch', batch, modelId);
			},
			onFailed: message => this.emit('failed', message, modelId),
		});
		// Step mode outlives a switch: the new model's calls stop at the gate from its first one.
		run.control.stepGate.stepping = this.isStepping;
		// Keep the port a first start on port 0 was given, so switching keeps clients' target.
		this.port = run.address.port;
		this.run = run;
		this.sampler = new QueueSampler({
			listenFd: run.listenFd, control: run.control, host: run.address.host, port: run.address.port,
		});
		this.timer = setInterval(() => this.emitSample(false), this.sampleMs);
		this.emit('started', modelId);
	}

	/** Take a queue sample now, the kernel's list of connections included, and emit it. */
	sampleNow(): QueueSample | undefined {
		return this.emitSample(true);
	}

	private emitSample(full: boolean): QueueSample | undefined {
		if (!this.run || !this.sampler || this.run.hasExited) {
			return undefined;
		}

		const sample = this.sampler.sample(full);
		this.emit('sample', sample, this.run.modelId);
		return sample;
	}

	/** Read once per readiness event (epoll models), live. */
	setReadOnce(on: boolean): void {
		if (on === this.options.readOnce) {
			return;
		}

		this.options = {...this.options, readOnce: on};
		if (this.run) {
			this.run.control.readOnce = on;
		}

		this.emit('read-once', on);
	}

	get isReadOnce(): boolean {
		return this.options.readOnce;
	}

	/**
	 * Step mode on or off. On, the model's loop stops before each of its system calls (fork and
	 * threads: before each accept) and a `step` event announces the call; off lets the held call
	 * through and the loop runs on. Kept across model switches. Stop still returns within a second.
	 */
	setStepping(on: boolean): void {
		this.isStepping = on;
		if (this.run) {
			this.run.control.stepGate.stepping = on;
		}
	}

	/** Whether step mode is on. */
	get stepping(): boolean {
		return this.isStepping;
	}

	/**
	 * The `seq` of the call held at the gate now (its `before` event's), or 0: stepping off, or the
	 * model inside a call (blocked in the kernel, or running between two calls).
	 */
	get heldStep(): number {
		return this.run?.control.stepGate.held ?? 0;
	}

	/**
	 * Let the call held now make its system call: its result is announced, then the loop's next
	 * call is held and announced. False when no call is held (stepping off, or the model is still
	 * inside a call, blocked in epoll_wait say): such a step is dropped, not saved up.
	 */
	step(): boolean {
		return this.isStepping && this.run !== undefined && this.run.control.stepGate.step();
	}

	/** Stop the running model, if any; resolves once its thread is gone and its sockets closed. */
	async stop(): Promise<void> {
		const {run, sampler} = this;
		if (!run) {
			return;
		}

		clearInterval(this.timer);
		this.run = undefined;
		this.sampler = undefined;
		sampler?.close();
		await run.stop();
		this.emit('stopped', run.modelId);
	}
}
