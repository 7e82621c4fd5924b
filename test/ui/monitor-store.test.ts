// The store as the monitor drives it: batches and samples in, a snapshot out. Each event kind shows
// where it belongs; every thread's state comes from its own events.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {MonitorStore, type MonitorSnapshot} from '../../source/ui/monitor-store.js';
import {emptyCounters, type ClientStats, type ProbeBatch, type ServerEvent, type ServerEventKind} from '../../source/models/probe/events.js';
import type {QueueSample} from '../../source/engine/queue-sampler.js';

const MODEL = 'threads';
const T = Date.UTC(2026, 0, 1, 12, 0, 0);

function batch(events: readonly ServerEvent[], clients: readonly ClientStats[] = []): ProbeBatch {
	return {events, counters: emptyCounters(), clients};
}

function stats(fd: number, peer: string, changes: Partial<ClientStats> = {}): ClientStats {
	return {fd, peer, bytesIn: 0, bytesOut: 0, recvCalls: 0, sendCalls: 0, appQueue: 0, closed: false, ...changes};
}

function sample(changes: Partial<QueueSample> = {}): QueueSample {
	return {t: Date.now(), sockets: [], connections: 0, ...changes};
}

function started(): MonitorStore {
	const store = new MonitorStore();
	store.modelStarted(MODEL, '127.0.0.1', 7788);
	return store;
}

const test = suite('MonitorStore');

test('should keep two threads blocked at once, whichever reported last', () => {
	const store = started();
	store.batch(batch([
		{t: T, kind: 'blocked-in', call: 'recv', fd: 7, tid: 812},
		{t: T + 1, kind: 'blocked-in', call: 'recv', fd: 8, tid: 813},
	]), MODEL);
	assert.equal(store.snapshot().threads.map(thread => [thread.tid, thread.blocked]), [[812, true], [813, true]]);
});

test('should keep a thread blocked when a later batch holds only another thread\'s events', () => {
	const store = started();
	store.batch(batch([{t: T, kind: 'blocked-in', call: 'recv', fd: 7, tid: 812}]), MODEL);
	store.batch(batch([{t: T + 100, kind: 'blocked-in', call: 'recv', fd: 8, tid: 813}]), MODEL);
	store.batch(batch([{t: T + 200, kind: 'recv', fd: 8, bytes: 5}, {t: T + 201, kind: 'send', fd: 8, bytes: 5, requested: 5}]), MODEL);
	const threads = store.snapshot().threads;
	assert.ok(threads.find(thread => thread.tid === 812)?.blocked, 'tid 812 is still in recv(fd 7)');
	assert.not.ok(threads.find(thread => thread.tid === 813)?.blocked, 'tid 813 returned from recv(fd 8)');
});

test('should show step mode from the step events while it is on, and start over on a model switch', () => {
	const store = started();
	const before: ServerEvent = {t: T, kind: 'step', phase: 'before', call: 'accept4', text: 'accept4(fd 20)', seq: 1};
	store.batch(batch([before]), MODEL);
	assert.is(store.snapshot().step, undefined, 'off: the log\'s alone');
	assert.is(store.snapshot().log.at(-1)?.text, '#1 accept4(fd 20)');
	store.setStepping(true);
	assert.equal(store.snapshot().step, {});
	store.batch(batch([before]), MODEL);
	store.stepReleased(1);
	store.batch(batch([{...before, phase: 'after', text: '-> fd 9 (127.0.0.1:50001)'}, {...before, seq: 2}]), MODEL);
	assert.equal(store.snapshot().step, {
		current: {seq: 2, call: 'accept4', text: 'accept4(fd 20)', released: false},
		last: {seq: 1, call: 'accept4', text: 'accept4(fd 20)', result: '-> fd 9 (127.0.0.1:50001)'},
	});
	store.modelStarted('select', '127.0.0.1', 7788);
	assert.equal(store.snapshot().step, {}, 'still on, the new model\'s calls not announced yet');
	store.setStepping(false);
	assert.is(store.snapshot().step, undefined);
});

