// What the person at the keyboard has set up on the screen: help, pause, log scroll, selection, wide log.
import type {LogLine, MonitorSnapshot} from './store/snapshot.js';

/** The screen as it was when paused: drawn instead of the live one until resumed. */
export type PausedScreen = {
	readonly snapshot: MonitorSnapshot;
	/** The clock at the pause, for uptimes and "blocked for" times. */
	readonly now: number;
	/** The log as far back as the store keeps it, to scroll through. */
	readonly log: readonly LogLine[];
};

/** A short message in the footer, until `until` (ms since the epoch). */
export type Notice = {readonly text: string; readonly until: number};

/** What the person has set up on the screen. */
export type ViewState = {
	readonly isHelpOpen: boolean;
	/** Lines of the help scrolled past. */
	readonly helpScroll: number;
	readonly paused?: PausedScreen;
	/** Lines of the paused log scrolled back from its newest. */
	readonly logScroll: number;
	/** The selected client row's key (ClientRow.key). */
	readonly selected?: string;
	readonly isWideLog: boolean;
	readonly notice?: Notice;
	/** The lesson list, when open: the lesson chosen in it, from 0. */
	readonly picker?: {readonly index: number};
};

/** Everything that changes the view. */
export type ViewAction =
	| {readonly type: 'toggle-help'}
	| {readonly type: 'close-help'}
	/** Scroll the help by `lines`, within 0..`max`. */
	| {readonly type: 'scroll-help'; readonly lines: number; readonly max: number}
	| {readonly type: 'pause'; readonly screen: PausedScreen}
	| {readonly type: 'resume'}
	/** Scroll the paused log back (positive) or forward (negative). */
	| {readonly type: 'scroll-log'; readonly lines: number}
	/** Move the selection over the rows on screen, by their keys in order. */
	| {readonly type: 'select'; readonly delta: 1 | -1; readonly keys: readonly string[]}
	| {readonly type: 'clear-selection'}
	| {readonly type: 'toggle-wide-log'}
	| {readonly type: 'notice'; readonly notice: Notice}
	/** Open the lesson list at lesson `index` (from 0). */
	| {readonly type: 'open-picker'; readonly index: number}
	| {readonly type: 'close-picker'}
	/** Move the choice in the lesson list, within its `count` lessons. */
	| {readonly type: 'move-picker'; readonly delta: number; readonly count: number};

/** Live screen, nothing selected, no help. */
export const initialViewState: ViewState = {isHelpOpen: false, helpScroll: 0, logScroll: 0, isWideLog: false};

function clamp(value: number, min: number, max: number): number {
	return Math.min(Math.max(value, min), Math.max(min, max));
}

/** The view after an action: pure, so that a chunk of keys can be applied one after the other at once. */
export function reduceView(state: ViewState, action: ViewAction): ViewState {
	switch (action.type) {
		case 'toggle-help': {
			return {...state, isHelpOpen: !state.isHelpOpen, helpScroll: 0};
		}

		case 'close-help': {
			return state.isHelpOpen ? {...state, isHelpOpen: false, helpScroll: 0} : state;
		}

		case 'scroll-help': {
			return {...state, helpScroll: clamp(state.helpScroll + action.lines, 0, action.max)};
		}

		case 'pause': {
			return {...state, paused: action.screen, logScroll: 0};
		}

		case 'resume': {
			const {paused: _paused, ...live} = state;
			return {...live, logScroll: 0};
		}

		case 'scroll-log': {
			if (!state.paused) {
				return state;
			}

			return {...state, logScroll: clamp(state.logScroll + action.lines, 0, state.paused.log.length - 1)};
		}

		case 'select': {
			if (action.keys.length === 0) {
				return state;
			}

			const at = state.selected === undefined ? -1 : action.keys.indexOf(state.selected);
			// From nothing (or a row that is gone), down starts at the top and up at the bottom.
			const next = at < 0
				? (action.delta > 0 ? 0 : action.keys.length - 1)
				: clamp(at + action.delta, 0, action.keys.length - 1);
			return {...state, selected: action.keys[next]};
		}

		case 'clear-selection': {
			const {selected: _selected, ...rest} = state;
			return rest;
		}

		case 'toggle-wide-log': {
			return {...state, isWideLog: !state.isWideLog};
		}

		case 'notice': {
			return {...state, notice: action.notice};
		}

		case 'open-picker': {
			return {...state, picker: {index: action.index}};
		}

		case 'close-picker': {
			const {picker: _picker, ...rest} = state;
			return rest;
		}

		case 'move-picker': {
			return state.picker ? {...state, picker: {index: clamp(state.picker.index + action.delta, 0, action.count - 1)}} : state;
		}
	}
}
