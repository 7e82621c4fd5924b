// The fork model: a child process per client, reported with its pid, RSS and spawn latency, reaped at stop and when killed.
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {connectClient, type EchoClient} from '../helpers/echo-client.js';
import {closeClientsAndStop, startModel, type ModelSuiteContext} from '../helpers/model-harness.js';
import {waitUntil, within} from '../helpers/time.js';

const CLIENTS = 5;

/** Whether a process exists at all (a zombie does too: it has not been reaped). */
const exists = (pid: number): boolean => fs.existsSync(`/proc/${pid}`);

/** The parent pid of a live process, from /proc/<pid>/stat. */
function parentOf(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

async function echoOnce(client: EchoClient, text: string): Promise<void> {
	const before = client.received().length;
	client.socket.write(text);
	const received = await within(20_000, `echo of ${text}`, client.waitForBytes(before + text.length));
	assert.is(received.subarray(before).toString(), text);
}

const test = suite<ModelSuiteContext>('fork', {clients: []});

test.before.each(async context => {
	context.clients = [];
	context.harness = await startModel('fork');
});

test.after.each(closeClientsAndStop);

test('should serve 5 clients from 5 child processes, none of which exists after a stop within a second', async context => {
	const harness = context.harness!;
	for (let index = 0; index < CLIENTS; index++) {
		context.clients.push(await connectClient(harness.port));
	}

	await Promise.all(context.clients.map(async (client, index) => echoOnce(client, `client ${index}`)));
	const spawned = await waitUntil(10_000, '5 child-spawned events', () => {
		const events = harness.eventsOf('child-spawned');
		return events.length === CLIENTS && events;
	});
	const pids = spawned.map(event => event.pid);
	assert.is(new Set(pids).size, CLIENTS, 'one process per client');
	assert.is(new Set(spawned.map(event => event.fd)).size, CLIENTS, 'fd numbers tell live clients apart');
	for (const event of spawned) {
		assert.is(parentOf(event.pid), process.pid, `pid ${event.pid} is a child of this process`);
		assert.ok(event.spawnMs > 0, 'spawn latency is measured');
		assert.ok(event.rssKb > 1024, `RSS of pid ${event.pid}: ${event.rssKb} KiB`);
		// The parent closed its copy of the connection; the fd number is held by /dev/null until the child exits.
		assert.is(fs.readlinkSync(`/proc/self/fd/${event.fd}`), '/dev/null');
	}

	const accepted = harness.eventsOf('accepted');
	assert.equal(accepted.map(event => event.pid).sort(), [...pids].sort(), 'accepted events name the serving process');

	const started = performance.now();
	await within(3000, 'stop', harness.stop());
	const stopMs = performance.now() - started;
	assert.ok(stopMs < 1000, `stop took ${Math.round(stopMs)} ms`);
	assert.equal(pids.filter(pid => exists(pid)), [], 'no child process left, not even a zombie');
	await within(5000, 'every client disconnected', Promise.all(context.clients.map(async client => client.closed)));
	const exited = harness.eventsOf('child-exited');
	assert.equal(exited.map(event => event.pid).sort(), [...pids].sort(), 'every exit reported');
	assert.ok(exited.every(event => event.signal === 'SIGTERM'), 'stopped with SIGTERM');
	const closed = harness.eventsOf('closed');
	assert.ok(spawned.every(({fd}) => closed.some(event => event.fd === fd && event.reason === 'server-stopped')));
});

test('should report a child killed with SIGKILL, close only its client, and keep serving', async context => {
	const harness = context.harness!;
	for (let index = 0; index < 3; index++) {
		context.clients.push(await connectClient(harness.port));
		await echoOnce(context.clients[index]!, `hello ${index}`);
	}

	const spawned = await waitUntil(10_000, '3 children', () => harness.eventsOf('child-spawned').length === 3 && harness.eventsOf('child-spawned'));
	const [victim, ...survivors] = context.clients;
	const accepted = harness.eventsOf('accepted')[0]!;
	const pid = accepted.pid!;
	process.kill(pid, 'SIGKILL');
	await within(5000, 'the killed child\'s client is disconnected', victim!.closed);
	const exited = await harness.waitForEvent('child-exited', event => event.pid === pid);
	assert.is(exited.signal, 'SIGKILL');
	assert.is(exited.code, null);
	const closed = await harness.waitForEvent('closed', event => event.fd === accepted.fd);
	assert.is(closed.reason, 'error');
	assert.match(closed.detail ?? '', `child ${pid} killed by SIGKILL`);
	await waitUntil(2000, 'the child reaped', () => !exists(pid));

	for (const [index, client] of survivors.entries()) {
		await echoOnce(client, `still here ${index}`);
	}

	const late = await connectClient(harness.port);
	context.clients.push(late);
	await echoOnce(late, 'a new client');
	await waitUntil(2000, 'the new child reported', () => harness.eventsOf('child-spawned').length === spawned.length + 1);
	assert.equal(harness.failures, []);
});

test('should count the system calls its children make, so the model\'s sys/msg includes a read and a write per echo', async context => {
	const harness = context.harness!;
	const client = await connectClient(harness.port);
	context.clients.push(client);
	const echoes = 20;
	for (let index = 0; index < echoes; index++) {
		await echoOnce(client, `message ${index}`);
	}

	// Counted by the child (read, write, and its event pipe's writes), replayed by the parent's relay.
	const syscalls = await waitUntil(5000, 'the children\'s calls counted', () => {
		const counted = harness.batches.at(-1)?.counters.syscalls ?? 0;
		return counted >= 2 * echoes && counted;
	});
	assert.ok(syscalls < 10 * echoes, `${syscalls} calls for ${echoes} echoes: the child's, not a runaway count`);
});

test('should count every echo of a busy child exactly, each recv and send in detail or in the summary', async context => {
	const harness = context.harness!;
	const client = await connectClient(harness.port);
	context.clients.push(client);
	const echoes = 300;
	for (let index = 0; index < echoes; index++) {
		await echoOnce(client, `m${String(index).padStart(4, '0')}`);
	}

	const bytes = echoes * 5;
	const counters = await waitUntil(5000, 'every echo counted', () => {
		const last = harness.batches.at(-1)?.counters;
		return last && last.recvBytes === bytes && last.sendBytes === bytes && last;
	});
	const events = harness.batches.flatMap(batch => batch.events);
	const summarised = (kind: 'recv' | 'send'): number => events.reduce((sum, event) => sum + (event.kind === 'summary' ? event.suppressed[kind] ?? 0 : 0), 0);
	const detailed = (kind: 'recv' | 'send'): number => events.filter(event => event.kind === kind).length;
	assert.ok(detailed('recv') > 0, 'some messages are shown in detail');
	assert.ok(summarised('recv') > 0, '300 echoes in a burst are mostly counted, not detailed');
	assert.is(detailed('recv') + summarised('recv'), counters.recvCalls, 'every recv call is an event or in a summary');
	assert.is(detailed('send') + summarised('send'), counters.sendCalls, 'every send call is an event or in a summary');
	const recvHeads = events.filter(event => event.kind === 'recv').map(event => event.kind === 'recv' && Buffer.from(event.head ?? []).toString());
	assert.ok(recvHeads.every(head => typeof head === 'string' && /^(m\d{4})+$/.test(head)), `heads are the bytes received: ${recvHeads.slice(0, 3).join(', ')}`);
});

test.run();
