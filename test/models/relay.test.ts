// The relay: what a child process or client thread records reaches the model's probe exactly, in lines under PIPE_BUF.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {PIPE_BUF} from '../../source/sys/index.js';
import {Probe} from '../../source/models/probe/probe.js';
import {RelayedClient, parseRelayLine} from '../../source/models/per-client/relay.js';
import {RelayRecorder, type RelayRecord} from '../../source/models/per-client/relay-recorder.js';
import type {ProbeBatch} from '../../source/models/probe/events.js';

const test = suite('relay');

const PID = 4_194_304;

/** A recorder whose lines are parsed back, each into an array of records in `into`. */
function recorderInto(into: RelayRecord[][], syscalls?: () => number): RelayRecorder {
	return new RelayRecorder(line => {
		const parsed = parseRelayLine(line.trimEnd());
		assert.is(parsed?.pid, PID, `a line of ${PID}: ${line}`);
		into.push([...parsed!.records]);
	}, PID, syscalls);
}

test('should keep every line under PIPE_BUF however much is recorded between flushes', () => {
	const lines: string[] = [];
	const recorder = new RelayRecorder(line => lines.push(line), PID);
	const data = Buffer.alloc(64 * 1024, 0xff);
	for (let index = 0; index < 10_000; index++) {
		recorder.recv(data.length, data);
		recorder.send(65_536, 65_536);
	}

	recorder.error('recv', 'ECONNRESET', 'x'.repeat(10_000));
	recorder.closed('error', 'y'.repeat(10_000));
	recorder.counted(1, 2, 3, 4, 5, 6);
	assert.ok(lines.length > 1);
	assert.ok(lines.every(line => Buffer.byteLength(line) < PIPE_BUF), `longest line ${Math.max(...lines.map(line => Buffer.byteLength(line)))} bytes`);
	const records = lines.flatMap(line => parseRelayLine(line.trimEnd())!.records);
	assert.is(records.filter(record => record[0] === 'recv').length, 10_000);
	assert.equal(records.find(record => record[0] === 'left-out'), ['left-out', 1, 2, 3, 4, 5, 6]);
});

test('should flush before blocking, so a blocked server has said so', () => {
	const flushed: RelayRecord[][] = [];
	const recorder = recorderInto(flushed);
	recorder.recv(5);
	assert.is(flushed.length, 0, 'a recv alone waits for the next flush');
	recorder.beforeBlocking('recv');
	assert.equal(flushed, [[['recv', 5], ['blocked-in', 'recv'], ['syscalls', 0]]]);
});

test('should write counted calls alone as a line of their own, and beside records when there are some', () => {
	let made = 0;
	const lines: RelayRecord[][] = [];
	const recorder = recorderInto(lines, () => made);
	made = 6;
	recorder.counted(2, 128, 2, 128, 0, 2);
	recorder.recv(64);
	made = 9;
	recorder.counted(1, 64, 1, 60, 1, 1);
	assert.equal(lines, [
		[['left-out', 2, 128, 2, 128, 0, 2], ['syscalls', 6]],
		[['recv', 64], ['left-out', 1, 64, 1, 60, 1, 1], ['syscalls', 3]],
	]);
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

test('should replay counted calls into the probe\'s counters, the client\'s stats and the summary', () => {
	const batches: ProbeBatch[] = [];
	const probe = new Probe(batch => batches.push(batch));
	const client = new RelayedClient(7, probe, () => undefined);
	probe.accepted(7, '127.0.0.1:5001', {pid: 778});
	client.replay([['recv', 5, Buffer.from('hello').toString('base64')], ['send', 5, 5], ['left-out', 3, 300, 4, 300, 1, 3]]);
	probe.flush();
	const last = batches.at(-1)!;
	assert.equal([last.counters.recvCalls, last.counters.recvBytes, last.counters.sendCalls, last.counters.sendBytes, last.counters.partialSends], [4, 305, 5, 305, 1]);
	assert.equal(last.clients.map(stats => [stats.fd, stats.bytesIn, stats.bytesOut]), [[7, 305, 305]]);
	const summary = batches.flatMap(batch => batch.events).find(event => event.kind === 'summary');
	assert.ok(summary?.kind === 'summary', 'the counted calls are in the summary');
	assert.equal(summary.suppressed, {recv: 3, send: 4, 'blocked-in': 3});
});

test('should carry the system calls with its flushes, each counted once into the model\'s counters', () => {
	let made = 0;
	const sent: RelayRecord[][] = [];
	const recorder = recorderInto(sent, () => made);
	recorder.flush();
	assert.is(sent.length, 0, 'the count never makes a flush of its own');
	made = 3;
	recorder.recv(1);
	recorder.flush();
	made = 10;
	recorder.send(1, 1);
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
	assert.ok(batches.at(-1)!.counters.syscalls - before >= 10, 'the 10 calls of the child are in the model\'s count');
});

test.run();
