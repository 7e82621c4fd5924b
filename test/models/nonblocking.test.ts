// The nonblocking model: a loop that never waits burns a core and counts EAGAINs while nobody talks.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {connectClient, type EchoClient} from '../helpers/echo-client.js';
import {startModel, type ModelHarness} from '../helpers/model-harness.js';
import {delay, waitUntil, within} from '../helpers/time.js';

type Context = {harness?: ModelHarness; client?: EchoClient};
const test = suite<Context>('nonblocking');

test.after.each(async context => {
	context.client?.close();
	await context.harness?.stop();
});

/** The EAGAIN counter in the latest batch. */
function eagainSoFar(harness: ModelHarness): number {
	return harness.batches.at(-1)?.counters.eagain ?? 0;
}

test('should burn more than half a core and count EAGAINs while one idle client is connected', async context => {
	const harness = await startModel('nonblocking');
	context.harness = harness;
	context.client = await connectClient(harness.port);
	const {tid} = await harness.waitForEvent('accepted');
	const before = eagainSoFar(harness);
	await delay(300);
	assert.ok(eagainSoFar(harness) > before, 'EAGAIN count grows while nobody sends');

	// Each report covers the second before it; the first may include the time before the client came.
	const busy = await harness.waitForEvent('cpu', event => event.percent > 50, 10_000);
	assert.is(busy.tid, tid, 'the loop thread is measured');
	assert.ok(busy.eagain > 1000, `${busy.eagain} EAGAINs in a second`);
	assert.is(harness.eventsOf('recv').length, 0, 'nothing received: all that work was for nothing');
});

test('should echo and stop within a second though nothing can wake it', async context => {
	const harness = await startModel('nonblocking');
	context.harness = harness;
	const client = await connectClient(harness.port);
	context.client = client;
	client.socket.write('polled');
	assert.is((await within(5000, 'echo', client.waitForBytes(6))).toString(), 'polled');
	await waitUntil(2000, 'the recv reported', () => harness.eventsOf('recv').length > 0);
	const started = performance.now();
	await within(3000, 'stop', harness.stop());
	const stopMs = performance.now() - started;
	assert.ok(stopMs < 1000, `stop took ${Math.round(stopMs)} ms`);
	await within(2000, 'the client disconnected', client.closed);
});

test.run();
