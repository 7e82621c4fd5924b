// The model bar: every model with its key, the active one highlighted, its one-line summary, address and uptime.
import {Box, Text} from 'ink';
import {keymap} from './keymap.js';
import {models} from '../models/index.js';
import {formatUptime} from './format.js';
import {tint} from './theme.js';

export type ModelBarProps = {
	readonly activeId: string;
	readonly host: string;
	readonly port: number;
	/** ms since the active model started. */
	readonly uptimeMs: number;
	readonly readOnce: boolean;
	/** Inner width in columns: below what the full list needs, inactive models show their key only. */
	readonly width: number;
	/** Set when the model's loop died or a switch failed. */
	readonly failure?: string;
};

const modelKeys = new Map(keymap.flatMap(binding => binding.action.type === 'switch-model' ? [[binding.action.modelId, binding.label] as const] : []));
const FULL_WIDTH = models.reduce((sum, model) => sum + `${modelKeys.get(model.id) ?? ' '} ${model.id}`.length + 2, 0);

/** Exactly two lines: the models, then what the active one does. */
export function ModelBar({activeId, host, port, uptimeMs, readOnce, width, failure}: ModelBarProps) {
	const active = models.find(model => model.id === activeId);
	const compact = FULL_WIDTH > width;
	const address = `${host}:${port}  up ${formatUptime(uptimeMs)}`;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={tint('gray')} paddingX={1} height={4} flexShrink={0}>
			<Text wrap="truncate-end">
				{models.map(model => {
					const key = modelKeys.get(model.id) ?? ' ';
					if (model.id === activeId) {
						return <Text key={model.id} inverse bold color={tint('cyan')}>{` ${key} ${model.id} `}</Text>;
					}

					return <Text key={model.id}>{' '}<Text dimColor>{key}</Text>{compact ? ' ' : ` ${model.id} `}</Text>;
				})}
			</Text>
			<Box>
				<Box flexGrow={1}>
					{failure
						? <Text color={tint('red')} wrap="truncate-end">{failure}</Text>
						: (
							<Text wrap="truncate-end">
								<Text bold>{active?.title ?? activeId}</Text>
								{readOnce ? <Text color={tint('yellow')}> [read-once]</Text> : null}
								{` - ${active?.summary ?? ''}`}
							</Text>
						)}
				</Box>
				<Box flexShrink={0} marginLeft={2}>
					<Text>{address}</Text>
				</Box>
			</Box>
		</Box>
	);
}