test('should drop the batches of a model already switched away from', () => {
	const store = started();
	store.batch(batch([{t: T, kind: 'accepted', fd: 7, peer: '127.0.0.1:50001'}], [stats(7, '127.0.0.1:50001')]), 'blocking');
	assert.is(store.snapshot().counts.accepted, 0);
	assert.is(store.snapshot().logTotal, 0);
});

// ---

/** One event of each kind, and what it must change in a snapshot besides the log. */
const effects: Record<ServerEventKind, {readonly event: ServerEvent; readonly check?: (snapshot: MonitorSnapshot) => void}> = {
	'model-started': {event: {t: T, kind: 'model-started', model: MODEL, host: '127.0.0.1', port: 7788, backlog: 128, tid: 800}},
	step: {event: {t: T, kind: 'step', phase: 'before', call: 'recv', text: 'recv(fd 9, 65536 bytes)', seq: 1}},
	listening: {
		event: {t: T, kind: 'listening', fd: 3, host: '127.0.0.1', port: 7788, backlog: 128, controlFd: 4},
		check(snapshot) {
			assert.is(snapshot.listenFd, 3);
			assert.is(snapshot.controlFd, 4, 'the control fd is named');
		},
	},
	accepted: {
		event: {t: T, kind: 'accepted', fd: 7, peer: '127.0.0.1:50001', tid: 812},
		check: snapshot => assert.is(snapshot.clients[0]?.owner, 'tid 812'),
	},
	readiness: {
		event: {t: T, kind: 'readiness', call: 'epoll_wait', watched: 3, scanned: 1, ready: [{fd: 7, flags: ['EPOLLIN']}], durationUs: 40, timeoutMs: -1},
		check: snapshot => assert.equal(snapshot.waits.map(wait => [wait.call, wait.watched, wait.scanned, wait.ready.length, wait.durationUs]), [['epoll_wait', 3, 1, 1, 40]]),
	},
	recv: {
		event: {t: T, kind: 'recv', fd: 7, bytes: 9, head: Buffer.from('hi\u001b[2J\n')},
		check: snapshot => assert.is(snapshot.clients[0]?.lastData, 'hi\\e[2J\\n'),
	},
	send: {event: {t: T, kind: 'send', fd: 7, bytes: 9, requested: 9}},
	closed: {event: {t: T, kind: 'closed', fd: 7, reason: 'peer-closed', detail: 'recv -> 0: peer closed'}},
	refused: {event: {t: T, kind: 'refused', fd: 1030, peer: '127.0.0.1:50002', reason: 'fd 1030 >= FD_SETSIZE'}},
	error: {event: {t: T, kind: 'error', syscall: 'accept4', code: 'EMFILE', detail: 'out of file descriptors'}},
	'blocked-in': {
		event: {t: T, kind: 'blocked-in', call: 'recv', fd: 7, tid: 812},
		check: snapshot => assert.equal(snapshot.threads, [{tid: 812, call: 'recv', fd: 7, since: T, blocked: true}]),
	},
	option: {event: {t: T, kind: 'option', name: 'readOnce', value: true}},
	'child-spawned': {
		event: {t: T, kind: 'child-spawned', pid: 4410, fd: 7, spawnMs: 112.5, rssKb: 51_200, children: 1},
		check(snapshot) {
			assert.is(snapshot.clients[0]?.owner, 'pid 4410');
			assert.equal(snapshot.cost, {unit: 'process', alive: 1, rssKb: 51_200, lastStartMs: 112.5, eachRssKb: 51_200});
		},
	},
	'child-exited': {
		event: {t: T, kind: 'child-exited', pid: 4410, fd: 7, code: 0, signal: null, rssKb: 51_200, children: 0},
		check: snapshot => assert.is(snapshot.cost, undefined, 'no child started in this store'),
	},
	'thread-started': {
		event: {t: T, kind: 'thread-started', tid: 813, fd: 7, startMs: 60.2, threads: 1, rssKb: 102_400},
		check(snapshot) {
			assert.is(snapshot.clients[0]?.owner, 'tid 813', 'the owner of a threads-model client comes from thread-started');
			assert.equal(snapshot.cost, {unit: 'thread', alive: 1, rssKb: 102_400, lastStartMs: 60.2});
			assert.equal(snapshot.threads.map(thread => [thread.tid, thread.blocked]), [[813, false]]);
		},
	},
	'thread-exited': {event: {t: T, kind: 'thread-exited', tid: 813, fd: 7, threads: 0}},
	capacity: {event: {t: T, kind: 'capacity', unit: 'thread', limit: 2, by: 'limit', full: true}},
	cpu: {event: {t: T, kind: 'cpu', tid: 900, percent: 99, eagain: 1234}},
	'io-uring-setup': {event: {t: T, kind: 'io-uring-setup', setupFlags: ['SINGLE_ISSUER', 'DEFER_TASKRUN'], sqSize: 1024, cqSize: 8192, bufferBytes: 65_536, bufferCount: 1024}},
	'io-uring-enter': {event: {t: T, kind: 'io-uring-enter', submitted: 2, completed: 3, inFlight: 4, sqSize: 1024, cqSize: 8192, completions: {accept: 1, recv: 1, send: 1, other: 0}, durationUs: 12, timeoutMs: -1}},
	summary: {event: {t: T, kind: 'summary', suppressed: {recv: 12_345}}},
};

