// What a key does, given what is on screen: the view changes itself, the servers and clients through the controller, a lesson through its session.
import {drivesServer, type KeyBinding} from './keymap.js';
import {lessons} from '../lessons/index.js';
import type {MonitorSnapshot} from './store/snapshot.js';
import type {ControllerCommand, StepOutcome} from './monitor-controller.js';
import {stepScope} from '../models/index.js';
import type {ViewStateHandle} from './use-view-state.js';

/** How long a notice stays in the footer. */
export const NOTICE_MS = 4000;

/** What the keys do to a lesson (LessonSession). */
export type LessonControls = {
	readonly isActive: boolean;
	start(number: number): void;
	/** False when no step waits for Enter. */
	advance(): boolean;
	leave(): Promise<void>;
};

/** Everything a key may act on. */
export type KeyContext = {
	readonly view: Pick<ViewStateHandle, 'current' | 'dispatch'>;
	readonly controller: {
		dispatch(command: ControllerCommand): void;
		readonly store: {logHistory(): MonitorSnapshot['log']};
		readonly lessons: LessonControls;
		/** `.`: enter step mode, or let the held call through (MonitorController.step). */
		step(): StepOutcome;
		/** `c`: leave step mode; false when it was off. */
		continue(): boolean;
	};
	/** The snapshot on screen (the paused one while paused): selection moves over its rows. */
	shown(): MonitorSnapshot;
	/** The store's snapshot now: what a selected row is, as last reported (a client is known as built-in ~100 ms after it connects). */
	latest(): MonitorSnapshot;
	/** The clock of the screen, for a pause. */
	readonly now: number;
	/** Lines a page of the log and of the help scrolls. */
	readonly logPage: number;
	readonly helpPage: number;
	readonly maxHelpScroll: number;
	quit(): void;
};

/** Keys that move through the help while it is open; the others act as usual. */
function helpKey(binding: KeyBinding, context: KeyContext): boolean {
	const {view, helpPage, maxHelpScroll} = context;
	const scroll = (lines: number): void => {
		view.dispatch({type: 'scroll-help', lines, max: maxHelpScroll});
	};

	switch (binding.action.type) {
		case 'toggle-help':
		case 'clear-selection': {
			view.dispatch({type: 'close-help'});
			return true;
		}

		case 'select-client': {
			scroll(binding.action.delta);
			return true;
		}

		case 'scroll-log': {
			scroll(binding.action.pages * helpPage);
			return true;
		}

		// As in a pager: space turns the page.
		case 'toggle-pause': {
			scroll(helpPage);
			return true;
		}

		default: {
			return false;
		}
	}
}

/** Keys of the lesson list while it is open: move, start, close; quit and help act as usual, the rest wait. */
function pickerKey(binding: KeyBinding, context: KeyContext, picker: {readonly index: number}): boolean {
	const {view, controller} = context;
	switch (binding.action.type) {
		case 'select-client': {
			view.dispatch({type: 'move-picker', delta: binding.action.delta, count: lessons.length});
			return true;
		}

		// The rows selected before belong to the monitor's clients, which the lesson drops.
		case 'advance': {
			view.dispatch({type: 'close-picker'});
			view.dispatch({type: 'clear-selection'});
			controller.lessons.start(picker.index + 1);
			return true;
		}

		case 'lesson':
		case 'clear-selection': {
			view.dispatch({type: 'close-picker'});
			return true;
		}

		case 'quit':
		case 'toggle-help': {
			return false;
		}

		default: {
			return true;
		}
	}
}

/** Leave the lesson; what it started stops in the background while the screen says so. */
function leaveLesson(context: KeyContext): void {
	void context.controller.lessons.leave();
}

/** Why a step found no call to let through, for the footer. */
function nothingHeld(latest: MonitorSnapshot): string {
	const {modelId, step} = latest;
	if (stepScope(modelId) === 'none') {
		return `${modelId}: its I/O is made inside libuv's C code, nothing steps (c leaves step mode)`;
	}

	return step?.current?.released
		? `nothing held yet: #${step.current.seq} ${step.current.call} is in the kernel until it returns`
		: 'nothing held yet: the server is in the kernel until its call returns';
}

