// The threads model's record ring: client threads report through shared memory, not a message per call, and the model's counters stay exact.
import type {Worker} from 'node:worker_threads';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {Control} from '../../source/models/control.js';
import {DEFAULT_MODEL_OPTIONS} from '../../source/models/model.js';
import {DETAIL_RECORDS, RING_RECORDS, RecordRing} from '../../source/models/per-client/record-ring.js';
import {RelayedClient} from '../../source/models/per-client/relay.js';
import type {RelayRecord} from '../../source/models/per-client/relay-recorder.js';
import {RingRecorder} from '../../source/models/per-client/ring-recorder.js';
import {RingRelay} from '../../source/models/per-client/ring-relay.js';
import type {ProbeBatch, ServerEvent} from '../../source/models/probe/events.js';
import {Probe} from '../../source/models/probe/probe.js';
import {threadsModel} from '../../source/models/threads.js';
import {SHUT_RDWR, close, eventfdCreate, listenTcp, shutdown} from '../../source/sys/index.js';
import {CLI, startCommand} from '../helpers/cli-process.js';
import {connectClient} from '../helpers/echo-client.js';
import {waitUntil, within} from '../helpers/time.js';

const FD = 42;

/** A recorder and the model's side of its ring, in this one thread, with what reached the probe. */
function ringPair(probeOptions: ConstructorParameters<typeof Probe>[1] = {}) {
	const batches: ProbeBatch[] = [];
	const posted: RelayRecord[][] = [];
	let syscalls = 0;
	const probe = new Probe(batch => batches.push(batch), probeOptions);
	const readies: number[] = [];
	const client = new RelayedClient(FD, probe, ready => readies.push(ready.tid));
	probe.accepted(FD, '127.0.0.1:5000', {});
	const ring = new RecordRing();
	const relay = new RingRelay(ring, client, probe);
	const {shared} = ring;
	const recorder = new RingRecorder(new RecordRing(shared), records => posted.push([...records]), () => syscalls);
	return {
		probe, client, relay, recorder, posted, readies, shared,
		setSyscalls(count: number) {
			syscalls = count;
		},
		events: (): ServerEvent[] => batches.flatMap(batch => batch.events),
		last: (): ProbeBatch => batches.at(-1)!,
	};
}

const ring = suite('record ring');

ring('should replay recorded calls into the probe as the relay does: tid, head, counters, client stats', () => {
	const pair = ringPair();
	pair.recorder.ready(777, 40_000);
	pair.recorder.beforeBlocking('recv', FD);
	pair.recorder.recv(FD, 5, Buffer.from('hello'));
	pair.recorder.send(FD, 3, 5);
	pair.recorder.send(FD, 2, 2);
	pair.relay.drain();
	pair.probe.flush();
	assert.equal(pair.readies, [777]);
	assert.is(pair.client.rssKb, 40_000);
	const events = pair.events();
	const recv = events.find(event => event.kind === 'recv');
	assert.equal(recv?.kind === 'recv' && [recv.fd, recv.bytes, Buffer.from(recv.head!).toString()], [FD, 5, 'hello']);
	assert.ok(events.some(event => event.kind === 'blocked-in' && event.call === 'recv' && event.tid === 777 && event.fd === FD));
	const {counters, clients} = pair.last();
	assert.equal([counters.recvCalls, counters.recvBytes, counters.sendCalls, counters.sendBytes, counters.partialSends], [1, 5, 2, 5, 1]);
	assert.equal(clients.map(stats => [stats.fd, stats.bytesIn, stats.bytesOut, stats.recvCalls, stats.sendCalls]), [[FD, 5, 5, 1, 2]]);
	assert.equal(pair.posted, [], 'nothing posted for calls');
});

