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
		recorder.recv(3, data.length, data);
		recorder.send(3, 65_536, 65_536);
		if (index % 200 === 0) {
			recorder.error('recv', 'ECONNRESET', 'x'.repeat(10_000));
		}
	}

	recorder.closed(3, 'error', 'y'.repeat(10_000));
	recorder.flush();
	assert.ok(lines.length > 1);
	assert.ok(lines.every(line => Buffer.byteLength(line) < PIPE_BUF), `longest line ${Math.max(...lines.map(line => Buffer.byteLength(line)))} bytes`);
	const records = lines.flatMap(line => parseRelayLine(line.trimEnd())!.records);
	const detailed = records.filter(record => record[0] === 'recv').length;
	const counted = records.reduce((sum, record) => sum + (record[0] === 'left-out' ? record[1] : 0), 0);
	assert.is(detailed + counted, 10_000, 'every recv is in a line, in detail or counted');
});

test('should record one message in detail per 25 ms and count the others, so that their totals stay exact', async () => {
	const lines: RelayRecord[][] = [];
	const recorder = recorderInto(lines);
	const echo = (bytes: number, sent: number): void => {
		recorder.beforeBlocking('recv', 3);
		recorder.recv(3, bytes, Buffer.alloc(bytes, 0x61));
		recorder.send(3, sent, bytes);
		if (sent < bytes) {
			recorder.send(3, bytes - sent, bytes - sent);
		}
	};

	echo(10, 10);
	echo(20, 5);
	echo(30, 30);
	await new Promise(resolve => {
		setTimeout(resolve, 30);
	});
	echo(40, 40);
	recorder.beforeBlocking('recv', 3);
	const flushed = lines.flat();
	const kinds = flushed.map(record => record[0]);
	assert.is(kinds.filter(kind => kind === 'recv').length, 2, 'the first message, and the first after 25 ms');
	assert.equal(flushed.filter(record => record[0] === 'recv').map(record => record[1]), [10, 40]);
	const leftOut = flushed.filter(record => record[0] === 'left-out');
	const sum = (field: number): number => leftOut.reduce((total, record) => total + (record[field] as number), 0);
	assert.equal([sum(1), sum(2), sum(3), sum(4), sum(5)], [2, 50, 3, 50, 1], 'recv calls and bytes, send calls and bytes, partial sends');
	assert.is(kinds.filter(kind => kind === 'blocked-in').length + sum(6), 5, 'every blocked-in, in detail or counted');
});

test('should flush before blocking, so a blocked server has said so', () => {
	const flushed: RelayRecord[][] = [];
	const recorder = recorderInto(flushed);
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

test('should carry a thread\'s system calls with its flushes, each counted once into the model\'s counters', () => {
	let made = 0;
	const sent: RelayRecord[][] = [];
	const recorder = recorderInto(sent, () => made);
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
