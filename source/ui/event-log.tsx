// The event log: the latest events, newest at the bottom; high rates arrive summarised, never silently dropped.
import {Text} from 'ink';
import type {LogLine} from './monitor-store.js';
import type {ServerEvent} from '../models/events.js';
import {Panel} from './panel.js';
import {tint} from './theme.js';

export type EventLogProps = {
	readonly lines: readonly LogLine[];
	readonly maxRows: number;
	readonly paused: boolean;
	readonly unseen: number;
};

const KIND_COLOR: Partial<Record<ServerEvent['kind'], 'green' | 'yellow' | 'red' | 'magenta' | 'blue'>> = {
	accepted: 'green', closed: 'yellow', refused: 'red', error: 'red', summary: 'magenta', readiness: 'blue', listening: 'green',
};

/** The last lines that fit. */
export function EventLog({lines, maxRows, paused, unseen}: EventLogProps) {
	const note = paused ? `PAUSED, ${unseen} new` : 'space pauses';
	return (
		<Panel title="event log" note={note}>
			{lines.slice(-Math.max(0, maxRows)).map((line, index) => (
				<Text key={index} wrap="truncate-end" color={tint(KIND_COLOR[line.kind] ?? 'gray')}>{line.text}</Text>
			))}
		</Panel>
	);
}
