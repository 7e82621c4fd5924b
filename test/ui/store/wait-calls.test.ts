// The last wait calls, from the readiness events.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {initialWaitCalls, reduceWaitCalls, WAIT_CALLS_KEPT} from '../../../source/ui/store/wait-calls.js';
import type {ServerEvent} from '../../../source/models/probe/events.js';

const test = suite('wait calls');

const wait = (watched: number): ServerEvent => ({t: watched, kind: 'readiness', call: 'poll', watched, scanned: watched, ready: [], durationUs: watched * 2, timeoutMs: 100});

test('should keep the last calls in order with their duration', () => {
	const events = Array.from({length: WAIT_CALLS_KEPT + 5}, (_, index) => wait(index));
	const state = reduceWaitCalls(initialWaitCalls, {type: 'events', events});
	assert.is(state.recent.length, WAIT_CALLS_KEPT);
	assert.is(state.recent[0]!.watched, 5);
	assert.is(state.recent.at(-1)!.durationUs, (WAIT_CALLS_KEPT + 4) * 2);
});

test('should keep the same state for a batch without wait calls', () => {
	const state = reduceWaitCalls(initialWaitCalls, {type: 'events', events: [wait(1)]});
	assert.is(reduceWaitCalls(state, {type: 'events', events: [{t: 1, kind: 'recv', fd: 7, bytes: 1}]}), state);
	assert.is(reduceWaitCalls(state, {type: 'reset'}), initialWaitCalls);
});

test.run();
