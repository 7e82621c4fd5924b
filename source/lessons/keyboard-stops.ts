// Lesson: the textbook's loop watched stdin beside the listening socket to stop; here a control fd takes that place, and q stops the loop within a second.
import {count} from './evidence.js';
import type {LabClient} from './lab-client.js';
import type {LabServer} from './lab-server.js';
import {defineLesson} from './lesson.js';

/** The textbook's promise: a key stops the server at once; a second is the bound here. */
const STOP_MS = 1000;

/** The control fd in the wait beside the listening socket, and a stop that wakes it. */
export const keyboardStops = defineLesson({
	id: 'keyboard-stops',
	title: 'The keyboard replaces stdin',
	claim: 'The loop watches a control fd beside the listening socket, where the textbook watched stdin; a key (q) wakes the wait and stops the loop within a second.',
	models: ['select'],
	defaults: {model: 'select', clients: 2},
	steps({model, clients: total}) {
		let server: LabServer;
		let clients: LabClient[] = [];
		let controlFd: number | undefined;
		return [
			{
				title: `${model} with ${count(total, 'client')}`,
				watch: 'readiness: the legend names the control fd (keyboard) and the listening socket beside the clients',
				async run(lab) {
					server = await lab.startModel(model);
					clients = await lab.connectMany(server, total);
					for (const client of clients) {
						client.send('hi|');
					}

					await lab.require('every echo', () => clients.every(client => client.received >= 3));
					const listening = server.eventsOf('listening')[0];
					controlFd = listening?.controlFd;
					const wait = await lab.waitFor('a wait watching every client', () => server.eventsOf('readiness').findLast(event => event.watched >= total + 2));
					const watched = wait?.watched ?? server.eventsOf('readiness').at(-1)?.watched ?? 0;
					lab.check('the control fd is watched beside the listening socket', controlFd !== undefined && controlFd !== listening?.fd && watched === total + 2,
						controlFd === undefined ? `${model} names no control fd` : `${model} watches ${watched} fds: listening fd ${listening?.fd ?? '?'}, control fd ${controlFd}, ${count(total, 'client')}`,
						{watched, controlFd: controlFd ?? -1, listenFd: listening?.fd ?? -1});
				},
			},
			{
				title: 'A key stops the loop',
				watch: 'q: the monitor quits; every client sees its connection close',
				async run(lab) {
					const before = server.events.length;
					const started = performance.now();
					await lab.stopModel();
					const stopMs = Math.round(performance.now() - started);
					const ended = await lab.waitFor('every client closed', () => clients.every(client => client.isClosed), 2000);
					const woken = server.eventsOf('readiness', before).some(event => event.ready.some(ready => ready.fd === controlFd));
					lab.check('the wait wakes on the control fd', woken, woken ? `the last ${server.eventsOf('readiness', before).at(-1)?.call ?? 'wait'} returned control fd ${controlFd ?? '?'} ready` : 'no wait returned the control fd ready', {controlFd: controlFd ?? -1});
					lab.check(`the loop stops within ${STOP_MS / 1000} s`, stopMs < STOP_MS && ended === true,
						`stopped in ${stopMs} ms; ${clients.filter(client => client.isClosed).length} of ${total} clients saw the connection close`, {stopMs});
				},
			},
		];
	},
});
