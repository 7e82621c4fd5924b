// What a key does, given what is on screen: the view changes itself, the servers and clients through the controller.
import type {KeyBinding} from './keymap.js';
import type {MonitorSnapshot} from './store/snapshot.js';
import type {ControllerCommand} from './monitor-controller.js';
import type {ViewStateHandle} from './use-view-state.js';

/** How long a notice stays in the footer. */
export const NOTICE_MS = 4000;

/** Everything a key may act on. */
export type KeyContext = {
	readonly view: Pick<ViewStateHandle, 'current' | 'dispatch'>;
	readonly controller: {dispatch(command: ControllerCommand): void; readonly store: {logHistory(): MonitorSnapshot['log']}};
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

/** Do what `binding` asks. */
export function handleKey(binding: KeyBinding, context: KeyContext): void {
	const {view, controller} = context;
	if (view.current().isHelpOpen && helpKey(binding, context)) {
		return;
	}

	const notice = (text: string): void => {
		view.dispatch({type: 'notice', notice: {text, until: Date.now() + NOTICE_MS}});
	};

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
		case 'clear-selection':
		case 'toggle-wide-log': {
			view.dispatch({type: action.type});
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
