// The blocking model serves one client at a time; the next waits in the listen backlog.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {connectClient, type EchoClient} from '../helpers/echo-client.js';
import {startModel, type ModelHarness} from '../helpers/model-harness.js';
import {delay, waitUntil, within} from '../helpers/time.js';

const test = suite<{harness?: ModelHarness; clients: EchoClient[]}>('blocking', {clients: []});

test.before.each(async context => {
	context.clients = [];
	context.harness = await startModel('blocking');
});

test.after.each(async context => {
	for (const client of context.clients) {
		client.close();
	}

	await context.harness?.stop();
});

test('should serve a second client only after the first leaves, its three messages in one recv', async context => {
	const harness = context.harness!;
	const first = await connectClient(harness.port);
	context.clients.push(first);
	first.socket.write('first');
	await within(5000, 'first echoed', first.waitForBytes(5));
	const firstFd = (await harness.waitForEvent('accepted')).fd;

	const second = await connectClient(harness.port);
	context.clients.push(second);
	const messages = ['one|', 'two|', 'three|'];
	for (const message of messages) {
		second.socket.write(message);
		await delay(30); // Separate segments: the kernel, not the client, joins them.
	}

	const queued = harness.engine.sampleNow();
	assert.is(queued?.acceptQueue?.depth, 1, 'the second client waits in the accept queue');
	await delay(100);
	assert.is(second.received().length, 0, 'no echo while the first client is served');
	assert.is(harness.eventsOf('accepted').length, 1, 'the second client is not accepted yet');

	first.socket.end();
	const total = messages.join('').length;
	const echoed = await within(5000, 'second echoed', second.waitForBytes(total));
	assert.is(echoed.toString(), messages.join(''));

	// The second client may get the first one's fd number back, so events are told apart by order.
	const firstRecvOfSecond = await waitUntil(2000, 'the second client\'s first recv', () => {
		const accepted = harness.events.filter(event => event.kind === 'accepted');
		const start = harness.events.indexOf(accepted[1]!);
		return start >= 0 && harness.events.slice(start).find(event => event.kind === 'recv');
	});
	assert.is(firstRecvOfSecond.kind === 'recv' && firstRecvOfSecond.bytes, total, 'all three messages arrived in a single recv');
	await harness.waitForEvent('closed', event => event.fd === firstFd && event.reason === 'peer-closed');
	assert.is(harness.engine.sampleNow()?.acceptQueue?.depth, 0);
});

test('should report the call it is blocked in', async context => {
	const harness = context.harness!;
	await harness.waitForEvent('blocked-in', event => event.call === 'accept');
	const client = await connectClient(harness.port);
	context.clients.push(client);
	const {fd} = await harness.waitForEvent('accepted');
	await harness.waitForEvent('blocked-in', event => event.call === 'recv' && event.fd === fd);
});

test.run();
