// Lesson: the listen backlog holds connections and their data; a full one turns clients away.
import type {LabClient} from './lab-client.js';
import type {LabServer} from './lab-server.js';
import type {Lab} from './lab.js';
import {acceptQueueText, count, waitingConnections} from './evidence.js';
import {defineLesson} from './lesson.js';

/** Each waiting client's messages, sent apart so that only the kernel can join them. */
const MESSAGES = ['one|', 'two|', 'three|'];
const MESSAGE_BYTES = MESSAGES.join('').length;

/** Connect a client and wait until the server has accepted it. */
async function servedClient(lab: Lab, server: LabServer): Promise<LabClient> {
	const client = await lab.connect(server);
	await lab.require('the first client accepted', () => server.acceptedEvent(client.address));
	return client;
}

/** Blocking with a waiting queue: connects complete, bytes wait in the kernel, then come in one recv; a full queue drops SYNs. */
export const backlogHoldsData = defineLesson({
	id: 'backlog-holds-data',
	title: 'The backlog holds them, and their data',
	claim: 'Connects succeed while the listen queue has room; a waiting client\'s bytes sit in the kernel until it is accepted, then come in one recv; a full queue turns clients away.',
	models: ['blocking'],
	defaults: {model: 'blocking', waiting: 3, smallBacklog: 2},
	steps({model, waiting: waitingCount, smallBacklog}) {
		let server: LabServer;
		let served: LabClient;
		let waiting: LabClient[] = [];
		return [
			{
				title: `One client is served, ${waitingCount} more connect`,
				watch: `clients: ${waitingCount} rows waiting; queue depths: accept queue ${waitingCount}`,
				async run(lab) {
					server = await lab.startModel(model);
					served = await servedClient(lab, server);
					waiting = await lab.connectMany(server, waitingCount);
					const sample = await lab.waitFor('the accept queue', () => {
						const now = server.sample();
						return now && server.counters.accepted + (now.acceptQueue?.depth ?? 0) >= waitingCount + 1 && now;
					}) ?? server.sample();
					const depth = sample?.acceptQueue?.depth ?? -1;
					lab.check('every connect succeeds', waiting.every(client => client.isConnected), `${waitingCount + 1} of ${waitingCount + 1} connects completed; ${server.counters.accepted} accepted`, {connected: waiting.length + 1});
					lab.check(`${waitingCount} wait in the accept queue`, depth === waitingCount, acceptQueueText(sample), {depth});
				},
			},
			{
				title: `Each waiting client sends ${MESSAGES.length} messages`,
				watch: 'clients: the waiting rows\' recv-q grows, read from the kernel; no echo comes back',
				async run(lab) {
					for (const message of MESSAGES) {
						for (const client of waiting) {
							client.send(message);
						}

						await lab.settle(30); // Separate segments: the kernel, not the client, joins them.
					}

					const held = (): number => waitingConnections(server.sample()).filter(connection => connection.receive === MESSAGE_BYTES).length;
					await lab.waitFor('the bytes in the kernel', () => held() >= waitingCount, 2000);
					const connections = waitingConnections(server.sample());
					const full = connections.filter(connection => connection.receive === MESSAGE_BYTES).length;
					const echoed = waiting.filter(client => client.received > 0).length;
					lab.check('their bytes sit in the kernel, not accepted', full === waitingCount,
						`${count(full, 'waiting connection')} of ${connections.length} hold ${MESSAGE_BYTES} B each in the kernel's receive queue`, {connections: full, bytesEach: MESSAGE_BYTES});
					lab.check('nothing is echoed yet', echoed === 0, `${echoed} of ${waitingCount} waiting clients echoed`, {echoed});
				},
			},
			{
				title: 'The served client leaves; the next is accepted',
				watch: 'event log: accepted, then one recv with all three messages',
				async run(lab) {
					const before = server.events.length;
					served.end();
					const next = await lab.waitFor('the next client accepted', () => server.eventsOf('accepted', before)[0]);
					const firstRecv = next && await lab.waitFor('its first recv', () => {
						const from = server.events.indexOf(next);
						return server.eventsOf('recv', from).find(event => event.fd === next.fd);
					});
					const bytes = firstRecv ? firstRecv.bytes : 0;
					const client = waiting.find(candidate => candidate.address === next?.peer);
					await lab.waitFor('its echo', () => client && client.received >= MESSAGE_BYTES, 2000);
					lab.check(`${MESSAGES.length} messages arrive in one recv`, bytes === MESSAGE_BYTES,
						firstRecv ? `${MESSAGES.length} messages (${MESSAGE_BYTES} B) sent apart, ${bytes} B in its first recv` : 'no client accepted, or no recv', {firstRecvBytes: bytes, sentBytes: MESSAGE_BYTES});
					lab.check('they are echoed', (client?.received ?? 0) >= MESSAGE_BYTES, `${client?.received ?? 0} B echoed back`, {echoed: client?.received ?? 0});
				},
			},
			{
				title: `With a backlog of ${smallBacklog}, more clients try to connect`,
				watch: 'clients: connecting rows (SYN-SENT); queue depths: the accept queue full, listen drops rising',
				async run(lab) {
					server = await lab.startModel(model, {backlog: smallBacklog});
					await servedClient(lab, server);
					// Linux queues one more than the backlog (sk_acceptq_is_full: depth > backlog).
					const fits = smallBacklog + 1;
					const extra = 2;
					const tried: LabClient[] = [];
					for (let index = 0; index < fits + extra; index++) {
						tried.push(await lab.connect(server, 300));
					}

					const sample = await lab.waitFor('clients turned away', () => {
						const now = server.sample();
						return now && ((now.kernel?.connecting.length ?? 0) > 0 || (now.listenDrops?.drops ?? 0) > 0) && now;
					}, 3000) ?? server.sample();
					const depth = sample?.acceptQueue?.depth ?? -1;
					const stuck = tried.filter(client => !client.isConnected).length;
					const connecting = sample?.kernel?.connecting.length ?? 0;
					const drops = sample?.listenDrops?.drops ?? 0;
					lab.check('the accept queue is full', depth >= smallBacklog, `${acceptQueueText(sample)} (Linux queues one past the backlog)`, {depth, backlog: smallBacklog});
					lab.check('further clients cannot connect', stuck > 0 && connecting > 0,
						`${stuck} of ${tried.length} connects not completed; ${count(connecting, 'client')} in SYN-SENT`, {notConnected: stuck, synSent: connecting});
					lab.check('the listen-drop count rises', drops > 0, `+${drops} listen drops (ListenDrops, the whole host)`, {listenDrops: drops});
				},
			},
		];
	},
});
