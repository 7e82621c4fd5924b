// The engine: stop wakes every blocked call, switching leaks nothing, the kernel's queues are sampled.
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {Engine, UnknownModelError} from '../../source/engine/engine.js';
import {modelIds} from '../../source/models/index.js';
import {isSysError} from '../../source/sys/index.js';
import {connectClient} from '../helpers/echo-client.js';
import {startModel} from '../helpers/model-harness.js';
import {delay, within} from '../helpers/time.js';

const openFds = (): number => fs.readdirSync('/proc/self/fd').length;
const threadCount = (): number => fs.readdirSync('/proc/self/task').length;
/** Processes whose parent is this one, zombies included (the fork model's children). */
/** Fork-model children of this process (other test files' helpers are not this test's business). */
const childCount = (): number => fs.readdirSync('/proc').filter(entry => /^\d+$/.test(entry)).filter(pid => {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] === String(process.pid)
			&& fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('fork-child');
	} catch {
		return false; // Gone meanwhile.
	}
}).length;

const test = suite('engine');

test('should say when read-once is switched, whoever switches it, so the screen can follow', () => {
	const engine = new Engine({port: 0});
	const said: boolean[] = [];
	engine.on('read-once', on => said.push(on));
	engine.setReadOnce(true);
	engine.setReadOnce(true);
	engine.setReadOnce(false);
	assert.equal(said, [true, false], 'each change once, and no change unsaid');
	assert.is(engine.isReadOnce, false);
});

test('should stop within a second a model blocked in accept', async () => {
	const harness = await startModel('blocking');
	await harness.waitForEvent('blocked-in', event => event.call === 'accept');
	const started = performance.now();
	await within(3000, 'stop', harness.stop());
	assert.ok(performance.now() - started < 1000, `stop took ${Math.round(performance.now() - started)} ms`);
});

test('should stop within a second a model blocked in recv', async () => {
	const harness = await startModel('blocking');
	const client = await connectClient(harness.port);
	await harness.waitForEvent('blocked-in', event => event.call === 'recv');
	const started = performance.now();
	await within(3000, 'stop', harness.stop());
	assert.ok(performance.now() - started < 1000, `stop took ${Math.round(performance.now() - started)} ms`);
	await within(2000, 'the client is disconnected', client.closed);
});

test('should leave open fds, threads and child processes where they started after switching models 20 times', async () => {
	const engine = new Engine({port: 0});
	const fdsBefore = openFds();
	const threadsBefore = threadCount();
	const childrenBefore = childCount();
	for (let index = 0; index < 20; index++) {
		await engine.start(modelIds[index % modelIds.length]!);
		const client = await connectClient(engine.address!.port);
		client.socket.write('ping');
		await within(5000, `echo from ${engine.modelId}`, client.waitForBytes(4));
		client.close();
		await within(5000, 'client closed', client.closed);
	}

	await engine.stop();
	await delay(100); // Worker threads leave /proc/self/task just after their exit event.
	assert.is(openFds(), fdsBefore, 'open fds');
	assert.is(threadCount(), threadsBefore, 'threads');
	assert.is(childCount(), childrenBefore, 'child processes');
});

test('should keep the port across a switch', async () => {
	const engine = new Engine({port: 0});
	await engine.start('poll');
	const {port} = engine.address!;
	await engine.start('epoll-lt');
	assert.is(engine.address!.port, port);
	assert.is(engine.modelId, 'epoll-lt');
	await engine.stop();
});

test('should reject an unknown model and a port in use with named errors', async () => {
	const engine = new Engine({port: 0});
	await engine.start('select');
	try {
		await engine.start('nope');
		assert.unreachable('unknown model accepted');
	} catch (error) {
		assert.instance(error, UnknownModelError);
		assert.match((error as Error).message, 'epoll-et');
	}

	const other = new Engine({port: engine.address!.port});
	try {
		await other.start('select');
		assert.unreachable('bound a port in use');
	} catch (error) {
		assert.ok(isSysError(error, 'EADDRINUSE'), String(error));
	} finally {
		await engine.stop();
	}
});

test("should sample the backlog limit and every connection's kernel queues", async () => {
	const harness = await startModel('blocking');
	const first = await connectClient(harness.port);
	const {fd} = await harness.waitForEvent('accepted');
	await harness.waitForEvent('blocked-in', event => event.call === 'recv');
	// Stop reading on the server side is not possible for a blocking model that waits in recv,
	// so check the other side: the unread echo sits in the client's queue, not the server's.
	first.socket.pause();
	first.socket.write(Buffer.alloc(4096, 1));
	await delay(100);
	const sample = harness.engine.sampleNow();
	const socket = sample?.sockets.find(entry => entry.fd === fd);
	assert.ok(socket, 'the served connection is sampled');
	assert.is(socket!.receive, 0, 'the server read everything');
	assert.is(sample?.acceptQueue?.limit, 128, 'the backlog limit from TCP_INFO');
	first.close();
	await harness.stop();
});

test.run();
