// Per-second rates from running counters, over windows of at least half a second.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {initialRates, reduceRates, zeroRates} from '../../../source/ui/store/rates.js';
import {emptyCounters} from '../../../source/models/probe/events.js';

const test = suite('rates');

test('should turn counters into rates once a window has passed, with the mean wait time', () => {
	let state = initialRates(0);
	state = reduceRates(state, {type: 'counters', counters: {...emptyCounters(), recvCalls: 500, recvBytes: 1000, waitCalls: 100, waitUs: 2500}});
	assert.is(reduceRates(state, {type: 'tick', at: 400}), state, 'too early');
	state = reduceRates(state, {type: 'tick', at: 1000});
	assert.equal(state.rates, {recvCalls: 500, sendCalls: 0, bytesIn: 1000, waitCalls: 100, eagain: 0, waitMeanUs: 25});
	state = reduceRates(state, {type: 'tick', at: 2000});
	assert.equal(state.rates, {recvCalls: 0, sendCalls: 0, bytesIn: 0, waitCalls: 0, eagain: 0}, 'nothing in the next second');
});

test('should give a ring\'s enter calls and completions per second, by operation, only for a model with a ring', () => {
	let state = reduceRates(initialRates(0), {type: 'counters', counters: {...emptyCounters(), enterCalls: 100, completed: 300, accepted: 10, recvCalls: 140, sendCalls: 150}});
	state = reduceRates(state, {type: 'tick', at: 500});
	assert.equal(state.rates.ring, {enterCalls: 200, completed: 600, accept: 20, recv: 280, send: 300});
	const same = reduceRates(state, {type: 'tick', at: 1000});
	assert.equal(same.rates.ring, {enterCalls: 0, completed: 0, accept: 0, recv: 0, send: 0}, 'a quiet ring is still a ring');
	assert.is(reduceRates(same, {type: 'tick', at: 1500}).rates, same.rates, 'and costs no frame');
});

test('should give the system calls per message received, as bench\'s sys/msg, and none where calls are not counted', () => {
	let state = reduceRates(initialRates(0), {type: 'counters', counters: {...emptyCounters(), recvCalls: 400, syscalls: 860}});
	state = reduceRates(state, {type: 'tick', at: 500});
	assert.is(state.rates.syscallsPerMessage, 2.15);
	// libuv: messages, but no call counted.
	const libuv = reduceRates(reduceRates(initialRates(0), {type: 'counters', counters: {...emptyCounters(), recvCalls: 400}}), {type: 'tick', at: 500});
	assert.is(libuv.rates.syscallsPerMessage, undefined);
});

test('should keep the same rates object when nothing changed, so no frame is drawn', () => {
	const state = reduceRates(initialRates(0), {type: 'tick', at: 1000});
	assert.is(state.rates, zeroRates);
});

test.run();
