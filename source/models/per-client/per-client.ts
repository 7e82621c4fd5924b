// The accept loop of the fork and threads models: a blocking accept(2), then a process or thread per client, up to a limit.
import {
	MSG_DONTWAIT, MSG_PEEK, accept4Async, close, errno, errnoName, formatAddress, getFileLimit, openFdCount, recv,
} from '../../sys/index.js';
import {RECV_ZERO_DETAIL, type CloseReason} from '../probe/events.js';
import {ACCEPT_PAUSE_MS, closeClient, reportAcceptFailure} from '../accept.js';
import type {ModelContext} from '../model.js';

/** How often the loop relays what its processes or threads reported, flushes, and checks the stop flag. */
export const TICK_MS = 25;
/** How long processes and threads get at stop to end on their own before they are killed. */
export const STOP_GRACE_MS = 200;
/** How long a stop waits for threads still loading to end on their own (LOAD_WAIT_MS in engine/model-run.ts matches it). */
export const LOAD_WAIT_MS = 5000;

/** fds kept free for the rest of the process: the engine's sampler (a netlink socket, /proc reads), the accept itself. */
const FDS_RESERVED = 8;

/**
 * Whether `needed` more fds fit under the open-files limit, with a few to spare. Checked before
 * accepting: past the limit a spawn or a Worker fails halfway (and Node leaks what a failed Worker
 * had opened), so clients are better left waiting in the backlog.
 */
export function hasFreeFds(needed: number): boolean {
	return openFdCount() + needed + FDS_RESERVED <= getFileLimit().soft;
}

/** A process or thread serving one client. */
export type ClientTask = {
	/** Resolves once it has ended and the model has released what it held for it. */
	readonly ended: Promise<void>;
	/** Ask it to end (SIGTERM). */
	stop(): void;
	/** End it now (SIGKILL, worker.terminate()); a task still starting may ignore it and end once started. */
	kill(): void;
	/** Whether it is still starting (a thread loading its modules), and so ends on its own later rather than by kill. */
	isStarting?(): boolean;
};

/** What the fork and threads models plug into the loop. */
export type PerClientOptions = {
	/** What is started per client, for the capacity events. */
	readonly unit: 'process' | 'thread';
	/** Most tasks at once; at the limit the loop stops accepting and clients wait in the backlog. */
	readonly limit: number;
	/** Serve a client just accepted (blocking, marked owned in Control); undefined if nothing could be started. */
	start(fd: number, peer: string): ClientTask | undefined;
	/**
	 * Whether another task fits in what the process has left (the threads model's fd budget):
	 * when false the loop stops accepting until a task ends, as at `limit`. @default always
	 */
	hasRoom?(): boolean;
	/** Called every tick, before the probe's own. */
	tick?(): void;
};

/**
 * accept, start a task for the client, accept again. The accept blocks a thread of libuv's pool
 * instead of this one, so that this thread's event loop stays free to reap children, read their
 * reports and hear from client threads. The engine's shutdown(listen fd) wakes it to stop.
 */
