// The models' shared contract, run once against every entry of the registry.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {models} from '../../source/models/index.js';
import {connectClient, pipelineMessages, randomMessages, seededRandom, type EchoClient} from '../helpers/echo-client.js';
import {startModel, type ModelHarness} from '../helpers/model-harness.js';
import {delay, waitUntil, within} from '../helpers/time.js';

/**
 * Fewer clients for some models: blocking serves them one after another, and fork starts a
 * whole Node process for each.
 */
const CLIENT_COUNTS: Readonly<Record<string, number>> = {blocking: 5, fork: 10};
const MAX_MESSAGE = 64 * 1024;

for (const model of models) {
	const test = suite<{harness?: ModelHarness; clients: EchoClient[]}>(`conformance: ${model.id}`, {clients: []});
	const clientCount = CLIENT_COUNTS[model.id] ?? 50;

	test.before.each(async context => {
		context.clients = [];
		context.harness = await startModel(model.id);
	});

	test.after.each(async context => {
		for (const client of context.clients) {
			client.close();
		}

		await context.harness?.stop();
	});

	test(`should echo every byte in order to ${clientCount} concurrent pipelined clients`, async context => {
		const {port} = context.harness!;
		const random = seededRandom(7);
		const plans = Array.from({length: clientCount}, () => randomMessages(random, 6, MAX_MESSAGE));
		context.clients = await Promise.all(plans.map(async () => connectClient(port)));
		// 60 s: threads starts a worker (an isolate and its modules) per client, seconds on a loaded machine.
		const results = await within(60_000, `${clientCount} clients echoed`, Promise.all(
			context.clients.map(async (client, index) => {
				const received = await pipelineMessages(client, plans[index]!, 3);
				client.socket.end(); // Leave, as a finished client does: the blocking model serves the next one only then.
				return received;
			})));
		for (const [index, received] of results.entries()) {
			const expected = Buffer.concat(plans[index]!);
			assert.is(received.length, expected.length, `client ${index} byte count`);
			assert.ok(received.equals(expected), `client ${index} got its bytes back intact and in order`);
		}

		assert.equal(context.harness!.failures, []);
	});

	test('should keep serving the others when one client closes and one resets mid-message', async context => {
		const {port} = context.harness!;
		const random = seededRandom(11);
		const closer = await connectClient(port);
		const resetter = await connectClient(port);
		const steady = await connectClient(port);
		context.clients = [closer, resetter, steady];

		const half = randomMessages(random, 1, 2000)[0]!;
		closer.socket.end(half); // Half a message, then FIN.
		resetter.socket.write(randomMessages(random, 1, 2000)[0]!);
		await delay(20);
		resetter.socket.resetAndDestroy(); // RST with the message unfinished.

		const messages = randomMessages(random, 8, MAX_MESSAGE);
		const received = await within(15_000, 'the steady client echoed', pipelineMessages(steady, messages, 2));
		assert.ok(received.equals(Buffer.concat(messages)), 'steady client got every byte in order');
		await within(5000, 'the closing client closed', closer.closed);

		const {eventsOf, failures} = context.harness!;
		await within(5000, 'both ends reported', waitUntil(5000, 'two closed events', () => eventsOf('closed').length >= 2));
		assert.equal(failures, []);
	});

	test.run();
}
