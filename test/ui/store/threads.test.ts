// What each thread is blocked in, from its own events only, batch after batch.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {initialThreads, reduceThreads, type ThreadsState} from '../../../source/ui/store/threads.js';
import type {ServerEvent} from '../../../source/models/probe/events.js';

const T = 1_000_000;

function run(batches: ReadonlyArray<readonly ServerEvent[]>, state: ThreadsState = initialThreads): ThreadsState {
	return batches.reduce((current, events) => reduceThreads(current, {type: 'events', events}), state);
}

function blocked(state: ThreadsState): Array<[number, boolean, string | undefined]> {
	return [...state.byTid.values()].map(thread => [thread.tid, thread.blocked, thread.call]);
}

const test = suite('threads');

test('should keep two threads blocked at once', () => {
	const state = run([[
		{t: T, kind: 'blocked-in', call: 'recv', fd: 7, tid: 812},
		{t: T, kind: 'blocked-in', call: 'recv', fd: 8, tid: 813},
	]]);
	assert.equal(blocked(state), [[812, true, 'recv'], [813, true, 'recv']]);
});

test('should wake a thread by a recv on its own fd only', () => {
	const state = run([
		[{t: T, kind: 'blocked-in', call: 'recv', fd: 7, tid: 812}, {t: T, kind: 'blocked-in', call: 'recv', fd: 8, tid: 813}],
		[{t: T + 5, kind: 'recv', fd: 8, bytes: 3}],
	]);
	assert.equal(blocked(state), [[812, true, 'recv'], [813, false, 'recv']]);
	assert.is(state.byTid.get(813)!.since, T + 5, 'running since the recv returned');
	assert.is(state.byTid.get(812)!.since, T, 'blocked since it blocked');
});

test('should wake the thread in accept when a client is accepted, named or not', () => {
	const inAccept = run([[{t: T, kind: 'blocked-in', call: 'accept', fd: 3, tid: 800}]]);
	assert.not.ok(run([[{t: T + 1, kind: 'accepted', fd: 7, peer: '127.0.0.1:1'}]], inAccept).byTid.get(800)!.blocked, 'threads model: no tid on accepted');
	assert.ok(run([[{t: T + 1, kind: 'accepted', fd: 7, peer: '127.0.0.1:1', tid: 801}]], inAccept).byTid.get(800)!.blocked, 'another thread accepted');
	assert.not.ok(run([[{t: T + 1, kind: 'refused', fd: 7, peer: '127.0.0.1:1', reason: 'x'}]], inAccept).byTid.get(800)!.blocked);
});

test('should wake a thread whose fd closed, and one in a wait call when it returns', () => {
	const state = run([
		[{t: T, kind: 'blocked-in', call: 'recv', fd: 7, tid: 812}, {t: T, kind: 'blocked-in', call: 'epoll_wait', fd: 4, tid: 900}],
		[{t: T + 1, kind: 'closed', fd: 7, reason: 'peer-closed'}, {t: T + 1, kind: 'readiness', call: 'epoll_wait', watched: 2, scanned: 1, ready: [], durationUs: 1, timeoutMs: -1}],
	]);
	assert.equal(blocked(state), [[812, false, 'recv'], [900, false, 'epoll_wait']]);
});

test('should add threads and children as they start, running, and forget them when they end', () => {
	const state = run([
		[{t: T, kind: 'thread-started', tid: 813, fd: 8, startMs: 60, threads: 1, rssKb: 1}, {t: T, kind: 'child-spawned', pid: 4410, fd: 9, spawnMs: 100, rssKb: 1, children: 1}],
	]);
	assert.equal(blocked(state), [[813, false, undefined], [4410, false, undefined]]);
	assert.is(state.byTid.get(4410)!.unit, 'process', 'a fork child is named by its pid');
	assert.is(run([[{t: T, kind: 'blocked-in', call: 'recv', fd: 9, tid: 4410}]], state).byTid.get(4410)!.unit, 'process', 'and stays a process once blocked');
	const ended = run([[{t: T, kind: 'thread-exited', tid: 813, fd: 8, threads: 0}, {t: T, kind: 'child-exited', pid: 4410, fd: 9, code: 0, signal: null, rssKb: 1, children: 0}]], state);
	assert.is(ended.byTid.size, 0);
});

test('should return the same state when no event concerns a thread, and start over on reset', () => {
	const state = run([[{t: T, kind: 'blocked-in', call: 'recv', fd: 7, tid: 812}]]);
	assert.is(run([[{t: T, kind: 'recv', fd: 9, bytes: 1}, {t: T, kind: 'option', name: 'readOnce', value: true}]], state), state);
	assert.is(reduceThreads(state, {type: 'reset'}), initialThreads);
});

test.run();
