// The event log's lines: bounded, and each formatted only when first shown (most scroll past unseen at high rates).
import type {ServerEvent, ServerEventKind} from '../../models/probe/events.js';
import {describeEvent} from '../../format/format-event.js';
import type {LogLine} from './snapshot.js';

/** Lines kept: what a paused log can be scrolled back through. */
export const LOG_KEPT = 1000;

/**
 * A line of the log, formatted when its text is first read: a snapshot carries more lines than
 * the panel shows, and at high rates most of them scroll past without ever being drawn.
 */
class Line implements LogLine {
	readonly t: number;
	readonly kind: ServerEventKind;
	private event?: ServerEvent;
	private formatted?: string;

	constructor(event: ServerEvent) {
		this.t = event.t;
		this.kind = event.kind;
		this.event = event;
	}

	get text(): string {
		if (this.formatted === undefined) {
			this.formatted = describeEvent(this.event!);
			this.event = undefined;
		}

		return this.formatted;
	}
}

/** A line as it arrived: the event itself until a snapshot carries it. */
type Entry = ServerEvent | Line;

/**
 * The log's last LOG_KEPT lines. Mutable on purpose: at thousands of events a second an
 * immutable copy per event would cost more than everything else the monitor does.
 */
export class LogBuffer {
	private entries: Entry[] = [];
	private added = 0;

	/** Lines ever added. */
	get total(): number {
		return this.added;
	}

	add(event: ServerEvent): void {
		this.entries.push(event);
		this.added++;
		// Trimmed in bulk: a burst costs O(1) per line.
		if (this.entries.length >= LOG_KEPT * 2) {
			this.entries.splice(0, this.entries.length - LOG_KEPT);
		}
	}

	/** The last `count` lines (at most LOG_KEPT), oldest first; each formatted when its text is read, once. */
	recent(count: number): LogLine[] {
		const start = Math.max(0, this.entries.length - Math.min(count, LOG_KEPT));
		const lines: LogLine[] = [];
		for (let index = start; index < this.entries.length; index++) {
			const entry = this.entries[index]!;
			let line: Line;
			if (entry instanceof Line) {
				line = entry;
			} else {
				line = new Line(entry);
				// Kept: the next frames carry the same lines again, formatted by then if they were shown.
				this.entries[index] = line;
			}

			lines.push(line);
		}

		return lines;
	}
}
