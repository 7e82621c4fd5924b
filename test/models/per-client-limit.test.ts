// --max-procs and --max-threads: at the limit the server stops accepting; the next client waits in the backlog, then is served.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {connectClient} from '../helpers/echo-client.js';
import {closeClientsAndStop, startModel, type ModelSuiteContext} from '../helpers/model-harness.js';
import {delay, waitUntil, within} from '../helpers/time.js';

const LIMIT = 3;

for (const [modelId, limitOption] of [['fork', 'maxProcs'], ['threads', 'maxThreads']] as const) {
	const test = suite<ModelSuiteContext>(`${modelId} at ${limitOption} ${LIMIT}`, {clients: []});

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

	test.run();
}
