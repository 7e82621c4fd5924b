// The API the UI and the CLI use: run one model at a time, switch, stop; stream its events and queue samples.
import {EventEmitter} from 'node:events';
import {DEFAULT_MODEL_OPTIONS, findModel, unavailableReason} from '../models/index.js';
import type {ModelOptions} from '../models/model.js';
import type {StepGate} from '../sys/step-gate.js';
import {
	DEFAULT_BACKLOG, ModelUnavailableError, UnknownModelError, type EngineApi, type EngineEventMap, type EngineOptions,
} from './engine-api.js';
import {ModelRun} from './model-run.js';
import {QueueSampler, type QueueSample} from './queue-sampler.js';

export {DEFAULT_BACKLOG, ModelUnavailableError, UnknownModelError, type EngineApi, type EngineEventMap, type EngineOptions} from './engine-api.js';

/** Runs one model at a time on one address. */
export class Engine extends EventEmitter<EngineEventMap> implements EngineApi {
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
		return this.stepGate?.held ?? 0;
	}

	/** The running model's step gate: shared memory, which another thread can hold a view of (RemoteEngine). */
	get stepGate(): StepGate | undefined {
		return this.run?.control.stepGate;
	}

	/**
	 * Let the call held now make its system call: its result is announced, then the loop's next
	 * call is held and announced. False when no call is held (stepping off, or the model is still
	 * inside a call, blocked in epoll_wait say): such a step is dropped, not saved up.
	 */
	step(): boolean {
		return this.isStepping && this.stepGate !== undefined && this.stepGate.step();
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
