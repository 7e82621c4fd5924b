// Spare fds held for a run (--reserve-fds): select's FD_SETSIZE wall reached by the first client, every spare closed at stop.
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {Engine} from '../../source/engine/engine.js';
import type {ServerEvent} from '../../source/models/probe/events.js';
import {FD_SETSIZE, getFileLimit, isSysError, setFileLimit} from '../../source/sys/index.js';
import {connectClient, type EchoClient} from '../helpers/echo-client.js';
import {delay, waitUntil, within} from '../helpers/time.js';

type Context = {engine?: Engine; clients: EchoClient[]};
const test = suite<Context>('reserve fds', {clients: []});

const openFds = (): number[] => fs.readdirSync('/proc/self/fd').map(Number);

test.before(() => {
	const {soft, hard} = getFileLimit();
	if (soft < 4096) {
		setFileLimit(Math.min(hard, 4096));
	}
});

test.after.each(async context => {
	for (const client of context.clients.splice(0)) {
		client.close();
	}

	await context.engine?.stop();
});

test('should refuse the first select client when the spare fds fill every number below FD_SETSIZE, and close them at stop', async context => {
	const before = openFds().length;
	// Every free number below 1024 taken (a few more for the listening socket and the control fd).
	const reserveFds = FD_SETSIZE - openFds().filter(fd => fd < FD_SETSIZE).length + 8;
	const engine = new Engine({port: 0, reserveFds});
	context.engine = engine;
	const events: ServerEvent[] = [];
	engine.on('batch', batch => events.push(...batch.events));
	await engine.start('select');
	assert.ok(openFds().length >= before + reserveFds, 'the spare fds are open');

	const client = await connectClient(engine.address!.port);
	context.clients.push(client);
	const refused = await waitUntil(5000, 'a refused event', () => events.find(event => event.kind === 'refused'));
	assert.ok(refused.kind === 'refused' && refused.fd >= FD_SETSIZE, `refused fd ${refused.kind === 'refused' && refused.fd}`);
	await within(5000, 'the refused client is disconnected', client.closed);

	await engine.stop();
	await delay(100); // The worker thread's own fds go just after its exit event.
	assert.is(openFds().length, before, 'every spare fd closed');
});

test('should fail to start with EMFILE, nothing left open, when the spare fds do not fit', async context => {
	const before = openFds().length;
	const engine = new Engine({port: 0, reserveFds: getFileLimit().soft});
	context.engine = engine;
	try {
		await engine.start('poll');
		assert.unreachable('started with more spare fds than the limit allows');
	} catch (error) {
		assert.ok(isSysError(error, 'EMFILE'), String(error));
		assert.match((error as Error).message, '--reserve-fds');
	}

	assert.is(openFds().length, before);
	assert.is(engine.modelId, undefined);
});

test.run();
