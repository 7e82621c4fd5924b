// Lines stamped on the main thread held back until the model's events, stamped in its worker, have caught up.

/**
 * How long a line may wait for the events before it: the probe flushes at least every 100 ms
 * (25 ms unless busy) and before it blocks, so an event stamped earlier arrives well within this,
 * load permitting.
 */
export const HOLD_MS = 250;

type Held = {
	readonly t: number;
	readonly write: () => void;
};

/**
 * Puts queue samples (taken on the main thread) in time order with the model's events (taken in
 * its worker and delivered in batches up to 100 ms later): a sample is written once an event at
 * least as late has been written, since every event after that is later still, or after `holdMs`
 * when no event comes (an idle server). Events are never held: they come in order already.
 */
export class TimeOrder {
	private readonly held: Held[] = [];
	private timer?: NodeJS.Timeout;

	constructor(private readonly holdMs = HOLD_MS) {}

	/** Write `write`'s line once the events have reached time `t` (ms since the epoch), or after `holdMs`. */
	hold(t: number, write: () => void): void {
		this.held.push({t, write});
		if (this.held.length === 1) {
			this.schedule();
		}
	}

	/** An event stamped `t` is about to be written: first write the held lines that come before it. */
	reached(t: number): void {
		this.releaseUntil(t);
	}

	/** Write every held line now (the model has stopped: no event can come before them any more). */
	releaseAll(): void {
		this.releaseUntil(Number.POSITIVE_INFINITY);
	}

	private releaseUntil(t: number): void {
		if (this.held.length === 0 || this.held[0]!.t > t) {
			return;
		}

		while (this.held.length > 0 && this.held[0]!.t <= t) {
			this.held.shift()!.write();
		}

		this.schedule();
	}

	private schedule(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		const first = this.held[0];
		if (!first) {
			return;
		}

		const wait = Math.max(0, first.t + this.holdMs - Date.now());
		// At least the first line goes: the timer's clock and Date.now() may disagree by a millisecond.
		this.timer = setTimeout(() => this.releaseUntil(Math.max(Date.now() - this.holdMs, first.t)), wait);
		// The hold never keeps the process alive on its own.
		this.timer.unref();
	}
}
