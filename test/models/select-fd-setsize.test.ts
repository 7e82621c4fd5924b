// select() cannot watch an fd at or above FD_SETSIZE: such a client is refused, never written into an fd_set.
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {FD_SETSIZE, getFileLimit, setFileLimit} from '../../source/sys/index.js';
import {connectClient, type EchoClient} from '../helpers/echo-client.js';
import {startModel, type ModelHarness} from '../helpers/model-harness.js';
import {within} from '../helpers/time.js';

type Context = {harness?: ModelHarness; clients: EchoClient[]; fillers: number[]};
const test = suite<Context>('select FD_SETSIZE', {clients: [], fillers: []});

/** Open /dev/null until the next fd the process gets is past FD_SETSIZE. */
function fillFdsBelowSetSize(): number[] {
	const fillers: number[] = [];
	for (;;) {
		const fd = fs.openSync('/dev/null', 'r');
		fillers.push(fd);
		if (fd >= FD_SETSIZE + 8) {
			return fillers;
		}
	}
}

test.before(() => {
	const {soft, hard} = getFileLimit();
	if (soft < 4096) {
		setFileLimit(Math.min(hard, 4096));
	}
});

test.after.each(async context => {
	for (const client of context.clients) {
		client.close();
	}

	for (const fd of context.fillers.splice(0)) {
		fs.closeSync(fd);
	}

	await context.harness?.stop();
});

test('should refuse a client whose fd is ≥ 1024 and keep serving the rest', async context => {
	const harness = await startModel('select');
	context.harness = harness;
	const before = await connectClient(harness.port);
	context.clients.push(before);
	// Accepted before the fds below 1024 are taken: connect() returns before the server's accept(),
	// which would otherwise hand this client an fd past FD_SETSIZE too (it failed so on Node 24).
	await harness.waitForEvent('accepted');

	context.fillers = fillFdsBelowSetSize();
	const tooHigh = await connectClient(harness.port);
	context.clients.push(tooHigh);
	const refused = await harness.waitForEvent('refused');
	assert.ok(refused.fd >= FD_SETSIZE, `refused fd ${refused.fd} is past FD_SETSIZE`);
	assert.match(refused.reason, 'FD_SETSIZE');
	await within(5000, 'the refused client is disconnected', tooHigh.closed);
	for (const fd of context.fillers.splice(0)) {
		fs.closeSync(fd);
	}

	before.socket.write('still here');
	assert.is((await within(5000, 'the earlier client echoed', before.waitForBytes(10))).toString(), 'still here');
	const after = await connectClient(harness.port);
	context.clients.push(after);
	after.socket.write('and me');
	assert.is((await within(5000, 'a later client echoed', after.waitForBytes(6))).toString(), 'and me');
	assert.equal(harness.failures, []);
});

test('should let poll hold a client whose fd is ≥ 1024', async context => {
	const harness = await startModel('poll');
	context.harness = harness;
	context.fillers = fillFdsBelowSetSize();
	const client = await connectClient(harness.port);
	context.clients.push(client);
	client.socket.write('beyond select');
	assert.is((await within(5000, 'echoed', client.waitForBytes(13))).toString(), 'beyond select');
	const {fd} = await harness.waitForEvent('accepted');
	assert.ok(fd >= FD_SETSIZE, `accepted fd ${fd}`);
	assert.is(harness.eventsOf('refused').length, 0);
});

test.run();
