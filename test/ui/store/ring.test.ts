// io_uring's ring, from the model's io-uring-setup and io-uring-enter events.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {initialRing, reduceRing, RING_CALLS_KEPT} from '../../../source/ui/store/ring.js';
import type {ServerEvent} from '../../../source/models/probe/events.js';

const test = suite('ring');

const setup: ServerEvent = {t: 0, kind: 'io-uring-setup', setupFlags: ['SINGLE_ISSUER', 'DEFER_TASKRUN'], sqSize: 64, cqSize: 1024, bufferBytes: 4096, bufferCount: 256};
const enter = (submitted: number, completed: number): ServerEvent => ({
	t: submitted, kind: 'io-uring-enter', submitted, completed, inFlight: 3, sqSize: 64, cqSize: 1024,
	completions: {accept: 0, recv: completed, send: 0, other: 0}, durationUs: 40, timeoutMs: -1,
});

test('should take the setup, then keep the last enter calls in order with their completions', () => {
	let state = reduceRing(initialRing, {type: 'events', events: [setup]});
	assert.equal(state.setup, {flags: ['SINGLE_ISSUER', 'DEFER_TASKRUN'], sqSize: 64, cqSize: 1024, bufferBytes: 4096, bufferCount: 256});
	assert.is(state.recent.length, 0);
	state = reduceRing(state, {type: 'events', events: Array.from({length: RING_CALLS_KEPT + 5}, (_, index) => enter(index, 2))});
	assert.is(state.recent.length, RING_CALLS_KEPT);
	assert.is(state.recent[0]!.submitted, 5);
	assert.equal(state.recent.at(-1)!.completions, {accept: 0, recv: 2, send: 0, other: 0});
	assert.is(state.setup!.flags.length, 2, 'the setup stays');
});

test('should keep the deepest queues until a sample takes them', () => {
	let state = reduceRing(initialRing, {type: 'events', events: [setup, enter(4, 1), enter(1, 7), enter(2, 2)]});
	assert.is(state.peakSubmitted, 4);
	assert.is(state.peakCompleted, 7);
	state = reduceRing(state, {type: 'sampled'});
	assert.is(state.peakSubmitted, 0);
	assert.is(state.peakCompleted, 0);
	assert.is(state.recent.length, 3, 'the calls stay for the panel');
	assert.is(reduceRing(state, {type: 'sampled'}), state, 'an idle sample changes nothing');
});

test('should learn the sizes from an enter call when the setup event was lost', () => {
	const state = reduceRing(initialRing, {type: 'events', events: [enter(1, 1)]});
	assert.equal(state.setup, {flags: [], sqSize: 64, cqSize: 1024, bufferBytes: 0, bufferCount: 0});
});

test('should keep the same state for a batch without ring events, and start over on reset', () => {
	const state = reduceRing(initialRing, {type: 'events', events: [setup, enter(1, 1)]});
	assert.is(reduceRing(state, {type: 'events', events: [{t: 1, kind: 'recv', fd: 7, bytes: 1}]}), state);
	assert.is(reduceRing(initialRing, {type: 'events', events: [{t: 1, kind: 'recv', fd: 7, bytes: 1}]}), initialRing, 'no ring for the other models');
	assert.is(reduceRing(state, {type: 'reset'}), initialRing);
});

test.run();
