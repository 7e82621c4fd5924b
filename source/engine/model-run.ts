// One run of one model: its listening socket, its worker thread, and the stop that wakes every blocked call.
import {setTimeout as delay} from 'node:timers/promises';
import type {Worker} from 'node:worker_threads';
import {
	SHUT_RDWR, SIGKILL, close, eventfdCreate, eventfdSignal, getFileLimit, kill, listenTcp, shutdown, waitpidNoHang,
	type SocketAddress,
} from '../sys/index.js';
import {Control} from '../models/control.js';
import type {ModelOptions} from '../models/model.js';
import type {ProbeBatch} from '../models/probe/events.js';
import {startSiblingWorker} from '../util/sibling-module.js';
import {ReservedFds} from './reserved-fds.js';
import type {ModelWorkerData, ModelWorkerMessage} from './worker-protocol.js';

/** How long stop waits for the worker before giving up on a clean exit. */
export const STOP_TIMEOUT_MS = 1000;
/**
 * How long stop waits for a worker still loading its model's modules before it starts counting
 * STOP_TIMEOUT_MS. Terminating a thread mid-load aborted the process inside koffi
 * (napi_throw, a FATAL ERROR) and leaked the module files it had open: 300 quick switches of
 * the monitor left dozens of dist/models/*.js open. Loading takes 50-300 ms; on a machine
 * loaded 20 times over, seconds.
 */
const LOAD_WAIT_MS = 5000;
/** How often stop shuts down fds the model accepted after the previous pass. */
const STOP_SWEEP_MS = 20;
/** Largest fd table shared with the model (one byte per fd). */
const MAX_FD_TABLE = 1 << 20;
/** How long stop waits for orphaned child processes to be killed and reaped. */
const REAP_TIMEOUT_MS = 500;

/** What a run reports while it lives. */
export type ModelRunHandlers = {
	readonly onBatch: (batch: ProbeBatch) => void;
	/** The model's loop ended on its own with an error (not through stop). */
	readonly onFailed: (message: string) => void;
};

/** Where and how to listen. */
export type ListenOptions = {
	readonly host: string;
	readonly port: number;
	readonly backlog: number;
	/** Spare fds to hold while the model runs (EngineOptions.reserveFds). */
	readonly reserveFds: number;
};

/** A model running in its worker. Create with `ModelRun.start`. */
export class ModelRun {
	private exited = false;
	private readonly exitPromise: Promise<void>;
	/** Resolves once the worker has loaded its model and can be stopped without being terminated mid-load. */
	private readonly loadedPromise: Promise<void>;
	private stopPromise?: Promise<void>;

	private constructor(
		readonly modelId: string,
		readonly address: SocketAddress,
		readonly listenFd: number,
		private readonly controlFd: number,
		private readonly reserved: ReservedFds,
		readonly control: Control,
		private readonly worker: Worker,
		handlers: ModelRunHandlers,
	) {
		this.exitPromise = new Promise(resolve => {
			worker.on('exit', () => {
				this.exited = true;
				resolve();
			});
		});
		let loaded = (): void => undefined;
		this.loadedPromise = new Promise(resolve => {
			loaded = resolve;
		});
		worker.on('message', (message: ModelWorkerMessage) => {
			if (message.type === 'loaded') {
				loaded();
			} else if (message.type === 'batch') {
				handlers.onBatch(message.batch);
			} else if (message.type === 'failed' && !control.stopping) {
				handlers.onFailed(message.message);
			}
		});
		worker.on('error', error => {
			if (!control.stopping) {
				handlers.onFailed(error.message);
			}
		});
	}

	/**
	 * Bind and listen (throws SysError, e.g. EADDRINUSE, before any thread starts), open the
	 * spare fds asked for (EMFILE when they do not fit), then start the model's worker.
	 */
	static start(modelId: string, listen: ListenOptions, options: ModelOptions, handlers: ModelRunHandlers): ModelRun {
		const {fd: listenFd, address} = listenTcp(listen.host, listen.port, listen.backlog);
		let controlFd = -1;
		let reserved: ReservedFds | undefined;
		try {
			controlFd = eventfdCreate();
			reserved = ReservedFds.open(listen.reserveFds);
			const control = Control.create(Math.min(getFileLimit().soft, MAX_FD_TABLE), options.maxProcs);
			control.readOnce = options.readOnce;
			const workerData: ModelWorkerData = {
				modelId, listenFd, controlFd, host: address.host, port: address.port, backlog: listen.backlog,
				shared: control.shared, options,
			};
			const worker = startSiblingWorker(import.meta.url, './model-worker', {workerData});
			return new ModelRun(modelId, address, listenFd, controlFd, reserved, control, worker, handlers);
		} catch (error) {
			reserved?.close();
			close(listenFd);
			if (controlFd >= 0) {
				close(controlFd);
			}

			throw error;
		}
	}

	/** Whether the worker has ended. */
	get hasExited(): boolean {
		return this.exited;
	}

	/**
	 * Stop the model and release its sockets. Every blocked call is woken the way the kernel
	 * allows: the control eventfd for wait calls, shutdown() of the listening socket for accept,
	 * shutdown() of each client fd for recv/send (close() would not wake them), the stop flag
	 * for busy loops. Past the timeout the worker is terminated; either way the sockets are closed.
	 */
	async stop(): Promise<void> {
		this.stopPromise ??= this.stopOnce();
		return this.stopPromise;
	}

	private async stopOnce(): Promise<void> {
		this.control.requestStop();
		eventfdSignal(this.controlFd);
		shutdown(this.listenFd, SHUT_RDWR);
		await Promise.race([this.loadedPromise, this.exitPromise, delay(LOAD_WAIT_MS)]);
		const deadline = performance.now() + STOP_TIMEOUT_MS;
		// Longer while the model waits for its client threads to finish loading (Control.awaitingLoads).
		const overtime = deadline + LOAD_WAIT_MS;
		while (!this.exited && (performance.now() < deadline || (this.control.awaitingLoads && performance.now() < overtime))) {
			// Repeated: a client accepted just before the stop flag was seen is blocked in recv too.
			for (const fd of this.control.ownedFds()) {
				shutdown(fd, SHUT_RDWR);
			}

			await Promise.race([this.exitPromise, delay(STOP_SWEEP_MS)]);
		}

		if (!this.exited) {
			await Promise.race([this.worker.terminate(), delay(STOP_TIMEOUT_MS)]);
		}

		await reapOrphans(this.control);
		close(this.listenFd);
		close(this.controlFd);
		this.reserved.close();
	}
}

/**
 * Child processes the model did not get to reap because its thread was terminated: their
 * parent-death signal (SIGKILL) has ended them or is about to. Make sure, and reap them here,
 * so that no zombie is left behind. Their pids cannot have been reused: they were never reaped.
 */
async function reapOrphans(control: Control): Promise<void> {
	let left = control.childPids();
	for (const pid of left) {
		kill(pid, SIGKILL);
	}

	const deadline = performance.now() + REAP_TIMEOUT_MS;
	while (left.length > 0 && performance.now() < deadline) {
		left = left.filter(pid => {
			if (waitpidNoHang(pid) === 0) {
				return true;
			}

			control.removeChild(pid);
			return false;
		});
		if (left.length > 0) {
			await delay(5);
		}
	}
}
