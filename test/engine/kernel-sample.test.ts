// The engine's samples carry what the kernel holds on the port: waiting connections and their bytes, clients that cannot connect, listen drops.
import fs from 'node:fs';
import net from 'node:net';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import type {QueueSample} from '../../source/engine/queue-sampler.js';
import {connectClient} from '../helpers/echo-client.js';
import {closeClientsAndStop, startModel, type ModelSuiteContext} from '../helpers/model-harness.js';
import {delay, waitUntil, within} from '../helpers/time.js';

type Context = ModelSuiteContext & {sockets: net.Socket[]};
const test = suite<Context>('kernel sample', {clients: [], sockets: []});

test.after.each(async context => {
	for (const socket of context.sockets.splice(0)) {
		socket.destroy();
	}

	await closeClientsAndStop(context);
});

/** Take samples until one matches. */
async function sampleUntil(context: Context, what: string, match: (sample: QueueSample) => boolean, ms = 5000): Promise<QueueSample> {
	return waitUntil(ms, what, () => {
		const sample = context.harness!.engine.sampleNow();
		return sample && match(sample) && sample;
	});
}

test('should list the clients waiting in the blocking model\'s backlog with the bytes they sent', async context => {
	const harness = await startModel('blocking');
	context.harness = harness;
	for (let index = 0; index < 3; index++) {
		const client = await connectClient(harness.port);
		context.clients.push(client);
		client.socket.write('hello');
	}

	const {fd: served} = await harness.waitForEvent('accepted');
	const sample = await sampleUntil(context, 'one served and two waiting with 5 bytes each', ({kernel}) =>
		kernel?.server.filter(connection => !connection.accepted && connection.receive === 5).length === 2
		&& kernel.server.some(connection => connection.accepted && connection.fd === served));
	const waiting = sample.kernel!.server.filter(connection => !connection.accepted);
	assert.ok(waiting.every(connection => connection.state === 'ESTABLISHED' && connection.fd === undefined));
	const peers = new Set(context.clients.map(client => `127.0.0.1:${client.socket.localPort}`));
	assert.ok(sample.kernel!.server.every(connection => peers.has(connection.peer)), 'each row is one of the clients, by its address');
	assert.is(sample.acceptQueue?.depth, 2, 'TCP_INFO agrees: two in the accept queue');
	assert.equal(sample.kernel!.connecting, []);
});

test('should show clients that cannot connect, and the listen drops rising, when the backlog is full', async context => {
	const harness = await startModel('blocking', {backlog: 1});
	context.harness = harness;
	const first = await connectClient(harness.port);
	context.clients.push(first);
	await harness.waitForEvent('blocked-in', event => event.call === 'recv');
	// The first is served; backlog 1 holds two more; the SYNs of the rest are dropped.
	for (let index = 0; index < 5; index++) {
		const socket = net.connect(harness.port, '127.0.0.1');
		socket.on('error', () => undefined);
		context.sockets.push(socket);
	}

	const sample = await sampleUntil(context, 'clients in SYN-SENT and drops counted', ({kernel, listenDrops}) =>
		(kernel?.connecting.length ?? 0) > 0 && (listenDrops?.overflows ?? 0) > 0);
	const addresses = new Set(context.sockets.map(socket => `127.0.0.1:${socket.localPort}`));
	for (const client of sample.kernel!.connecting) {
		assert.is(client.state, 'SYN-SENT');
		assert.ok(addresses.has(client.address), `${client.address} is one of the clients`);
	}

	assert.ok(sample.listenDrops!.drops >= sample.listenDrops!.overflows);
	assert.ok(sample.kernel!.server.filter(connection => !connection.accepted).length >= 2, 'the two the backlog holds');
});

test('should read the kernel\'s list at most four times a second, not on every sample', async context => {
	const harness = await startModel('epoll-lt', {sampleMs: 50});
	context.harness = harness;
	await waitUntil(5000, '40 samples', () => harness.samples.length >= 40);
	const samples = harness.samples.slice(0, 40);
	const withKernel = samples.filter(sample => sample.kernel);
	// 40 samples 50 ms apart span 2 s: 8 reads 250 ms apart, fewer when a read is slow (KERNEL_CPU_SHARE).
	assert.ok(withKernel.length >= 2 && withKernel.length <= 9, `${withKernel.length} of 40 samples read the kernel's list`);
	assert.ok(samples.every(sample => Boolean(sample.kernel) === Boolean(sample.listenDrops)));
});

test('should close the sampler\'s netlink socket at stop', async context => {
	const openFds = (): number => fs.readdirSync('/proc/self/fd').length;
	const before = openFds();
	const harness = await startModel('poll');
	context.harness = harness;
	assert.ok(harness.engine.sampleNow()?.kernel, 'the kernel was asked: the netlink socket is open');
	await within(3000, 'stop', harness.stop());
	await delay(100); // The worker thread's own fds go just after its exit event.
	assert.is(openFds(), before);
});

test.run();
