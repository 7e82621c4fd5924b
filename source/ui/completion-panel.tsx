// The completion panel: the readiness panel of io_uring, one line per io_uring_enter call with what it submitted and reaped.
import {Text} from 'ink';
import type {RingEnter, RingRates, RingSetup} from './store/snapshot.js';
import type {RingCompletions} from '../models/probe/events.js';
import {Panel, contentRows} from './panel.js';
import {cell, formatCount} from './format.js';
import {formatBytes} from '../format/bytes.js';
import {formatMicros} from '../format/duration.js';
import {wrapText} from './wrap-text.js';

export type CompletionPanelProps = {
	readonly setup: RingSetup;
	readonly recent: readonly RingEnter[];
	/** Undefined until a full rate window has passed. */
	readonly rates?: RingRates;
	/** The panel's rows, border included. */
	readonly height: number;
	/** Inner width in columns. */
	readonly width: number;
};

const TITLE = 'completions';
const OPERATIONS = ['accept', 'recv', 'send', 'other'] as const satisfies ReadonlyArray<keyof RingCompletions>;

/** `recv 2, send 1` (`r2 s1` when short): the operations that completed, in a fixed order. */
function describeCompletions(completions: Readonly<RingCompletions>, short: boolean): string {
	return OPERATIONS.filter(op => completions[op] > 0)
		.map(op => short ? `${op[0]}${completions[op]}` : `${op} ${completions[op]}`)
		.join(short ? ' ' : ', ');
}

/** Below this width the lines take their narrow form, every line alike: `1->3 (r2 s1) 7 45 us`. */
const NARROW = 44;

/**
 * `1 -> 3 (recv 2, send 1)  in flight 7  45 us`: submitted -> completed (by operation), in
 * flight, the call's time; the operations as letters when they do not fit, and below NARROW
 * columns the narrow form the legend then describes.
 */
export function describeEnter(call: RingEnter, width = Number.POSITIVE_INFINITY): string {
	const time = formatMicros(call.durationUs);
	const short = describeCompletions(call.completions, true);
	const split = (ops: string): string => ops ? ` (${ops})` : '';
	if (width < NARROW) {
		return `${call.submitted}->${call.completed}${split(short)} ${call.inFlight} ${time}`;
	}

	const long = `${call.submitted} -> ${call.completed}${split(describeCompletions(call.completions, false))}  in flight ${call.inFlight}  ${time}`;
	return long.length <= width ? long : `${call.submitted} -> ${call.completed}${split(short)}  in flight ${call.inFlight}  ${time}`;
}

/**
 * The title's note: enter calls and completions per second, and the completions by operation,
 * in the first form that fits the width (beside the title, or on its own line: never cut). When
 * none with the operations fits, they get a line of their own (`split`).
 */
export function describeRates(rates: RingRates | undefined, width: number): {readonly note: string; readonly split?: string} {
	const count = (value: number | undefined): string => formatCount(value ?? 0);
	const [calls, cqes] = [count(rates?.enterCalls), count(rates?.completed)];
	const [accept, recv, send] = [count(rates?.accept), count(rates?.recv), count(rates?.send)];
	const letters = `a${accept} r${recv} s${send}`;
	const forms = [
		`${calls} enter/s  ${cqes} cqe/s (accept ${accept}, recv ${recv}, send ${send})`,
		`${calls} enter/s  ${cqes} cqe/s: accept ${accept} recv ${recv} send ${send}`,
		`${calls} enter/s ${cqes} cqe/s ${letters}`,
	];
	const note = forms.find(form => form.length <= width);
	return note ? {note} : {note: `${calls} enter/s ${cqes} cqe/s`, split: `per s: ${letters}`};
}

/** The legend, wrapped: what a call's line says (in the words its lines use at this width), then the ring's flags. */
export function describeLegend(setup: RingSetup, width: number): string[] {
	const meaning = width >= 66
		? 'submitted -> completed (by operation), in flight, the call\'s time'
		: (width >= NARROW ? 'sub -> cqe (by op: a/r/s), in flight, time' : 'sub->cqe (a/r/s) in flight, time');
	// CQSIZE only says the CQ's size was asked for; the sizes themselves are on screen. Left out, the
	// flags that change what the kernel does fit two lines of the panel at 120 columns.
	const shown = setup.flags.filter(flag => flag !== 'CQSIZE');
	const flags = shown.length > 0 ? shown.join(' ') : 'flags unknown';
	// The sizes are the queue panel's too ("sq 1 of 64"); said here, with the buffers, only where there is room.
	const buffers = setup.bufferCount > 0 ? `, ${setup.bufferCount} buffers of ${formatBytes(setup.bufferBytes)}` : '';
	const sizes = width >= 66 ? `; sq ${setup.sqSize}, cq ${setup.cqSize}${buffers}` : '';
	const ring = `ring ${flags}${sizes}`;
	// The flags alone when only their label would push them onto a second line.
	const named = ring.length > width && flags.length <= width ? flags : ring;
	return [...wrapText(meaning, width, {indent: '  '}), ...wrapText(named, width, {indent: '  '})];
}

/** Calls kept on screen however short the panel: the legend's last lines give way first. */
const MIN_CALLS = 2;

/** Each io_uring_enter call of the io_uring model: what it handed the kernel and what came back, by operation. */
export function CompletionPanel({setup, recent, rates, height, width}: CompletionPanelProps) {
	const {note, split} = describeRates(rates, width);
	const lines = contentRows(height, TITLE, note, width);
	const legend = [...(split ? wrapText(split, width) : []), ...describeLegend(setup, width)];
	// On a terminal too short for both, two calls stay on screen (one is often the wait that ends a
	// burst, which completes nothing): the legend gives up its last lines.
	const legendLines = legend.slice(0, Math.max(0, Math.min(legend.length, lines - Math.min(MIN_CALLS, lines))));
	const room = Math.max(0, lines - legendLines.length);
	return (
		<Panel title={TITLE} note={note} width={width}>
			{legendLines.map(line => <Text key={line} dimColor>{line}</Text>)}
			{room > 0 && recent.length === 0 ? <Text dimColor>{cell('no enter calls yet', width)}</Text> : null}
			{(room > 0 ? recent.slice(-room) : []).map((call, index) => (
				// Enter calls have no identity of their own; a row is its place in the window.
				<Text key={index}>{cell(describeEnter(call, width), width)}</Text>
			))}
		</Panel>
	);
}
