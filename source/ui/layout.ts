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

/** The lesson pane's rows (at 80×24: the claim, the step, what to watch and three checks); from LESSON_TALL_BODY rows of panels, LESSON_TALL_ROWS. */
const LESSON_ROWS = 11;
const LESSON_TALL_ROWS = 12;
const LESSON_TALL_BODY = 30;
/** The fewest rows the clients panel keeps: its title, its header and a few rows (a lesson may take it down to LESSON_CLIENTS_MIN_ROWS). */
const CLIENTS_MIN_ROWS = 7;
const LESSON_CLIENTS_MIN_ROWS = 6;
/** The fewest rows worth giving the lower panels; with less, a lesson pane takes their room. */
const LOWER_MIN_ROWS = 6;

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
	/** Zero rows when a lesson pane has taken the lower panels' room (80×24). */
	readonly log: PanelSize;
	/** The lesson pane, across the width below the clients, during a lesson. */
	readonly lesson?: PanelSize;
	/**
	 * Step mode's held call: one line across the width below the clients (and the lesson pane),
	 * taken from the lower panels, or from the clients when there are none. Only when asked for.
	 */
	readonly heldCall?: PanelSize;
	/** How the lower panels are placed: in a row, readiness over queues beside the log, the log alone, or none. */
	readonly arrangement: 'row' | 'stacked' | 'log' | 'none';
};

/** What the screen holds besides the usual panels. */
export type LayoutOptions = {
	/** The event log alone below the clients, across the width. @default false */
	readonly wideLog?: boolean;
	/** A lesson pane below the clients. @default false */
	readonly lesson?: boolean;
	/** A line for step mode's held call. @default false */
	readonly heldCall?: boolean;
};

/**
 * The clients across the whole width (their rows are wide); below them a lesson's pane, if one
 * is on, then readiness, queue depths and the event log. When the width is short the log keeps
 * it: the queue panel shrinks to its figures and sparklines, and below 100 columns leaves (the
 * clients' title gives the accept queue). `wideLog` gives the log the whole width. A lesson pane
 * takes its rows from the lower panels and the clients; where too few are left for the lower
 * panels (80×24), it takes all of theirs. Step mode's held-call line takes one row of the lower
 * panels (of the clients when a lesson pane has taken those).
 */
export function monitorLayout(columns: number, rows: number, {wideLog = false, lesson = false, heldCall = false}: LayoutOptions = {}): MonitorLayout {
	const height = rows - SPARE_ROWS;
	const body = height - MODEL_BAR_ROWS - FOOTER_ROWS;
	const lessonPane = lesson ? {width: columns, height: body >= LESSON_TALL_BODY ? LESSON_TALL_ROWS : LESSON_ROWS} : undefined;
	const rest = body - (lessonPane?.height ?? 0);
	const held = heldCall ? {heldCall: {width: columns, height: 1}} : {};
	const heldRows = heldCall ? 1 : 0;
	if (lessonPane && rest < LESSON_CLIENTS_MIN_ROWS + LOWER_MIN_ROWS) {
		return {height, clients: {width: columns, height: rest - heldRows}, lesson: lessonPane, ...held, log: {width: columns, height: 0}, arrangement: 'none'};
	}

	const clientsHeight = Math.max(lessonPane ? LESSON_CLIENTS_MIN_ROWS : CLIENTS_MIN_ROWS, Math.round(rest * 0.45));
	const lower = lowerPanels(columns, rest - clientsHeight - heldRows, wideLog);
	return {height, clients: {width: columns, height: clientsHeight}, ...(lessonPane ? {lesson: lessonPane} : {}), ...held, ...lower};
}

/** Readiness, queue depths and the log in `lower` rows. */
function lowerPanels(columns: number, lower: number, wideLog: boolean): Pick<MonitorLayout, 'readiness' | 'queues' | 'log' | 'arrangement'> {
	if (wideLog) {
		return {log: {width: columns, height: lower}, arrangement: 'log'};
	}

	if (columns >= WIDE_COLUMNS) {
		const readiness = Math.floor(columns * 0.3);
		const queues = Math.floor(columns * 0.25);
		return {
			arrangement: 'row',
			readiness: {width: readiness, height: lower},
			queues: {width: queues, height: lower, compact: false},
			log: {width: columns - readiness - queues, height: lower},
		};
	}

	if (lower >= STACK_MIN_ROWS) {
		const left = Math.max(40, Math.floor(columns * 0.42));
		const readinessHeight = Math.ceil(lower / 2);
		return {
			arrangement: 'stacked',
			readiness: {width: left, height: readinessHeight},
			queues: {width: left, height: lower - readinessHeight, compact: true},
			log: {width: columns - left, height: lower},
		};
	}

	if (columns < QUEUES_MIN_COLUMNS) {
		const readiness = Math.floor(columns * 0.45);
		return {arrangement: 'row', readiness: {width: readiness, height: lower}, log: {width: columns - readiness, height: lower}};
	}

	const readiness = Math.floor(columns * 0.36);
	return {
		arrangement: 'row',
		readiness: {width: readiness, height: lower},
		queues: {width: COMPACT_QUEUES_COLUMNS, height: lower, compact: true},
		log: {width: columns - readiness - COMPACT_QUEUES_COLUMNS, height: lower},
	};
}
