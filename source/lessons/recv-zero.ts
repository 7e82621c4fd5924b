// Lesson: recv returning 0 is how a server learns its client left; a blocking server then moves on.
import {RECV_ZERO_DETAIL} from '../models/probe/events.js';
import type {LabClient} from './lab-client.js';
import type {LabServer} from './lab-server.js';
import {acceptQueueText} from './evidence.js';
import {defineLesson} from './lesson.js';

/** A served client closes: recv returns 0, the blocking server accepts the next. */
export const recvZero = defineLesson({
	id: 'recv-zero',
	title: 'recv returns 0: the client left',
	claim: 'When a client closes, the server\'s recv returns 0; a blocking server closes that connection and moves on to the next client.',
	models: ['blocking'],
	defaults: {model: 'blocking'},
	steps({model}) {
		let server: LabServer;
		let leaving: LabClient;
		let next: LabClient;
		let leavingFd = -1;
		let closedAt = 0;
		return [
			{
				title: 'A client is served, another waits',
				watch: 'clients: one row served, one waiting; blocked in: recv on the served client\'s fd',
				async run(lab) {
					server = await lab.startModel(model);
					leaving = await lab.connect(server);
					leaving.send('hello|');
					await lab.require('the first client echoed', () => leaving.received >= 6);
					leavingFd = server.acceptedEvent(leaving.address)?.fd ?? -1;
					next = await lab.connect(server);
					next.send('next|');
					const blocked = await lab.waitFor('blocked in recv', () => server.eventsOf('blocked-in').findLast(event => event.fd === leavingFd && event.call === 'recv'), 2000);
					const sample = server.sample();
					lab.check('the server is blocked in recv on the served client', blocked !== undefined, blocked ? `blocked in recv on fd ${blocked.fd}` : 'no blocked-in recv reported', {fd: blocked?.fd ?? -1});
					lab.check('the other client waits', sample?.acceptQueue?.depth === 1, acceptQueueText(sample), {depth: sample?.acceptQueue?.depth ?? -1});
				},
			},
			{
				title: 'The served client closes its end',
				watch: 'event log: closed, recv -> 0: peer closed',
				async run(lab) {
					const before = server.events.length;
					leaving.end();
					const closed = await lab.waitFor('the close', () => server.eventsOf('closed', before).find(event => event.fd === leavingFd));
					closedAt = closed ? server.events.indexOf(closed) : -1;
					lab.check('recv returns 0', closed?.reason === 'peer-closed' && closed.detail === RECV_ZERO_DETAIL,
						closed ? `fd ${closed.fd}: ${closed.detail ?? closed.reason}` : `no close of fd ${leavingFd} reported`, {fd: closed?.fd ?? -1});
				},
			},
			{
				title: 'The server moves on',
				watch: 'event log: accepted for the waiting client; its message echoed',
				async run(lab) {
					const accepted = await lab.waitFor('the next client accepted', () => closedAt >= 0 && server.eventsOf('accepted', closedAt).find(event => event.peer === next.address));
					await lab.waitFor('its echo', () => next.received >= 5, 2000);
					lab.check('it accepts the next client once the first left', accepted !== undefined,
						accepted ? `accepted ${accepted.peer} on fd ${accepted.fd} after the close` : 'the waiting client was not accepted after the close', {fd: accepted?.fd ?? -1});
					lab.check('and serves it', next.received >= 5, `${next.received} B echoed to it`, {echoed: next.received});
				},
			},
		];
	},
});
