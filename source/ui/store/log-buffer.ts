// The event log's lines: bounded, and each formatted only when first shown (most scroll past unseen at high rates).
import type {ServerEvent} from '../../models/probe/events.js';
import {describeEvent} from '../../format/format-event.js';
import type {LogLine} from './snapshot.js';

/** Lines kept: what a paused log can be scrolled back through. */
export const LOG_KEPT = 1000;

/** A line as it arrived: the event itself until someone shows it. */
type Entry = ServerEvent | LogLine;

/**
 * The lines already formatted. Known by identity, not by shape: an event may carry a `text` of
 * its own (a `step` event's call), which is not its line (`#12 recv(...)`).
 */
const formatted = new WeakSet<LogLine>();

function isLine(entry: Entry): entry is LogLine {
	return formatted.has(entry as LogLine);
}

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

	/** The last `count` lines (at most LOG_KEPT), oldest first, formatted. */
	recent(count: number): LogLine[] {
		const start = Math.max(0, this.entries.length - Math.min(count, LOG_KEPT));
		const lines: LogLine[] = [];
		for (let index = start; index < this.entries.length; index++) {
			const entry = this.entries[index]!;
			let line: LogLine;
			if (isLine(entry)) {
				line = entry;
			} else {
				line = {t: entry.t, kind: entry.kind, text: describeEvent(entry)};
				// Kept formatted: the next frames show the same lines again.
				formatted.add(line);
				this.entries[index] = line;
			}

			lines.push(line);
		}

		return lines;
	}
}
