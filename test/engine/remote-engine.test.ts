// The engine over the engine host's thread (the monitor's): bytes echoed, errors as the classes they were, samples on demand, steps without a round trip.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {ModelUnavailableError, UnknownModelError} from '../../source/engine/engine-api.js';
import {RemoteEngine} from '../../source/engine/remote-engine.js';
import {isSysError} from '../../source/sys/errors.js';
import {connectClient} from '../helpers/echo-client.js';
import {waitUntil, within} from '../helpers/time.js';

const test = suite('remote engine');

test('should echo through a model run in the host, mirror its address and say started then stopped', async () => {
	const engine = new RemoteEngine({port: 0});
	const said: string[] = [];
	engine.on('started', modelId => said.push(`started ${modelId}`));
	engine.on('stopped', modelId => said.push(`stopped ${modelId}`));
	try {
		await engine.start('select');
		assert.is(engine.modelId, 'select');
		const port = engine.address?.port ?? 0;
		assert.ok(port > 0, 'the kernel picked a port, and the mirror has it');
		const client = await connectClient(port);
		const message = 'through another thread';
		client.socket.write(message);
		// The first model of a fresh host loads its modules (from source under tsx: seconds on a loaded machine).
		assert.is((await within(30_000, 'echo', client.waitForBytes(message.length))).toString(), message);
		client.close();
	} finally {
		await engine.stop();
	}

	assert.is(engine.modelId, undefined);
	await waitUntil(2000, 'stopped', () => said.length === 2);
	assert.equal(said, ['started select', 'stopped select']);
});

test('should reject a start with the error the host\'s engine threw, as its class, with its fields', async () => {
	const first = new RemoteEngine({port: 0});
	try {
		await first.start('epoll-lt');
		const second = new RemoteEngine({port: first.address!.port});
		const inUse = await second.start('epoll-lt').then(() => undefined, (error: unknown) => error);
		assert.ok(isSysError(inUse, 'EADDRINUSE'), `EADDRINUSE as a SysError: ${String(inUse)}`);
		const unknown = await second.start('no-such-model').then(() => undefined, (error: unknown) => error);
		assert.instance(unknown, UnknownModelError);
		assert.is((unknown as UnknownModelError).modelId, 'no-such-model');
		assert.not.instance(unknown, ModelUnavailableError);
	} finally {
		await first.stop();
	}
});

test('should take a sample now, the client\'s socket in it, while this thread waits', async () => {
	const engine = new RemoteEngine({port: 0});
	try {
		assert.is(engine.sampleNow(), undefined, 'no model, no sample');
		await engine.start('blocking');
		const client = await connectClient(engine.address!.port);
		client.socket.write('x'.repeat(100));
		await within(5000, 'echo', client.waitForBytes(100));
		const sample = await waitUntil(5000, 'the client in a sample', () => {
			const now = engine.sampleNow();
			return now?.sockets.length === 1 ? now : undefined;
		});
		assert.is(sample.sockets[0]!.receive, 0, 'nothing left unread');
		// Emitted before sampleNow returns, as Engine does: a screen shows a check with its sample.
		let emitted: unknown;
		engine.on('sample', each => {
			emitted = each;
		});
		const now = engine.sampleNow();
		assert.ok(now !== undefined && emitted === now, 'the sample taken now was emitted before sampleNow returned');
		client.close();
	} finally {
		await engine.stop();
	}
});

test('should emit no sample older than the one sampleNow returned, though periodic ones queued while this thread was busy', async () => {
	const engine = new RemoteEngine({port: 0, sampleMs: 20});
	try {
		await engine.start('blocking');
		const emitted: number[] = [];
		engine.on('sample', sample => emitted.push(sample.t));
		await waitUntil(5000, 'periodic samples', () => emitted.length > 2);
		// This thread busy: the host's periodic samples queue on its port, unread.
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
		const now = engine.sampleNow()!;
		const returnedAt = emitted.length;
		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
		const after = emitted.slice(returnedAt);
		assert.ok(after.every(t => t >= now.t), `a sample taken before sampleNow's came after it: ${after.join(', ')} after ${now.t}`);
		assert.ok(emitted.every((t, index) => index === 0 || t >= emitted[index - 1]!), 'samples in the order they were taken');
	} finally {
		await engine.stop();
	}
});

test('should hold the model at its step gate and let one call through per step, from this thread', async () => {
	const engine = new RemoteEngine({port: 0});
	try {
		await engine.start('select');
		engine.setStepping(true);
		const client = await connectClient(engine.address!.port);
		client.socket.write('held');
		const first = await waitUntil(5000, 'a call held', () => engine.heldStep || undefined);
		assert.ok(engine.step(), 'a held call goes through');
		const second = await waitUntil(5000, 'the next call held', () => (engine.heldStep > first ? engine.heldStep : undefined));
		assert.ok(second > first);
		engine.setStepping(false);
		assert.is((await within(5000, 'echo after continue', client.waitForBytes(4))).toString(), 'held');
		assert.not.ok(engine.step(), 'no step once stepping is off');
		client.close();
	} finally {
		await engine.stop();
	}
});

test.run();
