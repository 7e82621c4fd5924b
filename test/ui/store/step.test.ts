// Step mode's state: the call held or let through, and the last result, from the model's step events.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {initialStep, reduceStep, stepView, type StepState} from '../../../source/ui/store/step.js';
import type {ServerEvent} from '../../../source/models/probe/events.js';

const T = 1_700_000_000_000;

function step(phase: 'before' | 'after', seq: number, call: string, text: string): ServerEvent {
	return {t: T + seq, kind: 'step', phase, call, text, seq};
}

const events = (...list: ServerEvent[]) => ({type: 'events', events: list} as const);
const on = (state: StepState = initialStep): StepState => reduceStep(state, {type: 'stepping', on: true});

const test = suite('step state');

test('should show nothing while step mode is off, and drop the step events that still come', () => {
	assert.is(stepView(initialStep), undefined);
	const state = reduceStep(initialStep, events(step('after', 3, 'recv', '-> 64 bytes')));
	assert.is(state, initialStep, 'unchanged: the result of the call c let through is the log\'s alone');
});

test('should wait for the first call once on, then show it held', () => {
	const entered = on();
	assert.equal(stepView(entered), {}, 'on, nothing announced: the next call will be held');
	const held = reduceStep(entered, events(step('before', 1, 'select', 'select(nfds 43, read {20,27,42}, write {}, timeout none)')));
	assert.equal(stepView(held), {current: {seq: 1, call: 'select', text: 'select(nfds 43, read {20,27,42}, write {}, timeout none)', released: false}});
});

test('should mark the held call let through, then pair its result with it and hold the next', () => {
	let state = reduceStep(on(), events(step('before', 11, 'recv', 'recv(fd 9, 65536 bytes)')));
	state = reduceStep(state, {type: 'released', seq: 10});
	assert.is(state.current?.released, false, 'a release of another call changes nothing');
	state = reduceStep(state, {type: 'released', seq: 11});
	assert.is(state.current?.released, true);
	state = reduceStep(state, events(
		{t: T, kind: 'readiness', call: 'select', watched: 3, scanned: 10, ready: [], durationUs: 4, timeoutMs: -1},
		step('after', 11, 'recv', '-> 64 bytes'),
		step('before', 12, 'send', 'send(fd 9, 64 bytes)'),
	));
	assert.equal(stepView(state), {
		current: {seq: 12, call: 'send', text: 'send(fd 9, 64 bytes)', released: false},
		last: {seq: 11, call: 'recv', text: 'recv(fd 9, 65536 bytes)', result: '-> 64 bytes'},
	});
});

test('should name a result whose call it never saw by the function alone, and keep the call it did see', () => {
	let state = reduceStep(on(), events(step('before', 5, 'accept4', 'accept4(fd 20)')));
	state = reduceStep(state, events(step('after', 4, 'recv', '-> 0 bytes')));
	assert.equal(stepView(state), {
		current: {seq: 5, call: 'accept4', text: 'accept4(fd 20)', released: false},
		last: {seq: 4, call: 'recv', text: 'recv(...)', result: '-> 0 bytes'},
	});
});

test('should start over on a model switch, still on, and forget everything when turned off', () => {
	const state = reduceStep(on(), events(step('before', 7, 'poll', 'poll(3 fds, timeout -1)'), step('after', 7, 'poll', '-> 1'), step('before', 8, 'recv', 'recv(fd 9, 65536 bytes)')));
	const switched = reduceStep(state, {type: 'reset'});
	assert.equal(stepView(switched), {}, 'on, the new model\'s first call not announced yet');
	assert.is(stepView(reduceStep(state, {type: 'stepping', on: false})), undefined);
	assert.is(reduceStep(state, {type: 'stepping', on: true}), state, 'on again changes nothing');
});

test.run();
