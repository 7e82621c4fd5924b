// A thread per client (man 7 pthreads): the model's thread accepts, a worker thread serves each client with blocking calls.
import {getFileLimit, openFdCount, residentKb} from '../sys/index.js';
import {startSiblingWorker} from '../util/sibling-module.js';
import {closeClient} from './accept.js';
import {runPerClient, type ClientTask} from './per-client.js';
import {RelayedClient, type RelayRecord} from './relay.js';
import {FdClaim} from './fd-claim.js';
import type {ClientThreadData} from './client-thread.js';
import type {Model, ModelContext} from './model.js';

/**
 * accept, start a thread for the client, accept the next. Each thread blocks in recv on its own
 * fd; a stop wakes them all by shutting those fds down (the engine knows them from Control).
 */
export const threadsModel: Model = {
	id: 'threads',
	title: 'threads (thread per client)',
	summary: 'a thread per client, each blocked in recv on its own fd: the thread count and the memory grow with the clients',
	run: async context => {
		let threads = 0;
		// Threads started that have not yet opened their event loop's fds.
		let starting = 0;
		const start = (fd: number, peer: string): ClientTask => {
			threads++;
			starting++;
			let pending = true;
			const settle = (): void => {
				if (pending) {
					pending = false;
					starting--;
				}
			};

			return startThread(context, fd, peer, {
				count: () => threads,
				onReady: settle,
				onExit() {
					settle();
					threads--;
				},
			});
		};

		await runPerClient(context, {unit: 'thread', limit: context.options.maxThreads, start, hasRoom: () => hasFdsForThread(starting)});
	},
};

/**
 * What a starting thread may open: its event loop's epoll fd and eventfds (a serving thread holds
 * 5 fds with its client's, counted in /proc/<pid>/fd) and, while it loads, several module files at once.
 */
const FDS_PER_STARTING_THREAD = 24;
/** Kept free for the rest of the process: the engine's sampler reads /proc, the accept itself. */
const FDS_RESERVED = 16;

/**
 * Whether one more thread fits under the open-files limit. A Worker that runs out of fds while it
 * starts fails (ERR_WORKER_INIT_FAILED, or EMFILE loading a module), and Node leaks the fds it had
 * opened already: under `prlimit --nofile=128`, three rounds of 150 clients left 127 fds taken
 * and nobody served. So the model counts before it accepts, and past the budget clients wait in
 * the backlog instead. Threads still starting have not opened all their fds yet: they are counted
 * at what they may still take.
 */
function hasFdsForThread(starting: number): boolean {
	const {soft} = getFileLimit();
	return openFdCount() + (starting + 1) * FDS_PER_STARTING_THREAD + FDS_RESERVED <= soft;
}

function startThread(context: ModelContext, fd: number, peer: string, live: {count(): number; onReady(): void; onExit(): void}): ClientTask {
	const {probe, control} = context;
	const client = new RelayedClient(fd, probe, (ready, startMs) => {
		live.onReady();
		probe.emitEssential({kind: 'thread-started', tid: ready.tid, fd, startMs, threads: live.count(), rssKb: residentKb()});
	});
	const claim = new FdClaim();
	const workerData: ClientThreadData = {fd, shared: control.shared, claim: claim.shared};
	const worker = startSiblingWorker(import.meta.url, './client-thread', {workerData});
	// Its owner is unknown until the thread runs and says its kernel tid (thread-started): not this thread.
	probe.accepted(fd, peer, {});
	worker.on('message', (records: readonly RelayRecord[]) => {
		client.replay(records);
	});
	worker.on('error', error => {
		probe.error('thread', (error as NodeJS.ErrnoException).code ?? 'EIO', error.message, fd);
	});
	const ended = new Promise<void>(resolve => {
		// Messages the thread posted before it ended arrive before this event.
		worker.on('exit', () => {
			live.onExit();
			if (claim.claimForModel()) {
				// It ended before it could close its client (killed while starting, or an exception).
				closeClient(context, fd, control.stopping ? 'server-stopped' : 'error', 'its thread ended');
			}

			if (client.tid !== 0) {
				probe.emitEssential({kind: 'thread-exited', tid: client.tid, fd, threads: live.count()});
			}

			resolve();
		});
	});
	return {
		ended,
		// The engine shuts down every owned fd at stop, which wakes the thread's recv.
		stop: () => undefined,
		kill: () => {
			void worker.terminate();
		},
	};
}
