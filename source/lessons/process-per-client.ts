// Lesson: a process per client costs a process, its memory and its start for every client; select serves the same clients in one thread.
import {formatBytes} from '../format/bytes.js';
import {describeNativeFork, nativeSpawnCostWithin} from '../bench/spawn-cost.js';
import {privateKb} from '../bench/task-cost.js';
import type {LabClient} from './lab-client.js';
import type {EventOf, LabServer} from './lab-server.js';
import type {Lab} from './lab.js';
import {count, times} from './evidence.js';
import {median} from '../util/median.js';
import {defineLesson} from './lesson.js';

/** fork at growing numbers of clients, then the same clients on select. `counts`: the numbers of clients. */
export const processPerClient = defineLesson({
	id: 'process-per-client',
	title: 'A process per client is costly',
	claim: 'A server that forks per client pays a process, its memory and its start for every client; select serves the same clients in one thread.',
	models: ['fork', 'select'],
	defaults: {model: 'fork', counts: [1, 5, 10]},
	steps({model, counts}) {
		let server: LabServer;
		const clients: LabClient[] = [];
		/** Total resident memory of the children alive, in KiB, at each count. */
		const totals: number[] = [];
		const stage = (total: number, index: number) => ({
			title: `${count(total, 'client')} on ${model}`,
			watch: 'event log: child-spawned with its pid, RSS and spawn time; blocked in: one process per client',
			async run(lab: Lab) {
				if (index === 0) {
					server = await lab.startModel(model);
					lab.note('A child here is a new Node process (spawn, Node\'s start, its imports): Node cannot fork() and go on running JavaScript. A C fork() shares its parent\'s memory copy-on-write and starts far faster, so these costs are Node\'s, the growth is the model\'s.');
				}

				const spawnedBefore = server.eventsOf('child-spawned').length;
				await lab.growClients(server, clients, total);
				const living = (): Array<EventOf<'child-spawned'>> => {
					const exited = new Set(server.eventsOf('child-exited').map(event => event.pid));
					return server.eventsOf('child-spawned').filter(event => !exited.has(event.pid));
				};

				// A child's report comes through a pipe read every 25 ms: it may follow its first echo.
				const alive = await lab.waitFor('every child reported', () => living().length >= total && living(), 5000) ?? living();
				const spawned = server.eventsOf('child-spawned');
				const rssKb = alive.reduce((sum, event) => sum + event.rssKb, 0);
				totals.push(rssKb);
				const spawnMs = spawned.slice(spawnedBefore).map(event => event.spawnMs);
				// What a child holds that no other process shares (smaps_rollup), beside what fork() in C costs.
				const privates = alive.map(event => privateKb(event.pid)).filter(kb => kb >= 0);
				const native = await nativeSpawnCostWithin(5000);
				const comparison = `; a child here is a new Node process: ${Math.round(median(spawnMs) ?? 0)} ms`
					+ `${privates.length > 0 ? `, ${formatBytes((median(privates) ?? 0) * 1024)} private` : ''}${native ? `; ${describeNativeFork(native)}` : ''}`;
				lab.check('one process per client', alive.length === total && new Set(alive.map(event => event.pid)).size === total,
					`${count(alive.length, 'process', 'processes')} for ${count(total, 'client')}; ${formatBytes(rssKb * 1024)} resident in all; spawn ${Math.round(median(spawnMs) ?? 0)} ms each (median)${comparison}`,
					{processes: alive.length, rssKb, spawnMs: Math.round(median(spawnMs) ?? 0)});
				if (index > 0) {
					const first = totals[0]!;
					const growth = first > 0 ? rssKb / first : 0;
					// Children share pages, so memory grows less than the count; half of it is the floor.
					const expected = (total / counts[0]!) / 2;
					lab.check('memory grows with the clients', growth >= expected, `${times(growth)} the memory of ${count(counts[0]!, 'client')} for ${times(total / counts[0]!)} the clients`, {growth: Math.round(growth * 10) / 10});
				}
			},
		});
		const most = counts.at(-1) ?? 1;
		return [
			...counts.map((total, index) => stage(total, index)),
			{
				title: `The same ${count(most, 'client')} on select`,
				watch: 'model bar: one thread; readiness: one select call watches them all',
				async run(lab: Lab) {
					const processes = await lab.nextCpuReading(server);
					clients.length = 0;
					server = await lab.startModel('select');
					await lab.growClients(server, clients, most);
					const reading = await lab.nextCpuReading(server);
					const forked = server.eventsOf('child-spawned').length + server.eventsOf('thread-started').length;
					lab.check('select serves them in one thread', reading !== undefined && reading.threads === 1 && reading.processes === 0 && forked === 0,
						reading ? `select: ${count(most, 'client')} in ${count(reading.threads, 'thread')}, ${count(reading.processes, 'process', 'processes')} (/proc); ${model}: ${count(processes?.processes ?? 0, 'process', 'processes')}` : 'no CPU reading of the model', {threads: reading?.threads ?? -1, processes: reading?.processes ?? -1});
				},
			},
		];
	},
});