ring('should count what a full ring drops, keep the counters exact, and summarise the rest', () => {
	const pair = ringPair();
	pair.recorder.ready(777, 40_000);
	const calls = RING_RECORDS * 10;
	let bytes = 0;
	let partial = 0;
	for (let index = 0; index < calls; index++) {
		const size = 1 + (index % 100);
		bytes += size;
		pair.recorder.beforeBlocking('recv', FD);
		pair.recorder.recv(FD, size, Buffer.alloc(size, index));
		// Every seventh send falls short and the rest follows.
		if (index % 7 === 0 && size > 1) {
			partial++;
			pair.recorder.send(FD, 1, size);
			pair.recorder.send(FD, size - 1, size - 1);
		} else {
			pair.recorder.send(FD, size, size);
		}
	}

	pair.recorder.count('eintr');
	pair.recorder.count('eintr');
	pair.setSyscalls(12_345);
	pair.recorder.flush();
	pair.relay.drain();
	pair.probe.flush();
	const {counters, clients} = pair.last();
	assert.is(counters.recvCalls, calls);
	assert.is(counters.recvBytes, bytes);
	assert.is(counters.sendCalls, calls + partial);
	assert.is(counters.sendBytes, bytes);
	assert.is(counters.partialSends, partial);
	assert.is(counters.eintr, 2);
	assert.ok(counters.syscalls >= 12_345, 'the thread\'s system calls are added to the model\'s');
	assert.equal(clients.map(stats => [stats.bytesIn, stats.bytesOut, stats.recvCalls, stats.sendCalls]), [[bytes, bytes, calls, calls + partial]]);
	const events = pair.events();
	const detail = (kind: string): number => events.filter(event => event.kind === kind).length;
	const counted = (kind: 'recv' | 'send' | 'blocked-in'): number => events.reduce((sum, event) => sum + (event.kind === 'summary' ? event.suppressed[kind] ?? 0 : 0), 0);
	assert.is(detail('recv') + counted('recv'), calls, 'every recv shown or counted, once');
	assert.is(detail('send') + counted('send'), calls + partial, 'every send shown or counted, once');
	assert.is(detail('blocked-in') + counted('blocked-in'), calls, 'every blocked-in shown or counted, once');
	assert.ok(events.filter(event => event.kind === 'recv').every(event => event.kind === 'recv' && event.head !== undefined), 'only recorded recvs in detail, with their heads');
	assert.is(pair.readies.length, 1);
});

ring('should keep lifecycle records in the reserved slots when detail has filled the ring', () => {
	// A probe that keeps every event, to see which ones the ring kept.
	const pair = ringPair({detailPerBatch: 100_000});
	pair.recorder.ready(777, 40_000);
	for (let index = 0; index < RING_RECORDS * 2; index++) {
		pair.recorder.beforeBlocking('recv', FD);
		pair.recorder.recv(FD, 1);
	}

	// A change of call: the thread now waits for its peer to read.
	pair.recorder.beforeBlocking('send', FD);
	pair.recorder.closed(FD, 'reset', 'send: EPIPE');
	// The model replays a message after draining the ring, as threads.ts does.
	pair.relay.drain();
	pair.client.replay(pair.posted.flat());
	pair.probe.flush();
	const events = pair.events();
	const blocked = events.filter(event => event.kind === 'blocked-in');
	assert.ok(blocked.length > 0);
	assert.is(blocked.at(-1)!.kind === 'blocked-in' && blocked.at(-1)!.call, 'send', 'the change of call, recorded in a full ring');
	assert.is(pair.last().counters.recvCalls, RING_RECORDS * 2);
	const summarised = events.reduce((sum, event) => sum + (event.kind === 'summary' ? event.suppressed.recv ?? 0 : 0), 0);
	assert.ok(summarised > 0, 'the calls the ring dropped are summarised');
	assert.is(events.filter(event => event.kind === 'recv').length + summarised, RING_RECORDS * 2, 'recorded and dropped calls both reach the probe, each once');
	assert.ok(DETAIL_RECORDS < RING_RECORDS * 2, 'the ring was full');
	const closed = events.filter(event => event.kind !== 'summary').at(-1)!;
	assert.equal(closed.kind === 'closed' && [closed.fd, closed.reason, closed.detail], [FD, 'reset', 'send: EPIPE'], 'closed last, after everything recorded before it');
	assert.is(pair.posted.length, 1, 'one message: the closed, which carries text');
});

ring('should let the writer go on once the model has drained, and wrap around the ring', () => {
	const pair = ringPair({detailPerBatch: 100_000});
	pair.recorder.ready(1, 1);
	for (let round = 0; round < 20; round++) {
		for (let index = 0; index < 100; index++) {
			pair.recorder.recv(FD, 1, Buffer.from([round]));
		}

		pair.relay.drain();
	}

	pair.probe.flush();
	const heads = pair.events().flatMap(event => event.kind === 'recv' && event.head ? [event.head[0]] : []);
	assert.is(heads.length, 2000, 'nothing dropped: each round fitted');
	assert.equal([...new Set(heads)], Array.from({length: 20}, (_, round) => round), 'in order, each record whole');
});

