// The relay: what a child process or client thread records reaches the model's probe exactly, in lines under PIPE_BUF.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {PIPE_BUF} from '../../source/sys/index.js';
import {Probe} from '../../source/models/probe/probe.js';
import {RelayedClient, parseRelayLine} from '../../source/models/per-client/relay.js';
import {RelayRecorder, relayLine, type RelayRecord} from '../../source/models/per-client/relay-recorder.js';
import type {ProbeBatch} from '../../source/models/probe/events.js';

const test = suite('relay');

test('should keep every line under PIPE_BUF however much is recorded between flushes', () => {
	const lines: Buffer[] = [];
	const recorder = new RelayRecorder(records => lines.push(relayLine(4_194_304, records)));
	const data = Buffer.alloc(64 * 1024, 0xff);
	for (let index = 0; index < 10_000; index++) {
		recorder.recv(3, data.length, data);
		recorder.send(3, 65_536, 65_536);
	}

	recorder.error('recv', 'ECONNRESET', 'x'.repeat(10_000));
	recorder.closed(3, 'error', 'y'.repeat(10_000));
	recorder.flush();
	assert.ok(lines.length > 1);
	assert.ok(lines.every(line => line.length < PIPE_BUF), `longest line ${Math.max(...lines.map(line => line.length))} bytes`);
	const records = lines.flatMap(line => parseRelayLine(line.toString().trimEnd())!.records);
	assert.is(records.filter(record => record[0] === 'recv').length, 10_000);
});

test('should flush before blocking, so a blocked server has said so', () => {
	const flushed: Array<readonly RelayRecord[]> = [];
	const recorder = new RelayRecorder(records => flushed.push(records));
	recorder.recv(3, 5);
	assert.is(flushed.length, 0, 'a recv alone waits for the next flush');
	recorder.beforeBlocking('recv', 3);
	assert.equal(flushed, [[['recv', 5], ['blocked-in', 'recv']]]);
});

test('should replay records into the probe under the model\'s fd, with exact counters and the server\'s tid', () => {
	const batches: ProbeBatch[] = [];
	const probe = new Probe(batch => batches.push(batch));
	const readies: number[] = [];
	const client = new RelayedClient(42, probe, ready => readies.push(ready.tid));
	probe.accepted(42, '127.0.0.1:5000', {pid: 777});
	client.replay([
		['ready', 777, client.startedAt + 30, 40_000],
		['recv', 5, Buffer.from('hello').toString('base64')],
		['send', 5, 5],
		['blocked-in', 'recv'],
		['closed', 'peer-closed'],
	]);
	probe.flush();
	assert.equal(readies, [777]);
	assert.is(client.rssKb, 40_000);
	assert.ok(client.isClosed);
	const events = batches.flatMap(batch => batch.events);
	const recv = events.find(event => event.kind === 'recv');
	assert.equal(recv?.kind === 'recv' && [recv.fd, recv.bytes, Buffer.from(recv.head!).toString()], [42, 5, 'hello']);
	assert.ok(events.some(event => event.kind === 'blocked-in' && event.tid === 777 && event.fd === 42));
	assert.equal(batches.at(-1)!.counters.recvBytes, 5);
	assert.equal(batches.at(-1)!.clients.map(stats => [stats.fd, stats.bytesIn, stats.bytesOut, stats.closed]), [[42, 5, 5, true]]);
});

test('should carry a thread\'s system calls with its flushes, each counted once into the model\'s counters', () => {
	let made = 0;
	const sent: RelayRecord[][] = [];
	const recorder = new RelayRecorder(records => sent.push([...records]), () => made);
	recorder.flush();
	assert.is(sent.length, 0, 'the count never makes a flush of its own');
	made = 3;
	recorder.recv(9, 1);
	recorder.flush();
	made = 10;
	recorder.send(9, 1, 1);
	recorder.flush();
	assert.equal(sent.map(records => records.at(-1)), [['syscalls', 3], ['syscalls', 7]]);

	const batches: ProbeBatch[] = [];
	const probe = new Probe(batch => batches.push(batch));
	const before = probe.counters.syscalls;
	const client = new RelayedClient(9, probe, () => undefined);
	for (const records of sent) {
		client.replay(records);
	}

	probe.flush();
	assert.ok(batches.at(-1)!.counters.syscalls - before >= 10, 'the 10 calls of the thread are in the model\'s count');
});

test.run();
