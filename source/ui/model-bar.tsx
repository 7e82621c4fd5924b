// The model bar: every model with its key, the active one highlighted, its summary in full, address, uptime and CPU.
import {memo} from 'react';
import {Box, Text} from 'ink';
import {keymap} from './keymap.js';
import {models} from '../models/index.js';
import {formatUptime} from './format.js';
import {wrapText} from './wrap-text.js';
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
	/** The model's CPU over the last second (its threads and children), percent of one core. */
	readonly cpuPercent?: number;
	/** System calls per message received, over the last rate window; undefined while none came. */
	readonly syscallsPerMessage?: number;
	/** Set when the model's loop died or a switch failed. */
	readonly failure?: string;
};

const modelKeys = new Map(keymap.flatMap(binding => binding.action.type === 'switch-model' ? [[binding.action.modelId, binding.label] as const] : []));
/** Width of the list with every model named: ` 1 blocking ` each, plus a space between. */
const FULL_WIDTH = models.reduce((sum, model) => sum + `${modelKeys.get(model.id) ?? ' '} ${model.id}`.length + 2, 0);
/** Width of the list with only the active model named. */
function compactWidth(activeId: string): number {
	return models.reduce((sum, model) => sum + (model.id === activeId ? ` ${modelKeys.get(model.id) ?? ' '} ${model.id} `.length : 2), 0);
}

/** Two lines of `text`; the second leaves `reserve` columns free at its end. */
export function twoLines(text: string, width: number, reserve: number): [string, string] {
	const wrapped = wrapText(text, width, {maxLines: 2});
	const second = wrapped[1] ?? '';
	const room = width - reserve;
	return [wrapped[0] ?? '', second.length <= room ? second : `${second.slice(0, Math.max(0, room - 3))}...`];
}

/** Exactly three lines: the models, then what the active one does, with the address, uptime and CPU where they fit. Memoized: its figures (uptime to the second, CPU, sys/msg) move less often than frames are drawn. */
export const ModelBar = memo(function ModelBar({activeId, host, port, uptimeMs, readOnce, width, cpuPercent, syscallsPerMessage, failure}: ModelBarProps) {
	const active = models.find(model => model.id === activeId);
	const cpu = cpuPercent === undefined ? '' : `  cpu ${Math.round(cpuPercent)}%`;
	// The cost of a message in system calls, as bench's sys/msg: what each model's loop makes per echo.
	const calls = syscallsPerMessage === undefined ? '' : `  ${syscallsPerMessage.toFixed(syscallsPerMessage < 10 ? 2 : 0)} sys/msg`;
	const right = `${host}:${port}  up ${formatUptime(uptimeMs)}${cpu}${calls}`;
	const full = FULL_WIDTH <= width;
	const rightOnTop = (full ? FULL_WIDTH : compactWidth(activeId)) + 2 + right.length <= width;
	const title = active?.title ?? activeId;
	const heading = `${title}${readOnce ? ' [read-once]' : ''}`;
	const [first, second] = twoLines(failure ?? `${heading} - ${active?.summary ?? ''}`, width, rightOnTop ? 0 : right.length + 2);
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={tint('gray')} paddingX={1} height={5} flexShrink={0}>
			<Box>
				<Box flexGrow={1}>
					<Text>
						{models.map(model => {
							const key = modelKeys.get(model.id) ?? ' ';
							if (model.id === activeId) {
								return <Text key={model.id} inverse bold color={tint('cyan')}>{` ${key} ${model.id} `}</Text>;
							}

							return <Text key={model.id}>{' '}<Text dimColor>{key}</Text>{full ? ` ${model.id} ` : ''}</Text>;
						})}
					</Text>
				</Box>
				{rightOnTop ? <Text>{right}</Text> : null}
			</Box>
			{failure
				? <Text color={tint('red')}>{first}</Text>
				: (
					// The title opens the first line: bold, with read-once marked.
					<Text>
						<Text bold>{title}</Text>
						{readOnce ? <Text color={tint('yellow')}> [read-once]</Text> : null}
						{first.slice(heading.length)}
					</Text>
				)}
			<Box>
				<Box flexGrow={1}><Text color={failure ? tint('red') : undefined}>{second}</Text></Box>
				{rightOnTop ? null : <Text>{right}</Text>}
			</Box>
		</Box>
	);
});