ring('should replay an echo record as a recv with its head, one send and a blocked-in recv, and count the echoes a full ring drops', () => {
	const pair = ringPair({detailPerBatch: 100_000});
	const {relay, probe} = pair;
	// The thread's own view of the ring, as client-thread.ts makes it.
	const writer = new RecordRing(pair.shared);
	pair.recorder.ready(777, 40_000);
	const memory = new ArrayBuffer(64);
	const buffer = Buffer.from(memory);
	const head = new Int32Array(memory, 0, 8);
	// The first recv's blocked-in, said before it; each echo record ends with the next one's.
	pair.recorder.blockedInRecv(1);
	const echoes = DETAIL_RECORDS + 50;
	for (let index = 0; index < echoes; index++) {
		buffer.write(`message ${index} and more than thirty-two bytes`);
		writer.echo(40, head, 100 + index);
	}

	relay.drain();
	probe.flush();
	const events = pair.events();
	const recvs = events.filter(event => event.kind === 'recv');
	assert.is(recvs.length, DETAIL_RECORDS - 2, 'the ring full of echoes, after the ready and the first blocked-in');
	assert.equal(recvs.slice(0, 2).map(event => event.kind === 'recv' && [event.bytes, Buffer.from(event.head!).toString()]), [
		[40, 'message 0 and more than thirty-t'],
		[40, 'message 1 and more than thirty-t'],
	]);
	const index = events.indexOf(recvs[0]!);
	assert.equal(events.slice(index - 1, index + 4).map(event => event.kind), ['blocked-in', 'recv', 'send', 'blocked-in', 'recv'], 'blocked in recv again after each echo, until the next message');
	const counted = (kind: 'recv' | 'send' | 'blocked-in'): number => events.reduce((sum, event) => sum + (event.kind === 'summary' ? event.suppressed[kind] ?? 0 : 0), 0);
	assert.is(recvs.length + counted('recv'), echoes, 'every recv shown or counted, once');
	assert.is(events.filter(event => event.kind === 'send').length + counted('send'), echoes, 'every send shown or counted, once');
	assert.is(events.filter(event => event.kind === 'blocked-in').length + counted('blocked-in'), echoes + 1, 'every blocked-in, the first one\'s too');
	const {counters, clients} = pair.last();
	assert.equal([counters.recvCalls, counters.recvBytes, counters.sendCalls, counters.sendBytes, counters.partialSends], [echoes, echoes * 40, echoes, echoes * 40, 0]);
	assert.equal(clients.map(stats => [stats.recvCalls, stats.sendCalls]), [[echoes, echoes]]);
	assert.ok(counters.syscalls >= 100 + echoes - 1, 'the system calls stored with the last echo');
});

ring.run();

// ---

/** The threads model run in this thread, so that the messages its client threads post arrive here and can be counted. */
async function runThreadsHere(): Promise<{port: number; probe: Probe; batches: ProbeBatch[]; messages(): number; stop(): Promise<void>}> {
	const {fd: listenFd, address} = listenTcp('127.0.0.1', 0, 128);
	const controlFd = eventfdCreate();
	const control = Control.create(4096);
	const batches: ProbeBatch[] = [];
	const probe = new Probe(batch => batches.push(batch));
	let messages = 0;
	// Every Worker this thread starts: the model's client threads. A listener of our own counts each message they post.
	const onWorker = (worker: Worker): void => {
		worker.on('message', () => {
			messages++;
		});
	};

	process.on('worker', onWorker);
	const running = threadsModel.run({listenFd, controlFd, host: address.host, port: address.port, backlog: 128, probe, control, options: DEFAULT_MODEL_OPTIONS});
	return {
		port: address.port,
		probe,
		batches,
		messages: () => messages,
		async stop() {
			control.requestStop();
			shutdown(listenFd, SHUT_RDWR);
			for (const fd of control.ownedFds()) {
				shutdown(fd, SHUT_RDWR);
			}

			try {
				await within(5000, 'the model\'s end', Promise.resolve(running));
			} finally {
				process.off('worker', onWorker);
				close(listenFd);
				close(controlFd);
			}
		},
	};
}

const model = suite('threads: the record ring at work');

/** `clients` clients each echoing `message` `perClient` times, one at a time, every byte checked; each closes at the end. */
async function echoEach(port: number, clients: number, perClient: number, message: Buffer): Promise<void> {
	await within(60_000, `${clients} clients echoing ${perClient} messages each`, Promise.all(Array.from({length: clients}, async () => {
		const client = await connectClient(port);
		for (let index = 1; index <= perClient; index++) {
			client.socket.write(message);
			await client.waitForBytes(index * message.length);
		}

		assert.ok(client.received().equals(Buffer.concat(Array.from({length: perClient}, () => message))), 'every byte echoed');
		client.close();
		await client.closed;
	})));
}

const message = Buffer.from('ping over a thread\n');

