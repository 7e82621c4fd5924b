// io_uring's ring: its setup, the last io_uring_enter calls, the deepest queues since the last sample; a reducer over the model's events.
import type {ServerEvent} from '../../models/probe/events.js';
import type {RingEnter, RingSetup} from './snapshot.js';

/** Enter calls kept: more lines than the completion panel has on any terminal. */
export const RING_CALLS_KEPT = 40;

/** The ring as the model reported it; `setup` undefined: no ring (any other model). */
export type RingState = {
	readonly setup?: RingSetup;
	/** The most recent enter calls, oldest first. */
	readonly recent: readonly RingEnter[];
	/** The most SQEs one call submitted since the last sample: what the submission queue held at most. */
	readonly peakSubmitted: number;
	/** The most CQEs waiting after one call since the last sample. */
	readonly peakCompleted: number;
};

/** What changes the ring: a model starting over, a batch of its events, a sample taking the peaks. */
export type RingAction =
	| {readonly type: 'reset'}
	| {readonly type: 'events'; readonly events: readonly ServerEvent[]}
	| {readonly type: 'sampled'};

/** No ring yet. */
export const initialRing: RingState = {recent: [], peakSubmitted: 0, peakCompleted: 0};

/**
 * `io-uring-setup` gives the ring; each `io-uring-enter` is appended (the last RING_CALLS_KEPT
 * kept) and raises the peaks, which `sampled` sets back to zero. A batch with neither keeps the
 * same state, so an idle ring costs no frame.
 */
export function reduceRing(state: RingState, action: RingAction): RingState {
	switch (action.type) {
		case 'reset': {
			return initialRing;
		}

		case 'sampled': {
			return state.peakSubmitted === 0 && state.peakCompleted === 0 ? state : {...state, peakSubmitted: 0, peakCompleted: 0};
		}

		case 'events': {
			let {setup, peakSubmitted, peakCompleted} = state;
			let added: RingEnter[] | undefined;
			for (const event of action.events) {
				if (event.kind === 'io-uring-setup') {
					setup = {flags: event.setupFlags, sqSize: event.sqSize, cqSize: event.cqSize, bufferBytes: event.bufferBytes, bufferCount: event.bufferCount};
				} else if (event.kind === 'io-uring-enter') {
					added ??= [];
					added.push({
						t: event.t, submitted: event.submitted, completed: event.completed, inFlight: event.inFlight,
						completions: event.completions, durationUs: event.durationUs,
					});
					peakSubmitted = Math.max(peakSubmitted, event.submitted);
					peakCompleted = Math.max(peakCompleted, event.completed);
					// A ring whose setup event was lost still has its sizes in every call.
					setup ??= {flags: [], sqSize: event.sqSize, cqSize: event.cqSize, bufferBytes: 0, bufferCount: 0};
				}
			}

			if (!added && setup === state.setup) {
				return state;
			}

			return {setup, recent: added ? [...state.recent, ...added].slice(-RING_CALLS_KEPT) : state.recent, peakSubmitted, peakCompleted};
		}
	}
}