/** Do what `binding` asks. */
export function handleKey(binding: KeyBinding, context: KeyContext): void {
	const {view, controller} = context;
	if (view.current().isHelpOpen && helpKey(binding, context)) {
		return;
	}

	const {picker} = view.current();
	if (picker && pickerKey(binding, context, picker)) {
		return;
	}

	const notice = (text: string): void => {
		view.dispatch({type: 'notice', notice: {text, until: Date.now() + NOTICE_MS}});
	};

	const inLesson = controller.lessons.isActive;
	if (inLesson && binding.action.type === 'step') {
		notice('no step mode in a lesson: a held server fails its timed checks (L leaves)');
		return;
	}

	if (inLesson && drivesServer(binding.action)) {
		notice(`${binding.label}: the lesson drives the server and its clients now; L or esc leaves it`);
		return;
	}

	const selectedRow = () => {
		const key = view.current().selected;
		if (key === undefined) {
			return undefined;
		}

		const latest = context.latest().clients.find(row => row.key === key);
		return latest ?? context.shown().clients.find(row => row.key === key);
	};

	const {action} = binding;
	switch (action.type) {
		case 'quit': {
			context.quit();
			break;
		}

		case 'toggle-help':
		case 'toggle-wide-log': {
			view.dispatch({type: action.type});
			break;
		}

		// Innermost first: a selection is cleared before the lesson is left.
		case 'clear-selection': {
			if (inLesson && view.current().selected === undefined) {
				leaveLesson(context);
			} else {
				view.dispatch({type: action.type});
			}

			break;
		}

		case 'lesson': {
			if (inLesson) {
				leaveLesson(context);
			} else {
				view.dispatch({type: 'open-picker', index: 0});
			}

			break;
		}

		case 'advance': {
			if (!inLesson) {
				notice('enter runs a lesson\'s next step: L picks a lesson');
			} else if (!controller.lessons.advance()) {
				notice('no step waits: the step runs, or the lesson is over (L or esc leaves it)');
			}

			break;
		}

		case 'toggle-pause': {
			if (view.current().paused) {
				view.dispatch({type: 'resume'});
			} else {
				view.dispatch({type: 'pause', screen: {snapshot: context.shown(), now: context.now, log: controller.store.logHistory()}});
			}

			break;
		}

		case 'scroll-log': {
			// Scrolling back through a log that moves on is hopeless: it pauses the screen first.
			if (!view.current().paused) {
				view.dispatch({type: 'pause', screen: {snapshot: context.shown(), now: context.now, log: controller.store.logHistory()}});
			}

			view.dispatch({type: 'scroll-log', lines: -action.pages * context.logPage});
			break;
		}

		case 'select-client': {
			view.dispatch({type: 'select', delta: action.delta, keys: context.shown().clients.map(row => row.key)});
			break;
		}

		case 'send': {
			const row = selectedRow();
			if (!row) {
				controller.dispatch({type: 'send'});
			} else if (row.builtinId === undefined) {
				notice('s sends from built-in clients; the selected client is not one (esc: send from all)');
			} else {
				controller.dispatch({type: 'send', clientId: row.builtinId});
			}

			break;
		}

		case 'close-selected': {
			const row = selectedRow();
			if (row?.builtinId === undefined) {
				notice(row ? 'x closes built-in clients only: the selected one is not' : 'x closes the selected client: select a built-in one first (j/k or up/down)');
			} else {
				controller.dispatch({type: 'close-client', clientId: row.builtinId});
			}

			break;
		}

		case 'step': {
			if (controller.step() === 'nothing-held') {
				notice(nothingHeld(context.latest()));
			}

			break;
		}

		case 'continue': {
			if (!controller.continue()) {
				notice('c leaves step mode, which is off (. enters it)');
			}

			break;
		}

		case 'switch-model':
		case 'add-clients':
		case 'drop-clients':
		case 'toggle-auto':
		case 'toggle-read-once': {
			controller.dispatch(action);
			break;
		}
	}
}