for (const [kind, {event, check}] of Object.entries(effects)) {
	test(`should log a ${kind} event${check ? ' and show it where it belongs' : ''}`, () => {
		const store = started();
		// A client on fd 7 for the events that name one.
		store.batch(batch([], [stats(7, '127.0.0.1:50001', {bytesIn: 9, recvCalls: 1})]), MODEL);
		store.batch(batch([event]), MODEL);
		const snapshot = store.snapshot();
		assert.equal(snapshot.log.map(line => line.kind), [kind]);
		assert.not.match(snapshot.log[0]!.text, '\u001b', 'escaped');
		check?.(snapshot);
	});
}

// ---

test('should count a client as waiting from the kernel\'s list, with the bytes it sent, and agree with the accept queue', () => {
	const store = started();
	store.batch(batch([{t: T, kind: 'accepted', fd: 7, peer: '127.0.0.1:50001', tid: 812}], [stats(7, '127.0.0.1:50001')]), MODEL);
	store.sample(sample({
		acceptQueue: {depth: 2, limit: 128},
		kernel: {
			server: [
				{state: 'ESTABLISHED', peer: '127.0.0.1:50001', receive: 0, send: 0, accepted: true, fd: 7},
				{state: 'ESTABLISHED', peer: '127.0.0.1:50003', receive: 31, send: 0, accepted: false},
				{state: 'CLOSE-WAIT', peer: '127.0.0.1:50002', receive: 62, send: 0, accepted: false},
			],
			connecting: [{state: 'SYN-SENT', address: '127.0.0.1:50004'}],
		},
	}), MODEL);
	const snapshot = store.snapshot();
	assert.equal(snapshot.counts, {connected: 3, accepted: 1, waiting: 2, connecting: 1, waitingClosed: 1, unlisted: 0});
	assert.equal(snapshot.acceptQueue, {depth: 2, limit: 128});
	assert.equal(snapshot.clients.map(row => [row.peer, row.state, row.receiveQueue ?? '-', row.tcpState ?? '']), [
		['127.0.0.1:50001', 'served', 0, ''], // No FIONREAD sample of fd 7 here: the kernel's list gives its queue.
		['127.0.0.1:50002', 'waiting', 62, 'CLOSE-WAIT'],
		['127.0.0.1:50003', 'waiting', 31, ''],
		['127.0.0.1:50004', 'connecting', '-', 'SYN-SENT'],
	]);
	assert.is(snapshot.receiveQueueTotal, 93, 'the waiting clients\' bytes are in the total');
});

