// Per-second rates from the model's running counters, over windows of about half a second.
import {emptyCounters, type Counters} from '../../models/probe/events.js';
import type {Rates, RingRates} from './snapshot.js';

/** Shortest window a rate is computed over: shorter ones jitter with every batch. */
export const RATE_WINDOW_MS = 500;

/** The latest counters, those at the start of the window, and the rates of the last full window. */
export type RatesState = {
	readonly counters: Counters;
	readonly windowStart: Counters;
	/** When the window started, ms (any monotonic clock, as long as `tick` uses the same). */
	readonly windowStartAt: number;
	readonly rates: Rates;
};

/** What changes the rates: a model starting over, a batch's counters, the clock. */
export type RatesAction =
	| {readonly type: 'reset'; readonly at: number}
	| {readonly type: 'counters'; readonly counters: Counters}
	| {readonly type: 'tick'; readonly at: number};

/** Rates at zero. */
export const zeroRates: Rates = {recvCalls: 0, sendCalls: 0, bytesIn: 0, waitCalls: 0, eagain: 0};

/** Nothing counted yet, the window starting at `at`. */
export function initialRates(at: number): RatesState {
	return {counters: emptyCounters(), windowStart: emptyCounters(), windowStartAt: at, rates: zeroRates};
}

/** Counters replace the latest; a tick at least RATE_WINDOW_MS after the window's start closes it into rates. */
export function reduceRates(state: RatesState, action: RatesAction): RatesState {
	switch (action.type) {
		case 'reset': {
			return initialRates(action.at);
		}

		case 'counters': {
			return {...state, counters: action.counters};
		}

		case 'tick': {
			const seconds = (action.at - state.windowStartAt) / 1000;
			if (seconds * 1000 < RATE_WINDOW_MS) {
				return state;
			}

			const current = state.counters;
			const start = state.windowStart;
			const delta = (key: keyof Counters): number => Math.max(0, current[key] - start[key]);
			const rate = (key: keyof Counters): number => delta(key) / seconds;
			const waits = delta('waitCalls');
			const received = delta('recvCalls');
			const rates: Rates = {
				recvCalls: rate('recvCalls'), sendCalls: rate('sendCalls'), bytesIn: rate('recvBytes'), waitCalls: rate('waitCalls'), eagain: rate('eagain'),
				...(waits > 0 ? {waitMeanUs: delta('waitUs') / waits} : {}),
				// libuv makes its calls itself, uncounted: no figure rather than a false 0.
				...(received > 0 && delta('syscalls') > 0 ? {syscallsPerMessage: delta('syscalls') / received} : {}),
				// Only a model with a ring counts enter calls; its rates by operation are the counters the others have too.
				...(current.enterCalls > 0 ? {ring: {enterCalls: rate('enterCalls'), completed: rate('completed'), accept: rate('accepted'), recv: rate('recvCalls'), send: rate('sendCalls')}} : {}),
			};
			return {counters: current, windowStart: current, windowStartAt: action.at, rates: sameRates(rates, state.rates) ? state.rates : rates};
		}
	}
}

/** Whether two rates are equal, so an idle server keeps the same object and draws no frame. */
export function sameRates(a: Rates, b: Rates): boolean {
	return a.recvCalls === b.recvCalls && a.sendCalls === b.sendCalls && a.bytesIn === b.bytesIn
		&& a.waitCalls === b.waitCalls && a.eagain === b.eagain && a.waitMeanUs === b.waitMeanUs
		&& a.syscallsPerMessage === b.syscallsPerMessage && sameRingRates(a.ring, b.ring);
}

function sameRingRates(a: RingRates | undefined, b: RingRates | undefined): boolean {
	return a === b || (a !== undefined && b !== undefined && a.enterCalls === b.enterCalls && a.completed === b.completed
		&& a.accept === b.accept && a.recv === b.recv && a.send === b.send);
}
