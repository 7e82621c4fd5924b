// Lesson: a thread per client serves every client at once, each thread blocked in its own recv; threads and memory grow with the clients.
import {formatBytes} from '../format/bytes.js';
import {describeNativeThread, nativeSpawnCostWithin} from '../bench/spawn-cost.js';
import type {LabClient} from './lab-client.js';
import type {LabServer} from './lab-server.js';
import type {Lab} from './lab.js';
import {count} from './evidence.js';
import {median} from '../util/median.js';
import {defineLesson} from './lesson.js';

/** threads at growing numbers of clients: a thread each, blocked in recv, and all served at once. `counts`: the numbers of clients. */
export const threadPerClient = defineLesson({
	id: 'thread-per-client',
	title: 'A thread per client',
	claim: 'A thread per client serves every client at once, each thread blocked in recv on its own fd; threads and memory grow with the clients.',
	models: ['threads'],
	defaults: {model: 'threads', counts: [1, 5, 10]},
	steps({model, counts}) {
		let server: LabServer;
		const clients: LabClient[] = [];
		let firstRssKb = 0;
		const stage = (total: number, index: number) => ({
			title: `${count(total, 'client')} on ${model}`,
			watch: 'event log: thread-started with its tid, the thread count and the memory; blocked in: recv, once per thread',
			async run(lab: Lab) {
				if (index === 0) {
					server = await lab.startModel(model);
					lab.note('A thread here is a Node worker (its own isolate and event loop), far more memory than a C pthread: the growth is the model\'s, the size Node\'s.');
				}

				await lab.growClients(server, clients, total);
				const live = (): Array<{tid: number; fd: number}> => {
					const exited = new Set(server.eventsOf('thread-exited').map(event => event.tid));
					return server.eventsOf('thread-started').filter(event => !exited.has(event.tid));
				};

				// A thread's last report says what it is blocked in now.
				const inRecv = (): number => live().filter(({tid, fd}) => {
					const last = server.eventsOf('blocked-in').findLast(event => event.tid === tid);
					return last?.call === 'recv' && last.fd === fd;
				}).length;
				await lab.waitFor('every thread blocked in recv', () => inRecv() >= total, 3000);
				const started = server.eventsOf('thread-started');
				const rssKb = started.at(-1)?.rssKb ?? 0;
				if (index === 0) {
					firstRssKb = rssKb;
				}

				const threads = live().length;
				lab.check('one thread per client', threads === total && new Set(live().map(event => event.tid)).size === total,
					`${count(threads, 'thread')} for ${count(total, 'client')} (thread-started, distinct tids)`, {threads});
				lab.check('each blocked in recv on its own fd', inRecv() === total, `${inRecv()} of ${threads} threads blocked in recv on their client's fd`, {inRecv: inRecv()});
				if (index > 0) {
					const added = total - counts[0]!;
					const perThread = (rssKb - firstRssKb) / added;
					const native = await nativeSpawnCostWithin(5000);
					const comparison = `; a thread here is a worker thread with its own isolate: ${Math.round(median(started.map(event => event.startMs)) ?? 0)} ms to start${native ? `; ${describeNativeThread(native)}` : ''}`;
					lab.check('memory grows with the threads', rssKb > firstRssKb, `process resident ${formatBytes(rssKb * 1024)}, ${formatBytes(Math.max(0, perThread) * 1024)} more per added thread${comparison}`, {rssKb, perThreadKb: Math.round(perThread)});
				}
			},
		});
		return [
			...counts.map((total, index) => stage(total, index)),
			{
				title: 'Every client sends at once',
				watch: 'clients: every row echoes at the same time, unlike blocking',
				async run(lab: Lab) {
					const before = clients.map(client => client.received);
					for (const client of clients) {
						client.send('all at once|');
					}

					const echoed = (): number => clients.filter((client, index) => client.received >= before[index]! + 12).length;
					await lab.waitFor('every echo', () => echoed() === clients.length, 5000);
					lab.check('every client is served at once', echoed() === clients.length, `${echoed()} of ${clients.length} clients echoed`, {echoed: echoed()});
				},
			},
		];
	},
});
