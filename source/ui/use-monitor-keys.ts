// Keyboard wiring: every key of every chunk of input becomes the keymap's binding, in order.
import {useInput} from 'ink';
import {bindingsOf, specialKey, type KeyBinding} from './keymap.js';

export type UseMonitorKeysOptions = {
	/** Called once per key, in the order typed, several times for a chunk (`nnn`). */
	readonly onKey: (binding: KeyBinding) => void;
	/** @default true */
	readonly isActive?: boolean;
};

/** Route key presses through the keymap. */
export function useMonitorKeys({onKey, isActive = true}: UseMonitorKeysOptions): void {
	useInput((input, key) => {
		// Ink reports Esc itself with meta set too: only a key that typed something can carry an Esc before it.
		for (const binding of bindingsOf(input, key.ctrl, specialKey(key), key.meta && !key.escape)) {
			onKey(binding);
		}
	}, {isActive});
}
