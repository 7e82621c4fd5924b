// The event log: the latest events, newest at the bottom; high rates arrive summarised, never silently dropped.
import {Text} from 'ink';
import type {LogLine} from './store/snapshot.js';
import type {ServerEventKind} from '../models/probe/events.js';
import {clock} from '../format/format-event.js';
import {Panel, contentRows} from './panel.js';
import {wrapText} from './wrap-text.js';
import {tint} from './theme.js';

export type EventLogProps = {
	/** Lines, oldest first: the live log, or the paused one. */
	readonly lines: readonly LogLine[];
	/** The panel's rows, border included. */
	readonly height: number;
	/** Inner width in columns. */
	readonly width: number;
	/** Set while the screen is paused. */
	readonly paused?: {
		/** Lines scrolled back from the newest. */
		readonly scroll: number;
		/** Events that arrived since the pause. */
		readonly unseen: number;
	};
};

const KIND_COLOR: Partial<Record<ServerEventKind, 'green' | 'yellow' | 'red' | 'magenta' | 'blue' | 'cyan'>> = {
	accepted: 'green', closed: 'yellow', refused: 'red', error: 'red', summary: 'magenta', readiness: 'blue', listening: 'green', 'model-started': 'cyan',
};

const TITLE = 'event log';
const LIVE_NOTE = 'space pauses the screen';
/** Below this width the time loses its hours and the kind its padding. */
const NARROW = 56;
/** Lines one event may take: a long one wraps once, then is cut. */
const LINES_PER_EVENT = 2;

/** An event's screen lines: time, kind, detail, wrapped under the detail's start. */
export function logLineRows(line: LogLine, width: number): string[] {
	const narrow = width < NARROW;
	const time = narrow ? clock(line.t).slice(6) : clock(line.t);
	const head = `${time} ${narrow ? line.kind : line.kind.padEnd(11)} `;
	return wrapText(`${head}${line.text}`, width, {indent: ' '.repeat(narrow ? 2 : Math.min(head.length, Math.floor(width / 3))), maxLines: LINES_PER_EVENT});
}

/** The last lines that fit (or, paused, those scrolled to). */
export function EventLog({lines, height, width, paused}: EventLogProps) {
	const live = TITLE.length + 2 + LIVE_NOTE.length <= width ? LIVE_NOTE : 'space pauses';
	const note = paused ? `PAUSED${paused.scroll > 0 ? `, ${paused.scroll} back` : ''}, ${paused.unseen} new` : live;
	const room = contentRows(height, TITLE, note, width);
	const end = lines.length - (paused?.scroll ?? 0);
	const rows: Array<{readonly key: string; readonly kind: ServerEventKind; readonly text: string}> = [];
	// From the newest shown back, until the panel is full: only what is shown gets formatted.
	for (let index = end - 1; index >= 0 && rows.length < room; index--) {
		const line = lines[index]!;
		const wrapped = logLineRows(line, width);
		for (let part = wrapped.length - 1; part >= 0 && rows.length < room; part--) {
			rows.unshift({key: `${index}-${part}`, kind: line.kind, text: wrapped[part]!});
		}
	}

	return (
		<Panel title={TITLE} note={note} width={width}>
			{rows.map(row => (
				<Text key={row.key} color={tint(KIND_COLOR[row.kind] ?? 'gray')}>{row.text}</Text>
			))}
		</Panel>
	);
}
