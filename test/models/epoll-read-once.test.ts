// Read once per event: level-triggered epoll reports the fd again; edge-triggered stalls with bytes in the queue.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {READ_ONCE_BYTES} from '../../source/models/model.js';
import {connectClient, type EchoClient} from '../helpers/echo-client.js';
import {startModel, type ModelHarness} from '../helpers/model-harness.js';
import {delay, waitUntil, within} from '../helpers/time.js';

const MESSAGE_BYTES = 10 * READ_ONCE_BYTES;

type Context = {harness?: ModelHarness; client?: EchoClient};

function readinessFor(harness: ModelHarness, fd: number): number {
	return harness.eventsOf('readiness').filter(event => event.ready.some(ready => ready.fd === fd && ready.flags.includes('EPOLLIN'))).length;
}

async function sendOneMessage(context: Context, modelId: string): Promise<{harness: ModelHarness; client: EchoClient; fd: number}> {
	const harness = await startModel(modelId, {readOnce: true});
	context.harness = harness;
	const client = await connectClient(harness.port);
	context.client = client;
	const {fd} = await harness.waitForEvent('accepted');
	client.socket.write(Buffer.alloc(MESSAGE_BYTES, 'x')); // One write, one segment on loopback.
	return {harness, client, fd};
}

const cleanup = async (context: Context): Promise<void> => {
	context.client?.close();
	await context.harness?.stop();
};

const levelTriggered = suite<Context>('epoll-lt read-once');
levelTriggered.after.each(cleanup);

levelTriggered('should report the same fd again while bytes are left unread', async context => {
	const {harness, client, fd} = await sendOneMessage(context, 'epoll-lt');
	await within(5000, 'every byte echoed', client.waitForBytes(MESSAGE_BYTES));
	await waitUntil(2000, 'readiness events flushed', () => readinessFor(harness, fd) >= MESSAGE_BYTES / READ_ONCE_BYTES);
	const recvs = harness.eventsOf('recv').filter(event => event.fd === fd);
	assert.ok(recvs.every(event => event.bytes <= READ_ONCE_BYTES), 'one small read per event');
});

levelTriggered.run();

// ---

const edgeTriggered = suite<Context>('epoll-et read-once');
edgeTriggered.after.each(cleanup);

edgeTriggered('should stall with the unread bytes sitting in the kernel receive queue', async context => {
	const {harness, client, fd} = await sendOneMessage(context, 'epoll-et');
	await within(5000, 'the first read echoed', client.waitForBytes(READ_ONCE_BYTES));
	await delay(300); // Time for any further event to show up; none should.
	assert.is(client.received().length, READ_ONCE_BYTES, 'only one read was echoed');
	assert.ok(readinessFor(harness, fd) <= 2, 'no new event for the bytes left behind');
	const sample = harness.engine.sampleNow();
	const queues = sample?.sockets.find(socket => socket.fd === fd);
	assert.is(queues?.receive, MESSAGE_BYTES - READ_ONCE_BYTES, 'the rest sits in the kernel receive queue');
});

edgeTriggered('should drain until EAGAIN once read-once is turned off', async context => {
	const {harness, client} = await sendOneMessage(context, 'epoll-et');
	await within(5000, 'the first read echoed', client.waitForBytes(READ_ONCE_BYTES));
	harness.engine.setReadOnce(false);
	client.socket.write('y'); // A new edge: this time the loop reads everything.
	const echoed = await within(5000, 'everything echoed', client.waitForBytes(MESSAGE_BYTES + 1));
	assert.is(echoed.length, MESSAGE_BYTES + 1);
});

edgeTriggered.run();
