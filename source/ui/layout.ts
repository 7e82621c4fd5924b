// Where each panel goes for a terminal size: exact rows and columns, so no panel is ever clipped by Ink.

/** Lines of the model bar: border, the models, two lines of summary. */
export const MODEL_BAR_ROWS = 5;
/** The footer's line. */
export const FOOTER_ROWS = 1;
/**
 * The screen is drawn one row short of the terminal: output as tall as the terminal makes Ink
 * clear and redraw everything each frame instead of updating in place.
 */
export const SPARE_ROWS = 1;
/** Rows a panel's border and title take. */
export const PANEL_CHROME_ROWS = 3;
/** Width of the queue panel when it yields the width to the log. */
export const COMPACT_QUEUES_COLUMNS = 26;
/** From this width the readiness, queue and log panels sit side by side with a full queue chart. */
export const WIDE_COLUMNS = 150;
/** From this height of the lower half the readiness and queue panels stack, and the log takes the rest of the width. */
const STACK_MIN_ROWS = 16;
/** Below this width there is no room for a queue panel beside readiness and the log: its figures go to the clients' title. */
const QUEUES_MIN_COLUMNS = 100;

/** A panel's outer size; a missing panel is not drawn. */
export type PanelSize = {readonly width: number; readonly height: number};

/** The size of every panel for one terminal size. */
export type MonitorLayout = {
	/** Rows the whole screen takes. */
	readonly height: number;
	readonly clients: PanelSize;
	readonly readiness?: PanelSize;
	/** `compact`: sparklines only, no braille chart. */
	readonly queues?: PanelSize & {readonly compact: boolean};
	readonly log: PanelSize;
	/** How the lower panels are placed: in a row, readiness over queues beside the log, or the log alone. */
	readonly arrangement: 'row' | 'stacked' | 'log';
};

/**
 * The clients across the whole width (their rows are wide); below them readiness, queue depths
 * and the event log. When the width is short the log keeps it: the queue panel shrinks to its
 * figures and sparklines, and below 100 columns leaves (the clients' title gives the accept
 * queue). `wideLog` gives the log the whole width.
 */
export function monitorLayout(columns: number, rows: number, wideLog: boolean): MonitorLayout {
	const height = rows - SPARE_ROWS;
	const body = height - MODEL_BAR_ROWS - FOOTER_ROWS;
	const clientsHeight = Math.max(7, Math.round(body * 0.45));
	const lower = body - clientsHeight;
	const clients = {width: columns, height: clientsHeight};
	if (wideLog) {
		return {height, clients, log: {width: columns, height: lower}, arrangement: 'log'};
	}

	if (columns >= WIDE_COLUMNS) {
		const readiness = Math.floor(columns * 0.3);
		const queues = Math.floor(columns * 0.25);
		return {
			height, clients, arrangement: 'row',
			readiness: {width: readiness, height: lower},
			queues: {width: queues, height: lower, compact: false},
			log: {width: columns - readiness - queues, height: lower},
		};
	}

	if (lower >= STACK_MIN_ROWS) {
		const left = Math.max(40, Math.floor(columns * 0.42));
		const readinessHeight = Math.ceil(lower / 2);
		return {
			height, clients, arrangement: 'stacked',
			readiness: {width: left, height: readinessHeight},
			queues: {width: left, height: lower - readinessHeight, compact: true},
			log: {width: columns - left, height: lower},
		};
	}

	if (columns < QUEUES_MIN_COLUMNS) {
		const readiness = Math.floor(columns * 0.45);
		return {height, clients, arrangement: 'row', readiness: {width: readiness, height: lower}, log: {width: columns - readiness, height: lower}};
	}

	const readiness = Math.floor(columns * 0.36);
	return {
		height, clients, arrangement: 'row',
		readiness: {width: readiness, height: lower},
		queues: {width: COMPACT_QUEUES_COLUMNS, height: lower, compact: true},
		log: {width: columns - readiness - COMPACT_QUEUES_COLUMNS, height: lower},
	};
}
