// The probe: detail is capped per batch, the rest summarised and counted, and nothing waits past the flush interval.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {Probe} from '../../source/models/probe/probe.js';
import type {ProbeBatch} from '../../source/models/probe/events.js';

const test = suite('probe');

test('should summarise what exceeds the batch budget and still count all of it', () => {
	const batches: ProbeBatch[] = [];
	const probe = new Probe(batch => batches.push(batch), {detailPerBatch: 10});
	probe.accepted(5, '127.0.0.1:1000');
	for (let index = 0; index < 1000; index++) {
		probe.recv(5, 64);
		probe.send(5, 64, 64);
	}

	probe.flush();
	const [batch] = batches;
	assert.is(batch!.events.length, 11, '10 detailed events and one summary');
	const summary = batch!.events.at(-1)!;
	assert.is(summary.kind, 'summary');
	assert.equal(summary.kind === 'summary' && summary.suppressed, {recv: 995, send: 996});
	assert.is(batch!.counters.recvCalls, 1000);
	assert.is(batch!.counters.sendBytes, 64_000);
	assert.equal(batch!.clients.map(client => [client.fd, client.bytesIn, client.bytesOut]), [[5, 64_000, 64_000]]);
});

test('should show who came and went though busy clients spent the batch budget, on a budget of their own', () => {
	const batches: ProbeBatch[] = [];
	const probe = new Probe(batch => batches.push(batch), {detailPerBatch: 10});
	probe.accepted(5, '127.0.0.1:1000');
	for (let index = 0; index < 100; index++) {
		probe.recv(5, 64);
		probe.send(5, 64, 64);
	}

	// Churn after the busy traffic: 15 clients come and go, 30 events for a budget of 10.
	for (let fd = 6; fd < 21; fd++) {
		probe.accepted(fd, `127.0.0.1:${2000 + fd}`);
		probe.closed(fd, 'peer-closed');
	}

	probe.refused(30, '127.0.0.1:3000', 'fd past FD_SETSIZE');
	probe.flush();
	const {events, counters} = batches[0]!;
	const lifecycle = events.filter(event => event.kind === 'accepted' || event.kind === 'closed' || event.kind === 'refused');
	assert.equal(lifecycle.map(event => event.kind === 'accepted' || event.kind === 'closed' ? `${event.kind} ${event.fd}` : event.kind), [
		'accepted 5', 'accepted 6', 'closed 6', 'accepted 7', 'closed 7', 'accepted 8', 'closed 8', 'accepted 9', 'closed 9', 'accepted 10',
	], 'the first ten, in order, though the traffic had filled the detail budget');
	const summary = events.at(-1)!;
	assert.equal(summary.kind === 'summary' && summary.suppressed, {recv: 95, send: 96, closed: 11, accepted: 10, refused: 1});
	assert.equal([counters.accepted, counters.closed, counters.refused], [16, 15, 1], 'every one counted');
});

test('should report a closed client and the new client on its reused fd apart, each once per flush', () => {
	const batches: ProbeBatch[] = [];
	const probe = new Probe(batch => batches.push(batch), {detailPerBatch: 0});
	probe.accepted(7, '127.0.0.1:1000');
	probe.recv(7, 10);
	probe.send(7, 10, 10);
	probe.closed(7, 'peer-closed');
	// The kernel hands the lowest free number to the next client: the same fd, a new connection.
	probe.accepted(7, '127.0.0.1:2000');
	probe.recv(7, 3, Buffer.from('abc'));
	probe.recv(7, 4);
	probe.flush();
	assert.equal(batches[0]!.clients.map(({peer, bytesIn, recvCalls, closed}) => [peer, bytesIn, recvCalls, closed]), [
		['127.0.0.1:1000', 10, 1, true],
		['127.0.0.1:2000', 7, 2, false],
	]);
	const [summary] = batches[0]!.events;
	assert.equal(summary?.kind === 'summary' && summary.suppressed, {accepted: 2, recv: 3, send: 1, closed: 1});
	probe.send(7, 7, 7);
	probe.flush();
	assert.equal(batches[1]!.clients.map(({peer, bytesOut}) => [peer, bytesOut]), [['127.0.0.1:2000', 7]], 'only what changed since, once');
});

