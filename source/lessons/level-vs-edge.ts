// Lesson: level-triggered epoll reports a fd again while bytes remain; edge-triggered, read once, stalls until new data; draining fixes it.
import type {LabClient} from './lab-client.js';
import type {EventOf, LabServer} from './lab-server.js';
import type {Lab} from './lab.js';
import {READ_ONCE_BYTES} from '../models/model.js';
import {count} from './evidence.js';
import {defineLesson} from './lesson.js';

/** Read-once chunks in the one message: sent in one write, one segment on loopback. */
const CHUNKS = 10;
/** How long without a read, bytes waiting, makes a client `stalled` on the monitor. */
const STALL_MS = 1000;

/** The message's size: CHUNKS times what read-once reads per event. */
const MESSAGE_BYTES = CHUNKS * READ_ONCE_BYTES;

/** Whether a readiness event reported `fd` readable. */
function reportsReadable(event: EventOf<'readiness'>, fd: number): boolean {
	return event.ready.some(ready => ready.fd === fd && ready.flags.includes('EPOLLIN'));
}

/** A model with one client whose fd is known, and the index of the events from which to count. */
type Scene = {server: LabServer; client: LabClient; fd: number};

async function oneClient(lab: Lab, model: string, readOnce: boolean): Promise<Scene> {
	const server = await lab.startModel(model, {readOnce});
	const client = await lab.connect(server);
	const fd = await lab.require('the client accepted', () => server.fdOf(client.address));
	return {server, client, fd};
}

/** Bytes in the server's receive queue of `fd`, from the kernel. */
function receiveQueue({server, fd}: Scene): number {
	return server.sample()?.sockets.find(socket => socket.fd === fd)?.receive ?? -1;
}

/** The two models compared, and whether the loops read once per event (false: they drain, and the stall cannot happen). */
type Options = {readonly level: string; readonly edge: string; readonly readOnce: boolean};

/** One message read once per event: epoll-lt reports again, epoll-et stalls until new data, draining fixes it. `readOnce: false` makes the claim false. */
export const levelVsEdge = defineLesson<Options>({
	id: 'level-vs-edge',
	title: 'Level vs edge',
	claim: 'Level-triggered epoll reports a fd again while bytes remain; edge-triggered, reading once per event, stalls with bytes in the receive queue and no event until new data comes; draining until EAGAIN fixes it.',
	models: ['epoll-lt', 'epoll-et'],
	defaults: {level: 'epoll-lt', edge: 'epoll-et', readOnce: true},
	steps({level, edge, readOnce}) {
		let scene: Scene;
		let from = 0;
		const bytes = MESSAGE_BYTES;
		const reads = readOnce ? 'reading once per event' : 'draining every event';
		return [
			{
				title: `${level}, ${reads}: one message of ${CHUNKS} reads' worth`,
				watch: 'readiness: the same fd reported EPOLLIN again and again until the message is read',
				async run(lab: Lab) {
					const {server, client, fd} = await oneClient(lab, level, readOnce);
					const before = server.events.length;
					client.send(Buffer.alloc(bytes, 'l'));
					await lab.waitFor('the whole echo', () => client.received >= bytes, 5000);
					await lab.waitFor('the events', () => server.eventsOf('recv', before).filter(event => event.fd === fd).reduce((sum, event) => sum + event.bytes, 0) >= bytes, 2000);
					const reports = server.eventsOf('readiness', before).filter(event => reportsReadable(event, fd)).length;
					const recvs = server.eventsOf('recv', before).filter(event => event.fd === fd && event.bytes > 0).length;
					lab.check('the fd is reported again while bytes remain', reports > 1,
						`fd ${fd} reported EPOLLIN ${count(reports, 'time')} for one ${bytes} B message; ${count(recvs, 'recv')}; ${client.received} B echoed`, {reports, recvs, echoed: client.received});
				},
			},
			{
				title: `${edge}, ${reads}: the same message`,
				watch: 'clients: the row turns stalled, its recv-q holding the rest; readiness: no new event for it',
				async run(lab: Lab) {
					scene = await oneClient(lab, edge, readOnce);
					const {server, client, fd} = scene;
					from = server.events.length;
					client.send(Buffer.alloc(bytes, 'e'));
					await lab.require('the first echo', () => client.received > 0, 5000);
					await lab.settle(STALL_MS + 100); // A second with bytes waiting and no read: stalled.
					// Counted from the first read on: the event that brought the message does not count.
					const firstRead = server.events.findIndex((event, index) => index >= from && event.kind === 'recv' && event.fd === fd);
					const reports = firstRead < 0 ? 0 : server.eventsOf('readiness', firstRead).filter(event => reportsReadable(event, fd)).length;
					const stuck = receiveQueue(scene);
					lab.check('bytes stuck in the receive queue, no new event', stuck > 0 && reports === 0 && client.received < bytes,
						`${stuck} B left in fd ${fd}'s receive queue, ${count(reports, 'event')} since the first read ${STALL_MS / 1000} s ago; ${client.received} of ${bytes} B echoed`, {receiveQueue: stuck, reportsSinceRead: reports, echoed: client.received});
				},
			},
			{
				title: 'New data arrives',
				watch: 'readiness: one new event, one more read; the rest still stuck',
				async run(lab: Lab) {
					const {server, client, fd} = scene;
					const before = server.events.length;
					const echoed = client.received;
					client.send('n');
					await lab.waitFor('another echo', () => client.received > echoed, 3000);
					await lab.settle(300);
					const reports = server.eventsOf('readiness', before).filter(event => reportsReadable(event, fd)).length;
					const stuck = receiveQueue(scene);
					lab.check('a new edge, a new event', reports > 0 && client.received > echoed,
						`${count(reports, 'event')}, ${client.received - echoed} B more echoed`, {reports, echoed: client.received - echoed});
					lab.check('the rest is still stuck', stuck > 0, `${stuck} B still in the receive queue`, {receiveQueue: stuck});
				},
			},
			{
				title: 'Drain until EAGAIN',
				watch: 'readiness: one event, reads until EAGAIN; the recv-q back to 0, the row served',
				async run(lab: Lab) {
					const {server, client} = scene;
					server.engine.setReadOnce(false);
					const eagain = server.counters.eagain;
					client.send('d');
					const all = bytes + 2;
					await lab.waitFor('everything echoed', () => client.received >= all, 3000);
					await lab.waitFor('the EAGAIN counted', () => server.counters.eagain > eagain, 1000);
					const left = receiveQueue(scene);
					const eagains = server.counters.eagain - eagain;
					lab.check('draining reads everything', client.received === all && left === 0 && eagains > 0,
						`${client.received} of ${all} B echoed, ${left} B left in the receive queue; the read ended with EAGAIN (${eagains}×)`, {echoed: client.received, receiveQueue: left, eagain: eagains});
				},
			},
		];
	},
});
