// The footer: the keys, from the keymap, on one line (cut at the edge rather than wrapped: the layout is exact).
import {Box, Text} from 'ink';
import {keymap} from './keymap.js';

const modelKeys = keymap.filter(binding => binding.action.type === 'switch-model').map(binding => binding.label);

/** One line: model keys, then every binding with a short label. */
export function Footer() {
	return (
		<Box paddingX={1} height={1}>
			<Text wrap="truncate-end">
				<Text bold>{`${modelKeys[0]}-${modelKeys.at(-1)}`}</Text>
				{' model'}
				{keymap.filter(binding => binding.short).map(binding => (
					<Text key={binding.label}>{'  '}<Text bold>{binding.label}</Text>{` ${binding.short}`}</Text>
				))}
			</Text>
		</Box>
	);
}
