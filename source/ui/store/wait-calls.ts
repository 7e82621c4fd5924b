// The last select/poll/epoll_wait calls with what they returned: a reducer over the model's readiness events.
import type {ServerEvent} from '../../models/probe/events.js';
import type {WaitCall} from './snapshot.js';

/** Wait calls kept: more lines than the readiness panel has on any terminal. */
export const WAIT_CALLS_KEPT = 40;

/** The most recent wait calls, oldest first. */
export type WaitCallsState = {readonly recent: readonly WaitCall[]};

/** What changes the list: a model starting over, or a batch of its events. */
export type WaitCallsAction =
	| {readonly type: 'reset'}
	| {readonly type: 'events'; readonly events: readonly ServerEvent[]};

/** No wait call yet. */
export const initialWaitCalls: WaitCallsState = {recent: []};

/** Appends each `readiness` event, keeping the last WAIT_CALLS_KEPT. */
export function reduceWaitCalls(state: WaitCallsState, action: WaitCallsAction): WaitCallsState {
	if (action.type === 'reset') {
		return initialWaitCalls;
	}

	let added: WaitCall[] | undefined;
	for (const event of action.events) {
		if (event.kind === 'readiness') {
			added ??= [];
			added.push({t: event.t, call: event.call, watched: event.watched, scanned: event.scanned, ready: event.ready, durationUs: event.durationUs});
		}
	}

	return added ? {recent: [...state.recent, ...added].slice(-WAIT_CALLS_KEPT)} : state;
}
