// What the readiness models report about their own wait call, their control fd, and a client that leaves: recv returning 0.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {connectClient} from '../helpers/echo-client.js';
import {closeClientsAndStop, startModel, type ModelSuiteContext} from '../helpers/model-harness.js';
import {waitUntil, within} from '../helpers/time.js';

const test = suite<ModelSuiteContext>('wait cost', {clients: []});

test.after.each(async context => {
	await closeClientsAndStop(context);
});

for (const modelId of ['select', 'poll', 'epoll-lt', 'epoll-et']) {
	test(`should time each ${modelId} wait, give its timeout, and name the control fd it watches`, async context => {
		const harness = await startModel(modelId);
		context.harness = harness;
		const listening = harness.eventsOf('listening')[0]!;
		assert.type(listening.controlFd, 'number');
		assert.is.not(listening.controlFd, listening.fd);

		const client = await connectClient(harness.port);
		context.clients.push(client);
		client.socket.write('ping');
		await within(5000, 'echo', client.waitForBytes(4));
		const readiness = await harness.waitForEvent('readiness', event => event.ready.some(ready => ready.fd !== listening.fd));
		assert.ok(readiness.durationUs >= 0 && Number.isInteger(readiness.durationUs), `durationUs ${readiness.durationUs}`);
		assert.ok(readiness.timeoutMs === -1 || (readiness.timeoutMs >= 0 && Number.isInteger(readiness.timeoutMs)), `timeoutMs ${readiness.timeoutMs}`);
		const {counters} = await waitUntil(2000, 'counters with the wait time', () => harness.batches.findLast(batch => batch.counters.waitCalls > 0));
		assert.ok(counters.waitUs > 0, 'the total wait time is counted');
		// Waits that found the client blocked until it sent: the time blocked is part of the call.
		const events = harness.eventsOf('readiness');
		const total = events.reduce((sum, event) => sum + event.durationUs, 0);
		assert.ok(total <= counters.waitUs, 'the counter covers every wait, detailed or not');
	});
}

for (const modelId of ['blocking', 'nonblocking', 'select-queue', 'epoll-et']) {
	test(`should say recv returned 0 when a ${modelId} client leaves`, async context => {
		const harness = await startModel(modelId);
		context.harness = harness;
		const client = await connectClient(harness.port);
		context.clients.push(client);
		client.socket.write('bye');
		await within(5000, 'echo', client.waitForBytes(3));
		client.socket.end();
		const closed = await harness.waitForEvent('closed');
		assert.is(closed.reason, 'peer-closed');
		assert.is(closed.detail, 'recv -> 0: peer closed');
	});
}

test.run();