model('should post no message per echoed message, and count every call exactly', async () => {
	const clients = 2;
	const perClient = 500;
	const served = await runThreadsHere();
	try {
		await echoEach(served.port, clients, perClient, message);
		// A client's socket is closed on its side at once; the thread sees the FIN a moment later.
		// Stopping before then would close that client as server-stopped, not peer-closed.
		await waitUntil(5000, 'both threads to see their client leave', () => served.probe.counters.closed === clients);
	} finally {
		await served.stop();
	}

	// Per thread: its closed (it carries text). Today's relay posted one per blocking recv: a thousand.
	assert.ok(served.messages() <= clients * 2, `${served.messages()} messages from ${clients} client threads for ${clients * perClient} echoes`);
	const {counters} = served.probe;
	const calls = clients * perClient;
	assert.equal(
		[counters.accepted, counters.closed, counters.recvCalls, counters.sendCalls, counters.recvBytes, counters.sendBytes, counters.errors],
		[clients, clients, calls, calls, calls * message.length, calls * message.length, 0],
	);
	assert.ok(counters.syscalls >= calls * 2, `${counters.syscalls} system calls counted, the client threads' among them`);
	const events = served.batches.flatMap(batch => batch.events);
	assert.is(events.filter(event => event.kind === 'thread-started').length, clients);
	assert.is(events.filter(event => event.kind === 'thread-exited').length, clients);
	const closedCounted = events.reduce((sum, event) => sum + (event.kind === 'summary' ? event.suppressed.closed ?? 0 : 0), 0);
	assert.is(events.filter(event => event.kind === 'closed' && event.reason === 'peer-closed').length + closedCounted, clients, 'every close shown or counted');
});

model('should show a thread that has echoed its message blocked in recv while it waits, not running', async () => {
	const served = await runThreadsHere();
	try {
		const client = await connectClient(served.port);
		for (let index = 1; index <= 3; index++) {
			client.socket.write(message);
			await within(10_000, 'echo', client.waitForBytes(index * message.length));
		}

		// The thread waits in recv now; what the model last said of it must say so.
		await waitUntil(5000, 'the model\'s events after the echoes', () => {
			const events = served.batches.flatMap(batch => batch.events);
			return events.filter(event => event.kind === 'send').length >= 3;
		});
		await new Promise(resolve => {
			setTimeout(resolve, 200);
		});
		const events = served.batches.flatMap(batch => batch.events).filter(event => event.kind !== 'summary');
		const fd = events.find(event => event.kind === 'accepted')!.fd;
		const last = events.filter(event => (event.kind === 'blocked-in' || event.kind === 'recv' || event.kind === 'send') && event.fd === fd).at(-1);
		assert.equal(last?.kind === 'blocked-in' && last.call, 'recv', `the thread's last event: ${JSON.stringify(last)}`);
		client.close();
		await client.closed;
	} finally {
		await served.stop();
	}
});

// Enough echoes that the rings fill between drains on most machines: dropped calls must still be counted exactly.
model('should end serve --json with exact totals: every recv and send, every byte', async () => {
	const clients = 2;
	const perClient = 3000;
	const {child, stdout, exited} = startCommand(process.execPath, [CLI, 'serve', '--model', 'threads', '--port', '0', '--json']);
	try {
		const port = Number(await waitUntil(10_000, 'listening', () => /"kind":"listening".*?"port":(\d+)/.exec(stdout())?.[1]));
		await echoEach(port, clients, perClient, message);
		await waitUntil(5000, 'both threads ended', () => stdout().split('"kind":"thread-exited"').length - 1 === clients);
		child.kill('SIGTERM');
		assert.is((await within(5000, 'serve exit', exited)).code, 0);
		const lines = stdout().trim().split('\n').map(line => JSON.parse(line) as {kind: string; suppressed?: Record<string, number>} & Record<string, unknown>);
		const totals = lines.at(-1)!;
		const calls = clients * perClient;
		assert.equal(
			[totals.kind, totals['accepted'], totals['closed'], totals['recvCalls'], totals['sendCalls'], totals['recvBytes'], totals['sendBytes'], totals['errors']],
			['totals', clients, clients, calls, calls, calls * message.length, calls * message.length, 0],
		);
		const shownOrCounted = (kind: string): number => lines.reduce((sum, line) => sum + (line.kind === kind ? 1 : line.suppressed?.[kind] ?? 0), 0);
		assert.is(shownOrCounted('recv'), calls, 'every recv shown or counted, once');
		assert.is(shownOrCounted('send'), calls, 'every send shown or counted, once');
	} finally {
		child.kill('SIGKILL');
	}
});

model.run();
