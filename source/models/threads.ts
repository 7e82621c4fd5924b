// A thread per client (man 7 pthreads): the model's thread accepts, a worker thread serves each client with blocking calls.
import {residentKb} from '../sys/index.js';
import {startSiblingWorker} from '../util/sibling-module.js';
import {closeClient} from './accept.js';
import {hasFreeFds, runPerClient, type ClientTask} from './per-client/per-client.js';
import {RecordRing} from './per-client/record-ring.js';
import {RelayedClient} from './per-client/relay.js';
import type {RelayRecord} from './per-client/relay-recorder.js';
import {RingRelay} from './per-client/ring-relay.js';
import {FdClaim} from './per-client/fd-claim.js';
import type {ClientThreadData} from './per-client/client-thread.js';
import type {Model, ModelContext} from './model.js';

/**
 * What a starting thread may open: its event loop's epoll fd and eventfds (a serving thread holds
 * 5 fds with its client's, counted in /proc/<pid>/fd) and, while it loads, several module files at
 * once. Threads still starting have not opened all theirs yet: each counts at this much. A Worker
 * that runs out of fds while starting fails (ERR_WORKER_INIT_FAILED, or EMFILE loading a module)
 * and Node leaks what it had opened: under `prlimit --nofile=128`, three rounds of 150 clients
 * left 127 fds taken and nobody served, before this budget.
 */
const FDS_PER_STARTING_THREAD = 24;

/**
 * accept, start a thread for the client, accept the next. Each thread blocks in recv on its own
 * fd; a stop wakes them all by shutting those fds down (the engine knows them from Control).
 * Threads record their calls in shared memory (RecordRing), drained here every tick: no message
 * crosses to this thread per call, so it is not woken once per echoed message.
 */
export const threadsModel: Model = {
	run: async context => {
		let threads = 0;
		// Threads started that have not yet opened their event loop's fds.
		let starting = 0;
		// Every live thread's ring, drained each tick (TICK_MS, the probe's own flush interval).
		const relays = new Set<RingRelay>();
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

			return startThread(context, fd, peer, relays, {
				count: () => threads,
				onReady: settle,
				onExit() {
					settle();
					threads--;
				},
			});
		};

		await runPerClient(context, {
			unit: 'thread',
			limit: context.options.maxThreads,
			start,
			hasRoom: () => hasFreeFds((starting + 1) * FDS_PER_STARTING_THREAD),
			tick() {
				for (const relay of relays) {
					relay.drain();
				}
			},
		});
	},
};

function startThread(context: ModelContext, fd: number, peer: string, relays: Set<RingRelay>, live: {count(): number; onReady(): void; onExit(): void}): ClientTask {
	const {probe, control} = context;
	const client = new RelayedClient(fd, probe, (ready, startMs) => {
		live.onReady();
		probe.emitEssential({kind: 'thread-started', tid: ready.tid, fd, startMs, threads: live.count(), rssKb: residentKb()});
	});
	const claim = new FdClaim();
	const ring = new RecordRing();
	const relay = new RingRelay(ring, client, probe);
	const workerData: ClientThreadData = {fd, shared: control.shared, claim: claim.shared, ring: ring.shared};
	const worker = startSiblingWorker(import.meta.url, './per-client/client-thread', {workerData});
	// Its owner is unknown until the thread runs and says its kernel tid (thread-started): not this thread.
	probe.accepted(fd, peer, {});
	relays.add(relay);
	// Only what carries text (closed, an error), a few per thread: the rest is in the ring.
	worker.on('message', (records: readonly RelayRecord[]) => {
		// The ring first: what the thread recorded before it posted comes first.
		relay.drain();
		client.replay(records);
	});
	worker.on('error', error => {
		relay.drain();
		probe.error('thread', (error as NodeJS.ErrnoException).code ?? 'EIO', error.message, fd);
	});
	const ended = new Promise<void>(resolve => {
		// Messages the thread posted before it ended arrive before this event, and all it wrote to its ring is there.
		worker.on('exit', () => {
			relay.drain();
			relays.delete(relay);
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
		// Never while it loads its modules (tid still 0): a Worker terminated inside koffi's
		// initialisation aborts the whole process (napi_throw, FATAL ERROR). Its fd is shut down
		// already, so once loaded it finds recv returning 0 and ends by itself.
		kill: () => {
			// Its ready record may be waiting in the ring.
			relay.drain();
			if (client.tid !== 0) {
				void worker.terminate();
			}
		},
		isStarting: () => client.tid === 0,
	};
}
