// What the monitor, the lessons and serve drive: one model at a time on one address, its events and samples. Loads no koffi.
import type {EventEmitter} from 'node:events';
import {modelIds} from '../models/index.js';
import type {ModelOptions} from '../models/model.js';
import type {ProbeBatch} from '../models/probe/events.js';
import type {QueueSample} from './queue-sampler.js';

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

/**
 * An engine, in this thread (Engine) or in the engine host's (RemoteEngine: the monitor's, so its
 * UI thread loads no koffi and no model code). Events come in the order the engine emitted them.
 */
export type EngineApi = EventEmitter<EngineEventMap> & {
	/** The running model's id, if any. */
	readonly modelId: string | undefined;
	/** The address the running model listens on, from 'started' on. */
	readonly address: {readonly host: string; readonly port: number} | undefined;
	/**
	 * Start a model (stopping the running one first); options given are kept for the next starts.
	 * Rejects with SysError (EADDRINUSE, ...), UnknownModelError or ModelUnavailableError.
	 */
	start(modelId: string, options?: Partial<ModelOptions>): Promise<void>;
	/** Stop the running model, if any; resolves once its threads are gone and its sockets closed. */
	stop(): Promise<void>;
	/** A queue sample taken now, the kernel's list of connections included (also emitted); undefined when no model runs. */
	sampleNow(): QueueSample | undefined;
	/** Read once per readiness event (epoll models), live; 'read-once' follows. */
	setReadOnce(on: boolean): void;
	readonly isReadOnce: boolean;
	/** Step mode on or off, kept across switches. */
	setStepping(on: boolean): void;
	readonly stepping: boolean;
	/** The `seq` of the call held at the gate now, or 0. */
	readonly heldStep: number;
	/** Let the held call through; false when none is held. */
	step(): boolean;
};
