// Keyboard wiring: each key press becomes the keymap's action.
import {useInput} from 'ink';
import {findBinding, type MonitorAction} from './keymap.js';

export type UseMonitorKeysOptions = {
	readonly onAction: (action: MonitorAction) => void;
	/** Esc and `?` close the help while it is open; other keys still work. */
	readonly isHelpOpen: boolean;
	readonly onCloseHelp: () => void;
	/** @default true */
	readonly isActive?: boolean;
};

/** Route key presses through the keymap. */
export function useMonitorKeys({onAction, isHelpOpen, onCloseHelp, isActive = true}: UseMonitorKeysOptions): void {
	useInput((input, key) => {
		if (isHelpOpen && key.escape) {
			onCloseHelp();
			return;
		}

		const binding = findBinding(input, key.ctrl);
		if (binding) {
			onAction(binding.action);
		}
	}, {isActive});
}
