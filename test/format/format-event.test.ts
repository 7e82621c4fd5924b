// serve's readable lines: one line per event kind, and network bytes never reach the terminal raw.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {formatEvent} from '../../source/format/format-event.js';
import {RECV_ZERO_DETAIL, type ServerEvent} from '../../source/models/probe/events.js';

const t = Date.UTC(2026, 0, 1, 12, 0, 0, 0);
const hostile = Buffer.from('\u001b]0;x\u0007\u001b[2Jhi');

/** One event of every kind. */
const events: ServerEvent[] = [
	{t, kind: 'listening', fd: 5, host: '127.0.0.1', port: 7788, backlog: 128},
	{t, kind: 'model-started', model: 'epoll-et', host: '127.0.0.1', port: 7788, backlog: 128, tid: 811},
	{t, kind: 'accepted', fd: 7, peer: '127.0.0.1:50001', tid: 812},
	{t, kind: 'readiness', call: 'epoll_wait', watched: 3, scanned: 1, ready: [{fd: 7, flags: ['EPOLLIN']}], durationUs: 42, timeoutMs: -1},
	{t, kind: 'recv', fd: 7, bytes: 40, head: hostile},
	{t, kind: 'send', fd: 7, bytes: 10, requested: 40},
	{t, kind: 'closed', fd: 7, reason: 'reset', detail: 'recv: ECONNRESET'},
	{t, kind: 'refused', fd: 1030, peer: '127.0.0.1:50002', reason: 'fd 1030 ≥ FD_SETSIZE (1024): select() cannot watch it'},
	{t, kind: 'error', syscall: 'accept4', code: 'EMFILE', detail: 'out of file descriptors'},
	{t, kind: 'blocked-in', call: 'recv', fd: 7, tid: 812},
	{t, kind: 'option', name: 'readOnce', value: true},
	{t, kind: 'child-spawned', pid: 4410, fd: 7, spawnMs: 112.5, rssKb: 51_200, children: 1},
	{t, kind: 'child-exited', pid: 4410, fd: 7, code: null, signal: 'SIGKILL', rssKb: 51_200, children: 0},
	{t, kind: 'thread-started', tid: 813, fd: 8, startMs: 60.2, threads: 13, rssKb: 102_400},
	{t, kind: 'thread-exited', tid: 813, fd: 8, threads: 12},
	{t, kind: 'capacity', unit: 'process', limit: 3, by: 'limit', full: true},
	{t, kind: 'cpu', tid: 900, percent: 99, eagain: 1_234_567},
	{t, kind: 'step', phase: 'before', call: 'recv', text: 'recv(fd 9, 65536 bytes)', seq: 12},
	{t, kind: 'summary', suppressed: {recv: 12_345, send: 12_345}},
];

const test = suite('formatEvent');

test('should give every event kind one line with its time, kind and detail', () => {
	for (const event of events) {
		const line = formatEvent(event);
		assert.not.match(line, '\n', event.kind);
		assert.match(line, new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.000 ${event.kind} `), event.kind);
	}
});

test('should escape what a client sent, so it cannot retitle or clear the terminal', () => {
	const line = formatEvent(events.find(event => event.kind === 'recv')!);
	assert.match(line, '"\\e]0;x\\a\\e[2Jhi..."');
	assert.not.match(line, '\u001b');
	assert.not.match(line, '\u0007');
});

test('should say how much was summarised, and name a child killed by a signal', () => {
	assert.match(formatEvent(events.at(-1)!), '+12,345 recv, +12,345 send (counted, not shown)');
	assert.match(formatEvent(events.find(event => event.kind === 'child-exited')!), 'pid 4410 (fd 7) killed by SIGKILL');
});

test('should say recv returned 0 when that is how the server learnt its client closed', () => {
	assert.match(formatEvent({t, kind: 'closed', fd: 7, reason: 'peer-closed', detail: RECV_ZERO_DETAIL}), /closed +fd 7 {2}recv -> 0: peer closed$/);
	assert.match(formatEvent({t, kind: 'closed', fd: 7, reason: 'reset', detail: 'recv: ECONNRESET'}), 'fd 7  reset (recv: ECONNRESET)');
});

test('should give a wait call its duration and name the control fd the loop watches', () => {
	assert.match(formatEvent(events.find(event => event.kind === 'readiness')!), 'epoll_wait  watched 3  scanned 1  ready 1  42 us: 7 EPOLLIN');
	assert.match(formatEvent({t, kind: 'listening', fd: 5, host: '127.0.0.1', port: 7788, backlog: 128, controlFd: 6}), 'fd 6 = stop');
});

test.run();