test('should copy into a recv event only the bytes received, from a buffer the model reuses', () => {
	const batches: ProbeBatch[] = [];
	const probe = new Probe(batch => batches.push(batch));
	const buffer = Buffer.from('hi!stale bytes of an earlier, longer message');
	probe.recv(5, 3, buffer);
	buffer.fill(0);
	probe.flush();
	const [event] = batches[0]!.events;
	assert.equal(event?.kind === 'recv' && [...event.head!], [...Buffer.from('hi!')]);
});

test('should keep the first error of each code in detail even past the budget, so a summary hides no kind of error', () => {
	const batches: ProbeBatch[] = [];
	const probe = new Probe(batch => batches.push(batch), {detailPerBatch: 10});
	for (let index = 0; index < 100; index++) {
		probe.recv(5, 64);
	}

	for (let index = 0; index < 50; index++) {
		probe.error('recv', 'ECONNRESET', 'reset', 5);
	}

	probe.error('send', 'EBADF', 'bad fd', 7);
	probe.flush();
	const errors = batches[0]!.events.filter(event => event.kind === 'error').map(event => event.kind === 'error' && event.code);
	assert.equal(errors, ['ECONNRESET', 'EBADF'], 'one of each code, though the budget was spent');
	assert.is(batches[0]!.counters.errors, 51);
	probe.error('recv', 'ECONNRESET', 'again', 5);
	probe.flush();
	assert.ok(batches[1]!.events.some(event => event.kind === 'error'), 'the next batch shows the code again');
});

test('should bound a wait so pending events leave within the flush interval', () => {
	const probe = new Probe(() => undefined, {flushMs: 25});
	assert.is(probe.waitTimeout(-1), -1, 'nothing pending: wait forever');
	probe.recv(3, 1);
	const bounded = probe.waitTimeout(-1);
	assert.ok(bounded >= 0 && bounded <= 25, `bounded to ${bounded} ms`);
	probe.flush();
	assert.is(probe.waitTimeout(1000), 1000);
});

test('should flush less often while batches overflow their detail budget, and as often again once traffic calms', () => {
	const probe = new Probe(() => undefined, {flushMs: 25, busyFlushMs: 100, detailPerBatch: 2});
	for (let index = 0; index < 10; index++) {
		probe.recv(3, 1);
	}

	probe.flush();
	probe.recv(3, 1);
	const busy = probe.waitTimeout(-1);
	assert.ok(busy > 25 && busy <= 100, `after an overflowing batch: bounded to ${busy} ms`);
	probe.flush();
	probe.recv(3, 1);
	const calm = probe.waitTimeout(-1);
	assert.ok(calm >= 0 && calm <= 25, `after a batch within budget: bounded to ${calm} ms`);
});

test('should send a blocked-in event before a blocking call, at once', () => {
	const batches: ProbeBatch[] = [];
	const probe = new Probe(batch => batches.push(batch), {tid: 42});
	probe.beforeBlocking('recv', 9);
	assert.is(batches.length, 1);
	assert.equal(batches[0]!.events.map(event => event.kind === 'blocked-in' && [event.call, event.fd, event.tid]), [['recv', 9, 42]]);
});

test('should count every wait\'s time and build its ready list only while detail is kept', () => {
	const batches: ProbeBatch[] = [];
	const probe = new Probe(batch => batches.push(batch), {detailPerBatch: 2});
	let built = 0;
	const ready = () => {
		built++;
		return [{fd: 5, flags: ['EPOLLIN']}];
	};

	for (let index = 0; index < 5; index++) {
		probe.readiness('epoll_wait', 3, 1, 1, 10 + index, -1, ready);
	}

	probe.flush();
	assert.is(built, 2, 'the list is built for the detailed events only');
	const [batch] = batches;
	assert.is(batch!.counters.waitCalls, 5);
	assert.is(batch!.counters.waitUs, 10 + 11 + 12 + 13 + 14);
	const [first] = batch!.events;
	assert.equal(first?.kind === 'readiness' && [first.durationUs, first.timeoutMs, first.ready], [10, -1, [{fd: 5, flags: ['EPOLLIN']}]]);
});

test.run();
