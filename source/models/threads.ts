// A thread per client (man 7 pthreads): the model's thread accepts, a worker thread serves each client with blocking calls.
import {residentKb} from '../sys/index.js';
import {startSiblingWorker} from '../util/sibling-module.js';
import {closeClient} from './accept.js';
import {runPerClient, type ClientTask} from './per-client.js';
import {RelayedClient, type RelayRecord} from './relay.js';
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
		const start = (fd: number, peer: string): ClientTask => {
			threads++;
			return startThread(context, fd, peer, {
				count: () => threads,
				onExit: () => threads--,
			});
		};

		await runPerClient(context, {unit: 'thread', limit: context.options.maxThreads, start});
	},
};

function startThread(context: ModelContext, fd: number, peer: string, live: {count(): number; onExit(): void}): ClientTask {
	const {probe, control} = context;
	const client = new RelayedClient(fd, probe, (ready, startMs) => {
		probe.emitEssential({kind: 'thread-started', tid: ready.tid, fd, startMs, threads: live.count(), rssKb: residentKb()});
	});
	const workerData: ClientThreadData = {fd, shared: control.shared};
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
			if (control.isOwned(fd)) {
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
