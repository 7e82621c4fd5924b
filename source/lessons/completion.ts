// Lesson: io_uring hands the kernel the reads and writes themselves and reaps their completions, many per system call; fewer calls per message than epoll.
import type {Counters} from '../models/probe/events.js';
import type {LabClient} from './lab-client.js';
import type {LabServer} from './lab-server.js';
import type {Lab} from './lab.js';
import {count, times} from './evidence.js';
import {defineLesson} from './lesson.js';

/** What one model's run of the same load cost. */
type Cost = {
	readonly model: string;
	readonly messages: number;
	/** System calls the model made (every call through sys/, counted exactly). */
	readonly syscalls: number;
	/** io_uring only: io_uring_enter calls, SQEs submitted and CQEs reaped, as the ring counted them. */
	readonly enterCalls: number;
	readonly submitted: number;
	readonly completed: number;
};

const MESSAGE = Buffer.from('completion, not readiness|');

/** Each client sends `messages` messages, one at a time, each after the previous one's echo. */
async function pingPong(lab: Lab, clients: readonly LabClient[], messages: number): Promise<number> {
	let done = 0;
	await Promise.all(clients.map(async client => {
		for (let index = 0; index < messages; index++) {
			const expected = client.received + MESSAGE.length;
			client.send(MESSAGE);
			if (!await lab.waitFor('the echo', () => client.received >= expected, 5000)) {
				return;
			}

			done++;
		}
	}));
	return done;
}

/** Calls the model made and what it did with them, between two readings of its counters. */
function cost(model: string, messages: number, before: Counters, after: Counters): Cost {
	return {
		model, messages, syscalls: after.syscalls - before.syscalls, enterCalls: after.enterCalls - before.enterCalls,
		submitted: after.submitted - before.submitted, completed: after.completed - before.completed,
	};
}

/** Run the load on `model`, and what it cost in system calls. */
async function measure(lab: Lab, model: string, clientCount: number, messages: number): Promise<Cost> {
	const server: LabServer = await lab.startModel(model);
	const clients = await lab.connectMany(server, clientCount);
	await lab.require('every client accepted', () => server.counters.accepted >= clientCount);
	await lab.settle(100); // The accepts' own calls counted before the load starts.
	const before = server.counters;
	const done = await pingPong(lab, clients, messages);
	await lab.settle(100); // The last batch of counters.
	return cost(model, done, before, server.counters);
}

const perMessage = ({syscalls, messages}: Cost): number => syscalls / Math.max(1, messages);

/** The same ping-pong on epoll-et and io-uring: io_uring_enter calls, submissions and completions, system calls per message. */
export const completion = defineLesson({
	id: 'completion',
	title: 'Completion, not readiness',
	claim: 'io_uring takes the reads and writes themselves and returns their completions, many per system call: fewer system calls per message than epoll.',
	models: ['io-uring', 'epoll-et'],
	defaults: {model: 'io-uring', baseline: 'epoll-et', clients: 50, messages: 20},
	steps({model, baseline, clients, messages}) {
		let reference: Cost;
		const describe = (measured: Cost): string => `${measured.model}: ${count(measured.syscalls, 'system call')} for ${count(measured.messages, 'message')} (${perMessage(measured).toFixed(2)} per message)`;
		return [
			{
				title: `${count(clients, 'client')} ping-pong on ${baseline}`,
				watch: 'readiness: each epoll_wait, then a recv and a send per message',
				async run(lab) {
					reference = await measure(lab, baseline, clients, messages);
					lab.check('every message echoed', reference.messages === clients * messages, describe(reference), {syscalls: reference.syscalls, messages: reference.messages});
				},
			},
			{
				title: `The same on ${model}`,
				watch: 'completions: submitted, completed and in flight per io_uring_enter; the system calls per message',
				async run(lab) {
					const measured = await measure(lab, model, clients, messages);
					const {enterCalls, submitted, completed} = measured;
					if (enterCalls === 0) {
						lab.unavailable('many completions per system call', `${model} counted no io_uring_enter call`);
					} else {
						// Each call submits the echoes ready and reaps every completion waiting: receives and sends of many clients.
						lab.check('many completions per system call', completed > enterCalls,
							`${count(completed, 'completion')} and ${count(submitted, 'submission')} in ${count(enterCalls, 'io_uring_enter call')}: ${(completed / enterCalls).toFixed(1)} and ${(submitted / enterCalls).toFixed(1)} per call`,
							{completed, submitted, enterCalls});
					}

					lab.check(`fewer system calls per message than ${baseline}`, measured.messages === clients * messages && perMessage(measured) < perMessage(reference),
						`${describe(measured)}; ${describe(reference)}: ${times(perMessage(reference) / Math.max(0.001, perMessage(measured)))} fewer`, {perMessage: Math.round(perMessage(measured) * 100) / 100, baselinePerMessage: Math.round(perMessage(reference) * 100) / 100});
				},
			},
		];
	},
});
