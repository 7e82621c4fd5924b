// The footer: the keys, from the keymap, on one line (cut at the edge rather than wrapped: the layout is exact).
import {Box, Text} from 'ink';
import {keymap, type KeyBinding} from './keymap.js';

const modelKeys = keymap.filter(binding => binding.action.type === 'switch-model').map(binding => binding.label);
// Quit and help first: on a narrow terminal the line is cut at the right, and those two must stay.
const FIRST: ReadonlyArray<KeyBinding['action']['type']> = ['quit', 'toggle-help'];
const shown = keymap.filter(binding => binding.short);
const ordered = [
	...FIRST.flatMap(type => shown.filter(binding => binding.action.type === type)),
	...shown.filter(binding => !FIRST.includes(binding.action.type)),
];

/** One line: quit and help, the model keys, then every other binding with a short label. */
export function Footer() {
	return (
		<Box paddingX={1} height={1}>
			<Text wrap="truncate-end">
				{ordered.slice(0, 2).map(binding => (
					<Text key={binding.label}><Text bold>{binding.label}</Text>{` ${binding.short}  `}</Text>
				))}
				<Text bold>{`${modelKeys[0]}-${modelKeys.at(-1)}`}</Text>
				{' model'}
				{ordered.slice(2).map(binding => (
					<Text key={binding.label}>{'  '}<Text bold>{binding.label}</Text>{` ${binding.short}`}</Text>
				))}
			</Text>
		</Box>
	);
}
