// The help overlay: every key and every model, from the keymap and the registry.
import {Box, Text} from 'ink';
import {keymap} from './keymap.js';
import {models} from '../models/index.js';
import {tint} from './theme.js';

/** Full-screen help; `?` or Esc closes it. */
export function HelpOverlay() {
	return (
		<Box flexDirection="column" borderStyle="double" borderColor={tint('cyan')} paddingX={2} paddingY={1}>
			<Text bold color={tint('cyan')}>echo-tui — keys</Text>
			{keymap.map(binding => (
				<Text key={`${binding.label}`}>
					<Text bold>{binding.label.padEnd(8)}</Text>
					{binding.description}
				</Text>
			))}
			<Text> </Text>
			<Text bold color={tint('cyan')}>models</Text>
			{models.map(model => (
				<Text key={model.id} wrap="truncate-end"><Text bold>{model.id.padEnd(13)}</Text>{model.summary}</Text>
			))}
			<Text> </Text>
			<Text dimColor>? or Esc closes this help</Text>
		</Box>
	);
}
