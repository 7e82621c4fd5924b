// Lesson: with a message queue per client and a write list, data waits in the application until select reports the socket writable.
import {formatBytes} from '../format/bytes.js';
import type {EventOf} from './lab-server.js';
import {count} from './evidence.js';
import {defineLesson} from './lesson.js';
import type {LabClient} from './lab-client.js';
import type {LabServer} from './lab-server.js';

/** What the client sends while it does not read: past what the kernel's buffers on both sides hold. */
const SEND_BYTES = 16 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'q');

/** Whether a readiness event reported `fd` writable (select's writefds, poll's and epoll's OUT). */
function reportsWritable(event: EventOf<'readiness'>, fd: number): boolean {
	return event.ready.some(ready => ready.fd === fd && ready.flags.some(flag => flag === 'writefds' || flag.endsWith('OUT')));
}

/** A client that sends without reading on select-queue, then reads again. */
export const writeList = defineLesson({
	id: 'write-list',
	title: 'A queue per client and a write list',
	claim: 'A select server with a queue per client keeps what it cannot send in the application and sends only once select reports the socket writable.',
	models: ['select-queue'],
	defaults: {model: 'select-queue'},
	steps({model}) {
		let server: LabServer;
		let client: LabClient;
		let fd = -1;
		let from = 0;
		return [
			{
				title: 'A client sends without reading',
				watch: 'clients: its app-q grows while its send-q is full; queue depths: the application queue',
				async run(lab) {
					server = await lab.startModel(model);
					client = await lab.connect(server);
					fd = await lab.require('the client accepted', () => server.fdOf(client.address));
					client.socket.pause(); // Reads nothing: the echo fills its receive queue, then the server's send queue.
					from = server.events.length;
					for (let sent = 0; sent < SEND_BYTES; sent += CHUNK.length) {
						client.send(CHUNK);
					}

					// Settled once the application queue stops growing.
					let last = -1;
					await lab.waitFor('the application queue to settle', () => {
						const now = server.client(fd)?.appQueue ?? 0;
						const settled = now > 0 && now === last;
						last = now;
						return settled;
					}, 5000);
					await lab.settle(200);
					const queued = server.client(fd)?.appQueue ?? 0;
					const sendQueue = server.sample()?.sockets.find(socket => socket.fd === fd)?.send ?? 0;
					lab.check('its queue grows in the application', queued > 0,
						`app queue ${formatBytes(queued)} (peak ${formatBytes(server.peakAppQueue.get(fd) ?? 0)}); the kernel's send queue ${formatBytes(sendQueue)}`, {appQueue: queued, sendQueue});
				},
			},
			{
				title: 'The client reads again',
				watch: 'readiness: the fd in writefds, each send after it; the app-q drains to 0',
				async run(lab) {
					const before = server.events.length;
					client.socket.resume();
					const drained = await lab.waitFor('every byte echoed', () => client.received >= SEND_BYTES, 15_000);
					await lab.waitFor('the queue reported empty', () => server.client(fd)?.appQueue === 0, 2000);
					// Every send that was reported in detail (a burst is summarised past 64 events a batch)
					// must follow a wait that reported the fd writable, in the same loop turn or before it.
					let writable = false;
					let sends = 0;
					let sendsAfterWritable = 0;
					for (const event of server.events.slice(from)) {
						if (event.kind === 'readiness') {
							writable = reportsWritable(event, fd);
						} else if (event.kind === 'send' && event.fd === fd) {
							sends++;
							sendsAfterWritable += writable ? 1 : 0;
						}
					}

					const reported = server.eventsOf('readiness', before).filter(event => reportsWritable(event, fd)).length;
					lab.check('it sends only when select reports the socket writable', sends > 0 && sendsAfterWritable === sends,
						`${sendsAfterWritable} of ${count(sends, 'send')} shown came right after select reported fd ${fd} in writefds (${count(reported, 'report')} since it read again)`, {sends, sendsAfterWritable, writableReports: reported});
					lab.check('the queue drains, every byte echoed', drained === true && server.client(fd)?.appQueue === 0,
						`${formatBytes(client.received)} of ${formatBytes(SEND_BYTES)} echoed; app queue ${formatBytes(server.client(fd)?.appQueue ?? 0)}`, {echoed: client.received, appQueue: server.client(fd)?.appQueue ?? -1});
				},
			},
		];
	},
});
