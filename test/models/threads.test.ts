// The threads model: a thread per client, each blocked in recv on its own fd, all gone after a stop.
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {connectClient} from '../helpers/echo-client.js';
import {closeClientsAndStop, startModel, type ModelSuiteContext} from '../helpers/model-harness.js';
import {waitUntil, within} from '../helpers/time.js';

const CLIENTS = 5;
const threadIds = (): string[] => fs.readdirSync('/proc/self/task');

const test = suite<ModelSuiteContext>('threads', {clients: []});

test.after.each(closeClientsAndStop);

test('should serve 5 clients from 5 threads blocked in recv, and leave the thread count where it was after a stop', async context => {
	const threadsBefore = threadIds().length;
	const harness = await startModel('threads');
	context.harness = harness;
	for (let index = 0; index < CLIENTS; index++) {
		const client = await connectClient(harness.port);
		context.clients.push(client);
		client.socket.write(`client ${index}`);
		assert.is((await within(20_000, `echo ${index}`, client.waitForBytes(8))).toString(), `client ${index}`);
	}

	const started = await waitUntil(10_000, '5 thread-started events', () => {
		const events = harness.eventsOf('thread-started');
		return events.length === CLIENTS && events;
	});
	const tids = started.map(event => event.tid);
	assert.is(new Set(tids).size, CLIENTS, 'one thread per client');
	const live = threadIds();
	for (const tid of tids) {
		assert.ok(live.includes(String(tid)), `tid ${tid} is a thread of this process`);
	}

	assert.is(Math.max(...started.map(event => event.threads)), CLIENTS, 'the thread count grows with the clients');
	for (const {tid, fd} of started) {
		await harness.waitForEvent('blocked-in', event => event.tid === tid && event.fd === fd && event.call === 'recv');
	}

	const stopStarted = performance.now();
	await within(3000, 'stop', harness.stop());
	const stopMs = performance.now() - stopStarted;
	assert.ok(stopMs < 1000, `stop took ${Math.round(stopMs)} ms`);
	await within(5000, 'every client disconnected', Promise.all(context.clients.map(async client => client.closed)));
	assert.equal(harness.eventsOf('thread-exited').map(event => event.tid).sort(), [...tids].sort(), 'every thread reported ending');
	// Threads leave /proc/self/task just after their exit event.
	await waitUntil(2000, `the thread count back at ${threadsBefore} (now ${threadIds().length})`, () => threadIds().length === threadsBefore);
});

test('should end a client\'s thread when the client leaves, and keep the others', async context => {
	const harness = await startModel('threads');
	context.harness = harness;
	const leaving = await connectClient(harness.port);
	const staying = await connectClient(harness.port);
	context.clients.push(leaving, staying);
	await waitUntil(20_000, 'two threads', () => harness.eventsOf('thread-started').length === 2);
	const {fd} = (await harness.waitForEvent('accepted'));
	leaving.socket.end();
	const exited = await harness.waitForEvent('thread-exited', event => event.fd === fd);
	assert.is(exited.threads, 1);
	await harness.waitForEvent('closed', event => event.fd === fd && event.reason === 'peer-closed');
	staying.socket.write('still served');
	assert.is((await within(5000, 'echo', staying.waitForBytes(12))).toString(), 'still served');
});

test.run();
