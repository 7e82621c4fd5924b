// The lines `serve` adds to the model's events: what a slow reader missed, and the totals at exit.
import type {Counters} from '../models/probe/events.js';
import type {SuppressedCounts} from './bounded-output.js';
import {clock} from '../format/format-event.js';

/** What `serve` did from start to exit, for its last line. */
export type ServeTotals = {
	/** When the totals were taken, ms since the epoch. */
	readonly t: number;
	readonly model: string;
	/** The model's running totals, as its last batch carried them. */
	readonly counters: Readonly<Counters>;
	/** Detailed events the probe left out of its batches (faster than anyone can read), counted. */
	readonly summarisedByProbe: number;
	/** Detailed lines left out because the reader of the output was slow, counted. */
	readonly summarisedByOutput: number;
};

const number = (value: number): string => value.toLocaleString('en-US');

/** `+12,345 recv, +12,000 send` */
function describeCounts(suppressed: Readonly<SuppressedCounts>): string {
	return Object.entries(suppressed).map(([kind, count]) => `+${number(count)} ${kind}`).join(', ');
}

/** The line saying which lines a slow reader was not shown, as NDJSON or for a person. */
export function formatSlowReader(suppressed: Readonly<SuppressedCounts>, t: number, json: boolean): string {
	return json
		? JSON.stringify({kind: 'summary', reason: 'slow-reader', suppressed, t})
		: `${clock(t)} ${'summary'.padEnd(11)} ${describeCounts(suppressed)} not shown: the reader was slow`;
}

/** The last line of `serve`, as NDJSON (`{"kind":"totals",...}`) or for a person. */
export function formatTotals({t, model, counters, summarisedByProbe, summarisedByOutput}: ServeTotals, json: boolean): string {
	if (json) {
		return JSON.stringify({kind: 'totals', model, ...counters, summarised: {probe: summarisedByProbe, output: summarisedByOutput}, t});
	}

	const {accepted, closed, refused, recvBytes, recvCalls, sendBytes, sendCalls, errors} = counters;
	return `${clock(t)} ${'totals'.padEnd(11)} ${model}  accepted ${number(accepted)}  closed ${number(closed)}  refused ${number(refused)}`
		+ `  in ${number(recvBytes)} B in ${number(recvCalls)} recv  out ${number(sendBytes)} B in ${number(sendCalls)} send`
		+ `  errors ${number(errors)}  summarised ${number(summarisedByProbe)} by the probe, ${number(summarisedByOutput)} for a slow reader`;
}
