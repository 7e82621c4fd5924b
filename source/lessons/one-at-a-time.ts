// Lesson: a blocking server serves one client at a time; the others wait in the accept queue.
import type {LabClient} from './lab-client.js';
import type {LabServer} from './lab-server.js';
import {acceptQueueText, count, waitingConnections} from './evidence.js';
import {defineLesson} from './lesson.js';

/** Ten clients on blocking: one served, nine in the accept queue. `model` can be any model (on epoll-lt the claim does not hold). */
export const oneAtATime = defineLesson({
	id: 'one-at-a-time',
	title: 'One at a time',
	claim: 'A blocking server serves one client at a time: the others are connected, yet wait in the accept queue.',
	models: ['blocking'],
	defaults: {model: 'blocking', clients: 10},
	steps({model, clients: total}) {
		let server: LabServer;
		let clients: LabClient[] = [];
		// The client the server accepted first: the one it serves.
		let served: LabClient | undefined;
		const accepted = (): number => server.counters.accepted;

		return [
			{
				title: `${total} clients connect to ${model}`,
				watch: `queue depths: the accept queue climbs to ${total - 1}; clients: one row served, ${total - 1} waiting`,
				async run(lab) {
					server = await lab.startModel(model);
					clients = await lab.connectMany(server, total);
					// Settled once every connection is either accepted or in the accept queue.
					const sample = await lab.waitFor('every client accepted or queued', () => {
						const now = server.sample();
						return now && accepted() + (now.acceptQueue?.depth ?? 0) >= total && now;
					}) ?? server.sample();
					const firstPeer = server.eventsOf('accepted')[0]?.peer;
					served = clients.find(client => client.address === firstPeer);
					const depth = sample?.acceptQueue?.depth ?? -1;
					const waiting = waitingConnections(sample).length;
					lab.check('one client accepted', accepted() === 1, `${accepted()} of ${total} accepted by the server`, {accepted: accepted(), clients: total});
					lab.check(`${total - 1} wait in the accept queue`, depth === total - 1, acceptQueueText(sample), {depth, limit: sample?.acceptQueue?.limit ?? -1});
					lab.check(`${total - 1} rows waiting`, waiting === total - 1, `${count(waiting, 'row')} waiting (the kernel's connections not accepted yet)`, {waiting});
				},
			},
			{
				title: 'Every client sends a message',
				watch: 'clients: the served row echoes; the waiting rows\' recv-q holds their bytes, read from the kernel',
				async run(lab) {
					for (const [index, client] of clients.entries()) {
						client.send(`hello from ${index + 1}|`);
					}

					const first = served ?? clients[0]!;
					await lab.require('the served client\'s echo', () => first.received > 0);
					await lab.settle(300); // Time for an echo that should not come.
					const others = clients.filter(client => client !== first);
					const echoed = others.filter(client => client.received > 0).length;
					const queued = waitingConnections(server.sample()).reduce((sum, connection) => sum + connection.receive, 0);
					lab.check('the served client is echoed', first.received > 0, `the served client got ${first.received} B back`, {echoed: first.received});
					lab.check('the waiting clients are not', echoed === 0, `${echoed} of ${others.length} waiting clients echoed; ${queued} B wait in their receive queues`, {echoed, queuedBytes: queued});
				},
			},
			{
				title: 'The served client leaves',
				watch: 'event log: recv -> 0, then accepted for the next client; the accept queue drops by one',
				async run(lab) {
					const before = server.events.length;
					(served ?? clients[0]!).end();
					// Settled once the next client is accepted, or nobody is left to accept.
					const acceptedBefore = accepted();
					await lab.waitFor('the next client accepted', () => accepted() > acceptedBefore || accepted() >= total);
					const next = server.eventsOf('accepted', before);
					const sample = server.sample();
					const depth = sample?.acceptQueue?.depth ?? -1;
					const after = accepted() - acceptedBefore;
					lab.check('the next client is accepted', after === 1, next[0] ? `accepted ${next[0].peer} once the first left` : `${after} clients accepted after the first left`, {acceptedAfter: after});
					lab.check(`${total - 2} still wait`, depth === total - 2, acceptQueueText(sample), {depth});
				},
			},
		];
	},
});