export async function runPerClient(context: ModelContext, {unit, limit, start, hasRoom = () => true, tick}: PerClientOptions): Promise<void> {
	const {listenFd, probe, control} = context;
	const tasks = new Set<ClientTask>();
	let wake = (): void => undefined;
	/** Resolves when a task ends, a stop is requested, or `ms` have passed. */
	const nextChange = async (ms: number): Promise<void> => new Promise(resolve => {
		const done = (): void => {
			clearTimeout(timer);
			wake = () => undefined;
			resolve();
		};

		const timer = setTimeout(done, ms);
		wake = done;
	});

	const ticker = setInterval(() => {
		tick?.();
		probe.tick();
		if (control.stopping) {
			wake();
		}
	}, TICK_MS);

	probe.listening(listenFd, context.host, context.port, context.backlog);
	try {
		while (!control.stopping) {
			const full = tasks.size >= limit ? 'limit' : hasRoom() ? undefined : 'fds';
			if (full) {
				const busy = tasks.size;
				probe.emitEssential({kind: 'capacity', unit, limit: full === 'limit' ? limit : busy, by: full, full: true});
				probe.flush();
				// At the fd budget with no task running, nothing will end to free an fd: look again later.
				while ((full === 'limit' ? tasks.size >= limit : !hasRoom()) && !control.stopping) {
					await nextChange(full === 'fds' && tasks.size === 0 ? ACCEPT_PAUSE_MS : 1000);
				}

				if (!control.stopping) {
					probe.emitEssential({kind: 'capacity', unit, limit: full === 'limit' ? limit : busy, by: full, full: false});
				}

				continue;
			}

			probe.beforeBlocking('accept', listenFd);
			const accepted = await accept4Async(listenFd);
			if (typeof accepted === 'number') {
				if (control.stopping) {
					break; // The engine's shutdown(listen fd) woke accept with EINVAL.
				}

				if (reportAcceptFailure(probe, accepted)) {
					await nextChange(ACCEPT_PAUSE_MS);
				}

				continue;
			}

			if (control.stopping) {
				close(accepted.fd); // Accepted as the stop came: not worth a process or a thread.
				break;
			}

			control.own(accepted.fd);
			const peer = formatAddress(accepted.peer);
			const gone = leftAlready(accepted.fd);
			if (gone) {
				context.probe.accepted(accepted.fd, peer);
				closeClient(context, accepted.fd, gone.reason, gone.detail);
				continue;
			}

			const task = start(accepted.fd, peer);
			if (task) {
				tasks.add(task);
				void task.ended.then(() => {
					tasks.delete(task);
					wake();
				});
			}
		}
	} finally {
		await endAll([...tasks], control);
		clearInterval(ticker);
		tick?.();
		probe.flush();
	}
}

/** One byte of room for leftAlready's peek: what it reads stays in the kernel for the client's task. */
const peekByte = Buffer.alloc(1);

/**
 * Whether a client just accepted has gone already, with nothing left to echo: it closed (a peek
 * reads 0) or reset. Such a client gets no process or thread. In C that would cost a fork() of
 * microseconds; here each is a Node process or isolate (hundreds of ms, several MiB), and a burst
 * of connections opened and dropped at once would otherwise start one for each, one after another,
 * while a live client waits behind them. A client that sent data before closing is served.
 */
function leftAlready(fd: number): {reason: CloseReason; detail: string} | undefined {
	const peeked = recv(fd, peekByte, 0, 1, MSG_PEEK | MSG_DONTWAIT);
	if (peeked === 0) {
		return {reason: 'peer-closed', detail: RECV_ZERO_DETAIL};
	}

	if (peeked === -errno.ECONNRESET) {
		return {reason: 'reset', detail: `recv: ${errnoName(errno.ECONNRESET)}`};
	}

	return undefined; // Data waiting, or none yet (EAGAIN): a client to serve.
}

/** Ask every task to end, give them a grace period, then kill what is left, and wait (bounded) for the ends. */
async function endAll(tasks: readonly ClientTask[], control: ModelContext['control']): Promise<void> {
	const ended = Promise.all(tasks.map(async task => task.ended));
	for (const task of tasks) {
		task.stop();
	}

	if (await settlesWithin(ended, STOP_GRACE_MS)) {
		return;
	}

	for (const task of tasks) {
		task.kill();
	}

	if (await settlesWithin(ended, STOP_GRACE_MS) || !tasks.some(task => task.isStarting?.())) {
		return;
	}

	control.awaitingLoads = true;
	await settlesWithin(ended, LOAD_WAIT_MS);
	control.awaitingLoads = false;
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<false>(resolve => {
		timer = setTimeout(() => resolve(false), ms);
	});
	try {
		return await Promise.race([promise.then(() => true), timeout]);
	} finally {
		clearTimeout(timer);
	}
}
