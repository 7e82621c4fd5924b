// The view state in a hook whose dispatch applies at once: the keys of one chunk (`jjs`) each see what the one before did.
import {useCallback, useRef, useState} from 'react';
import {initialViewState, reduceView, type ViewAction, type ViewState} from './view-state.js';

/** The view state and how to change it. */
export type ViewStateHandle = {
	/** The state of the last render. */
	readonly state: ViewState;
	/** The state after every action dispatched so far, rendered or not. */
	current(): ViewState;
	/** Apply an action now; returns the new state. */
	dispatch(action: ViewAction): ViewState;
};

/** useReducer, except that the new state is known as soon as an action is dispatched. */
export function useViewState(): ViewStateHandle {
	const ref = useRef(initialViewState);
	const [state, setState] = useState(initialViewState);
	const current = useCallback(() => ref.current, []);
	const dispatch = useCallback((action: ViewAction): ViewState => {
		ref.current = reduceView(ref.current, action);
		setState(ref.current);
		return ref.current;
	}, []);
	return {state, current, dispatch};
}
