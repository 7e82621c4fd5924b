// What a `serve --json` process said, tallied line by line: connections in and out, refusals, errors, its totals.

/** The `{"kind":"totals",...}` line `serve` prints at exit, with the model's exact counters. */
export type ServeTotals = {
	readonly accepted: number;
	readonly closed: number;
	readonly refused: number;
	readonly errors: number;
	readonly recvBytes: number;
	readonly sendBytes: number;
};

/** One parsed line: only the fields the soak reads. */
type Line = {
	readonly kind?: string;
	readonly port?: number;
	readonly code?: string;
	readonly syscall?: string;
	readonly detail?: string;
	readonly suppressed?: Readonly<Record<string, number>>;
} & Partial<ServeTotals>;

/**
 * Tallies of a server's NDJSON output. Detailed events are counted one by one and the ones left
 * out (by the probe when they come too fast, by `serve` when its reader is slow) from the
 * `summary` lines that say how many of each kind, so the counts are exact either way.
 */
export class ServeLog {
	/** The port of the `listening` line, once it came. */
	port?: number;
	accepted = 0;
	closed = 0;
	refused = 0;
	/** Error events by `syscall code`, as shown (`accept4 EMFILE`). */
	readonly errors = new Map<string, number>();
	/** Error events counted in summaries only: their codes were not shown. */
	unshownErrors = 0;
	/** The first detail of each error (`accept4 EMFILE`), for the report. */
	readonly details = new Map<string, string>();
	/** The totals line, once the server has exited cleanly. */
	totals?: ServeTotals;
	/** Lines that were not JSON (a crash's stack on stdout, say), the first few kept. */
	readonly garbage: string[] = [];

	/** Take one line of output. */
	add(text: string): void {
		let line: Line;
		try {
			line = JSON.parse(text) as Line;
		} catch {
			if (this.garbage.length < 5) {
				this.garbage.push(text.slice(0, 200));
			}

			return;
		}

		switch (line.kind) {
			case 'listening': {
				this.port ??= line.port;
				break;
			}

			case 'accepted': {
				this.accepted++;
				break;
			}

			case 'closed': {
				this.closed++;
				break;
			}

			case 'refused': {
				this.refused++;
				break;
			}

			case 'error': {
				const name = `${line.syscall ?? '?'} ${line.code ?? '?'}`;
				this.errors.set(name, (this.errors.get(name) ?? 0) + 1);
				if (!this.details.has(name)) {
					this.details.set(name, line.detail ?? '');
				}

				break;
			}

			case 'summary': {
				const suppressed = line.suppressed ?? {};
				this.accepted += suppressed.accepted ?? 0;
				this.closed += suppressed.closed ?? 0;
				this.refused += suppressed.refused ?? 0;
				this.unshownErrors += suppressed.error ?? 0;
				break;
			}

			case 'totals': {
				this.totals = line as ServeTotals;
				break;
			}

			default: {
				break; // Every other kind (recv, send, readiness, ...) says nothing about the checks.
			}
		}
	}

	/** Error events whose code is one of `codes`, with their count. */
	errorsWith(codes: readonly string[]): string[] {
		return [...this.errors].filter(([name]) => codes.some(code => name.endsWith(` ${code}`))).map(([name, count]) => `${name} ×${count}`);
	}

	/** Every error event, `name ×count`, the unshown ones last. */
	errorSummary(): string[] {
		const shown = [...this.errors].map(([name, count]) => `${name} ×${count}`);
		return this.unshownErrors > 0 ? [...shown, `${this.unshownErrors} more not shown (summarised)`] : shown;
	}
}
