// --max-procs and --max-threads: at the limit the server stops accepting; the next client waits in the backlog, then is served; one that left meanwhile gets no process or thread.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {connectClient} from '../helpers/echo-client.js';
import {closeClientsAndStop, startModel, type ModelSuiteContext} from '../helpers/model-harness.js';
import {delay, waitUntil, within} from '../helpers/time.js';

const LIMIT = 3;

for (const [modelId, limitOption] of [['fork', 'maxProcs'], ['threads', 'maxThreads']] as const) {
	const test = suite<ModelSuiteContext>(`${modelId} with ${limitOption}`, {clients: []});

	test.after.each(closeClientsAndStop);

	test(`should leave client ${LIMIT + 1} in the accept queue until a slot frees up, then serve it`, async context => {
		const harness = await startModel(modelId, {[limitOption]: LIMIT});
		context.harness = harness;
		for (let index = 0; index < LIMIT; index++) {
			const client = await connectClient(harness.port);
			context.clients.push(client);
			client.socket.write(`c${index}`);
			await within(20_000, `echo ${index}`, client.waitForBytes(2));
		}

		const capacity = await harness.waitForEvent('capacity', event => event.full);
		assert.equal({unit: capacity.unit, limit: capacity.limit}, {unit: modelId === 'fork' ? 'process' : 'thread', limit: LIMIT});

		const waiting = await connectClient(harness.port); // The kernel completes the handshake: it is in the backlog.
		context.clients.push(waiting);
		waiting.socket.write('my turn');
		await waitUntil(2000, 'the accept queue to say 1', () => harness.engine.sampleNow()?.acceptQueue?.depth === 1);
		await delay(200);
		assert.is(waiting.received().length, 0, 'not served while the limit is reached');
		assert.is(harness.eventsOf('accepted').length, LIMIT, 'not accepted yet');

		context.clients[0]!.socket.end();
		assert.is((await within(20_000, 'the waiting client served', waiting.waitForBytes(7))).toString(), 'my turn');
		assert.is(harness.engine.sampleNow()?.acceptQueue?.depth, 0);
		await harness.waitForEvent('capacity', event => !event.full);
		assert.equal(harness.failures, []);
	});

	test('should start no process or thread for clients that left before they were accepted, and serve one that sent first', async context => {
		const harness = await startModel(modelId, {[limitOption]: 1});
		context.harness = harness;
		const holder = await connectClient(harness.port);
		context.clients.push(holder);
		holder.socket.write('hold');
		await within(20_000, 'the holder served', holder.waitForBytes(4));
		await harness.waitForEvent('capacity', event => event.full);

		// While the one slot is taken, 20 clients come and go (a burst of dropped connections), and
		// one says something before it closes: all wait in the backlog, closed.
		const dropped = await Promise.all(Array.from({length: 20}, async () => connectClient(harness.port)));
		const sender = await connectClient(harness.port);
		context.clients.push(...dropped, sender);
		for (const client of dropped) {
			client.socket.end();
		}

		sender.socket.end('bye');
		await waitUntil(5000, '21 clients in the accept queue', () => harness.engine.sampleNow()?.acceptQueue?.depth === 21);

		holder.socket.end();
		assert.is((await within(20_000, 'the sender served', sender.waitForBytes(3))).toString(), 'bye');
		await waitUntil(5000, 'every client closed', () => harness.eventsOf('closed').length === 22);
		const started = harness.eventsOf(modelId === 'fork' ? 'child-spawned' : 'thread-started');
		assert.is(started.length, 2, 'the holder\'s and the sender\'s, none for the 20 gone');
		assert.is(harness.eventsOf('accepted').length, 22);
		assert.is(harness.eventsOf('closed').filter(event => event.reason === 'peer-closed').length, 22);
		assert.equal(harness.failures, []);
	});

	test.run();
}
