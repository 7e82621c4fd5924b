// Step mode as the screen shows it: the call held (or let through) now and the last result, a reducer over the model's `step` events.
import type {ServerEvent} from '../../models/probe/events.js';
import type {StepCall, StepResult, StepView} from './snapshot.js';

/** Step mode on or off, and where the model's loop stands in it. */
export type StepState = {
	readonly isOn: boolean;
	readonly current?: StepCall;
	readonly last?: StepResult;
};

/** What changes it: the key (on, off), a step let through, a model starting over, a batch of events. */
export type StepAction =
	| {readonly type: 'stepping'; readonly on: boolean}
	/** The engine let call `seq` through: it is in the kernel now, no longer held. */
	| {readonly type: 'released'; readonly seq: number}
	/** A new model: its calls are numbered from 1 again; step mode itself stays as it was. */
	| {readonly type: 'reset'}
	| {readonly type: 'events'; readonly events: readonly ServerEvent[]};

/** Step mode off. */
export const initialStep: StepState = {isOn: false};

/** The state after an action: pure. */
export function reduceStep(state: StepState, action: StepAction): StepState {
	switch (action.type) {
		case 'stepping': {
			return action.on === state.isOn ? state : {isOn: action.on};
		}

		case 'released': {
			return state.current?.seq === action.seq && !state.current.released ? {...state, current: {...state.current, released: true}} : state;
		}

		case 'reset': {
			return {isOn: state.isOn};
		}

		case 'events': {
			// Off, the result of the call `c` let through (and anything announced before it) is the event log's alone.
			return state.isOn ? action.events.reduce(applyEvent, state) : state;
		}
	}
}

function applyEvent(state: StepState, event: ServerEvent): StepState {
	if (event.kind !== 'step') {
		return state;
	}

	if (event.phase === 'before') {
		return {...state, current: {seq: event.seq, call: event.call, text: event.text, released: false}};
	}

	const {current, ...rest} = state;
	if (current?.seq !== event.seq) {
		// Its announcement was not seen (it began before a model switch's reset): named by its function alone.
		return {...state, last: {seq: event.seq, call: event.call, text: `${event.call}(...)`, result: event.text}};
	}

	return {...rest, last: {seq: event.seq, call: event.call, text: current.text, result: event.text}};
}

/** What a snapshot carries: undefined while step mode is off. */
export function stepView(state: StepState): StepView | undefined {
	if (!state.isOn) {
		return undefined;
	}

	return {...(state.current ? {current: state.current} : {}), ...(state.last ? {last: state.last} : {})};
}