test('should keep the last list of connections until the next one, and take the accept queue read with it', () => {
	const store = started();
	const kernel = {server: [{state: 'ESTABLISHED' as const, peer: '127.0.0.1:50003', receive: 31, send: 0, accepted: false}], connecting: []};
	store.sample(sample({acceptQueue: {depth: 1, limit: 128}, kernel}), MODEL);
	store.sample(sample({acceptQueue: {depth: 2, limit: 128}}), MODEL);
	const snapshot = store.snapshot();
	assert.is(snapshot.counts.waiting, 1);
	assert.equal(snapshot.acceptQueue, {depth: 1, limit: 128}, 'the figure read with the list');
	assert.equal(snapshot.acceptHistory, [1, 2], 'the chart has every sample');
});

test('should take CPU and listen drops from the samples that carry them', () => {
	const store = started();
	store.sample(sample({cpu: {percent: 12.5, threads: 1, processes: 0, intervalMs: 1000}, listenDrops: {overflows: 3, drops: 4}}), MODEL);
	store.sample(sample(), MODEL);
	const snapshot = store.snapshot();
	assert.is(snapshot.cpuPercent, 12.5);
	assert.is(snapshot.listenDrops, 4);
});

test('should start over when a model starts', () => {
	const store = started();
	store.batch(batch([{t: T, kind: 'blocked-in', call: 'recv', fd: 7, tid: 812}], [stats(7, '127.0.0.1:50001')]), MODEL);
	store.modelStarted('epoll-et', '127.0.0.1', 7788);
	const snapshot = store.snapshot();
	assert.equal([snapshot.modelId, snapshot.clients.length, snapshot.threads.length], ['epoll-et', 0, 0]);
	assert.is(snapshot.log.length, 1, 'the log goes on across models');
});

test('should show the ring of an io_uring model: its setup, its enter calls, its queues per sample', () => {
	const store = new MonitorStore();
	store.modelStarted('io-uring', '127.0.0.1', 7788);
	assert.is(store.snapshot().ring, undefined, 'no ring before the model reports one');
	const enter = (submitted: number, completed: number): ServerEvent => ({
		t: T, kind: 'io-uring-enter', submitted, completed, inFlight: 2, sqSize: 64, cqSize: 256,
		completions: {accept: completed, recv: 0, send: 0, other: 0}, durationUs: 10, timeoutMs: -1,
	});
	store.batch(batch([
		{t: T, kind: 'io-uring-setup', setupFlags: ['SINGLE_ISSUER'], sqSize: 64, cqSize: 256, bufferBytes: 4096, bufferCount: 64},
		enter(2, 5), enter(1, 1),
	]), 'io-uring');
	store.sample(sample(), 'io-uring');
	store.sample(sample(), 'io-uring');
	const snapshot = store.snapshot();
	assert.equal(snapshot.ring?.setup.flags, ['SINGLE_ISSUER']);
	assert.equal(snapshot.ring?.recent.map(call => call.completed), [5, 1]);
	assert.equal(snapshot.submissionHistory, [2, 0], 'the deepest of the calls since the sample before, then nothing');
	assert.equal(snapshot.completionHistory, [5, 0]);
	assert.is(store.snapshot().ring?.recent, snapshot.ring?.recent, 'a frame copies no call');
	store.modelStarted('epoll-et', '127.0.0.1', 7788);
	assert.is(store.snapshot().ring, undefined);
});

test('should not bump its version for a sample that changes nothing visible', () => {
	const store = started();
	store.sample(sample({acceptQueue: {depth: 0, limit: 128}}), MODEL);
	const version = store.changes;
	store.sample(sample({acceptQueue: {depth: 0, limit: 128}}), MODEL);
	assert.is(store.changes, version);
	store.sample(sample({acceptQueue: {depth: 1, limit: 128}}), MODEL);
	assert.ok(store.changes > version);
});

test.run();
