// The contract between the engine and every concurrency model: one small interface, like redis's ae.h.
import type {Control} from './control.js';
import type {Probe} from './probe/probe.js';

/** Options a user can set for a model run. */
export type ModelOptions = {
	/**
	 * epoll models: read once per readiness event instead of draining until EAGAIN.
	 * Reproduces the classic edge-triggered stall. Can also be flipped live through Control.
	 * @default false
	 */
	readonly readOnce: boolean;
	/**
	 * fork: most child processes at once. At the limit the server stops accepting and new
	 * clients wait in the listen backlog (never unbounded forking).
	 * @default 128
	 */
	readonly maxProcs: number;
	/**
	 * threads: most client threads at once, with the same behaviour at the limit.
	 * @default 256
	 */
	readonly maxThreads: number;
};

/**
 * Bytes read per event in read-once mode: a textbook loop's small fixed buffer, made small on
 * purpose so that even the built-in clients' one-line messages leave bytes behind — which is
 * what makes the edge-triggered stall (and level-triggered's repeated reports) show.
 */
export const READ_ONCE_BYTES = 16;

/** The options of a run that sets none. */
export const DEFAULT_MODEL_OPTIONS: ModelOptions = {readOnce: false, maxProcs: 128, maxThreads: 256};

/** Everything a model's loop gets from the engine. */
export type ModelContext = {
	/** A bound, listening, blocking TCP socket; the model sets the mode it needs. */
	readonly listenFd: number;
	/** An eventfd the engine signals on stop; multiplexed loops watch it beside the listening socket. */
	readonly controlFd: number;
	readonly host: string;
	readonly port: number;
	readonly backlog: number;
	readonly probe: Probe;
	readonly control: Control;
	readonly options: ModelOptions;
};

/** One concurrency model's loop; what it is called and whether it can run here live in the catalog (catalog.ts). */
export type Model = {
	/**
	 * Runs in a worker thread until `control.stopping`; must close every fd it opened except
	 * `listenFd` and `controlFd`, which belong to the engine. May return a promise (libuv).
	 */
	run(context: ModelContext): void | Promise<void>;
};
