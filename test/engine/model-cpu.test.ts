// Every model's CPU use, from /proc: its thread, the threads model's client threads, the fork model's children.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import type {ModelCpu} from '../../source/engine/model-cpu.js';
import {connectClient} from '../helpers/echo-client.js';
import {closeClientsAndStop, startModel, type ModelSuiteContext} from '../helpers/model-harness.js';
import {waitUntil} from '../helpers/time.js';

const test = suite<ModelSuiteContext>('model cpu', {clients: []});

test.after.each(async context => {
	await closeClientsAndStop(context);
});

/** Wait for a CPU reading that matches. */
async function cpuReading(context: ModelSuiteContext, what: string, match: (cpu: ModelCpu) => boolean): Promise<ModelCpu> {
	return waitUntil(10_000, what, () => context.harness!.samples.map(sample => sample.cpu).find(cpu => cpu && match(cpu)));
}

test('should start every run with a model-started event naming the model and its thread', async context => {
	const harness = await startModel('select', {backlog: 16});
	context.harness = harness;
	const [first] = harness.events;
	assert.is(first?.kind, 'model-started');
	if (first?.kind === 'model-started') {
		assert.is(first.model, 'select');
		assert.is(first.port, harness.port);
		assert.is(first.host, '127.0.0.1');
		assert.is(first.backlog, 16);
		assert.ok(first.tid > 0);
	}
});

test('should measure a busy-polling model at most of a core and a waiting one near zero, about once a second', async context => {
	context.harness = await startModel('nonblocking');
	// Busy is well above idle's < 20 %; not 100 %: on a shared 2-core machine the loop gets the share of a core it is given.
	const busy = await cpuReading(context, 'the busy loop measured', cpu => cpu.percent > 35);
	assert.is(busy.threads, 1);
	assert.is(busy.processes, 0);
	assert.ok(busy.intervalMs >= 1000 && busy.intervalMs < 2000, `interval ${busy.intervalMs} ms`);
	await closeClientsAndStop(context);

	context.harness = await startModel('epoll-et');
	// Its first reading includes the thread's start (loading the model); the next ones are idle.
	const idle = await cpuReading(context, 'an idle reading', cpu => cpu.percent < 20);
	assert.is(idle.threads, 1);
});

test('should count the threads model\'s client threads', async context => {
	const harness = await startModel('threads');
	context.harness = harness;
	for (let index = 0; index < 2; index++) {
		context.clients.push(await connectClient(harness.port));
	}

	await waitUntil(10_000, 'two client threads', () => harness.eventsOf('thread-started').length === 2);
	await cpuReading(context, 'the model thread and two client threads', cpu => cpu.threads === 3);
});

test('should count the fork model\'s child processes', async context => {
	const harness = await startModel('fork');
	context.harness = harness;
	for (let index = 0; index < 2; index++) {
		context.clients.push(await connectClient(harness.port));
	}

	await waitUntil(10_000, 'two children', () => harness.eventsOf('child-spawned').length === 2);
	// A Node child's start costs well over a tick of CPU: the first reading with them shows it.
	await cpuReading(context, 'two child processes measured', cpu => cpu.processes === 2 && cpu.percent > 0);
});

test.run();
