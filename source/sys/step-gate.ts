// Step mode's gate: a few Int32 words of shared memory a thread waits on with Atomics.wait (man 2 futex).

/** The word `watchCalls` reads on every call: non-zero while stepping. */
export const STEPPING = 0;
/** The sequence number of the call held at the gate now; 0 when none is. */
const HELD = 1;
/** The sequence number of the last call let through. */
const RELEASED = 2;
/** Changed by everything that may open the gate; a held thread waits on this word alone. */
const WAKE = 3;
/** The run is stopping: every call passes, none is held or announced. */
const STOPPED = 4;
const WORDS = 5;

/** Atomics.waitAsync (Node 16 and later), missing from the ES2023 library this project compiles against. */
const waitAsync = (Atomics as unknown as {
	waitAsync(array: Int32Array, index: number, value: number): {async: false; value: string} | {async: true; value: Promise<string>};
}).waitAsync;

/**
 * Both sides of step mode. The engine's thread switches it on and off, lets the held call
 * through (`step`) and opens it at stop; the model's thread holds each call at it until then. The
 * words live in a SharedArrayBuffer posted to the model's worker, as Control's flags do.
 */
export class StepGate {
	/** The shared words; `words[STEPPING]` is the switch `watchCalls` reads. */
	readonly words: Int32Array;

	constructor(readonly shared: SharedArrayBuffer) {
		this.words = new Int32Array(shared);
	}

	/** A closed gate with stepping off. */
	static create(): StepGate {
		return new StepGate(new SharedArrayBuffer(WORDS * Int32Array.BYTES_PER_ELEMENT));
	}

	/** Whether the calls stop at the gate. */
	get stepping(): boolean {
		return Atomics.load(this.words, STEPPING) === 1;
	}

	/** Switch step mode on, or off (which lets a held call through at once). */
	set stepping(on: boolean) {
		Atomics.store(this.words, STEPPING, on ? 1 : 0);
		this.wake();
	}

	/** The sequence number of the call held now, 0 when none is (the thread is running, or blocked inside a call). */
	get held(): number {
		return Atomics.load(this.words, HELD);
	}

	/**
	 * Let the call held now through; the thread's next call is held in its turn. False when no call
	 * is held: a step asked for while the thread is still inside a call is not saved up for later.
	 */
	step(): boolean {
		const held = Atomics.load(this.words, HELD);
		if (held === 0) {
			return false;
		}

		Atomics.store(this.words, RELEASED, held);
		this.wake();
		return true;
	}

	/** Open the gate for good (the run is stopping): a held call proceeds, later ones pass unannounced. */
	stop(): void {
		Atomics.store(this.words, STOPPED, 1);
		this.wake();
	}

	/** Whether a call passes without being held or announced: stepping off, or stopping. */
	get passing(): boolean {
		return Atomics.load(this.words, STEPPING) === 0 || Atomics.load(this.words, STOPPED) === 1;
	}

	/**
	 * Model side: mark call `seq` held, run `announce` (held first, so a step that follows the
	 * announcement at once finds it), then block this thread until the call may proceed: a step,
	 * stepping off, or stop.
	 */
	hold(seq: number, announce: () => void): void {
		Atomics.store(this.words, HELD, seq);
		announce();
		for (;;) {
			// Read before the check: a wake between the check and the wait changes the word, so the wait returns at once.
			const wake = Atomics.load(this.words, WAKE);
			if (this.opened(seq)) {
				break;
			}

			Atomics.wait(this.words, WAKE, wake);
		}

		Atomics.compareExchange(this.words, HELD, seq, 0);
	}

	/**
	 * Model side, for a call started on libuv's pool (`.async`): as `hold`, but resolves once call `seq` may start.
	 * The thread's event loop runs on meanwhile (a fork model's parent goes on reading its
	 * children's reports and reaping them); only the call waits.
	 */
	async holdAsync(seq: number, announce: () => void): Promise<void> {
		Atomics.store(this.words, HELD, seq);
		announce();
		for (;;) {
			const wake = Atomics.load(this.words, WAKE);
			if (this.opened(seq)) {
				break;
			}

			const waiting = waitAsync(this.words, WAKE, wake);
			if (waiting.async) {
				await waiting.value;
			}
		}

		Atomics.compareExchange(this.words, HELD, seq, 0);
	}

	private opened(seq: number): boolean {
		return this.passing || Atomics.load(this.words, RELEASED) >= seq;
	}

	private wake(): void {
		Atomics.add(this.words, WAKE, 1);
		Atomics.notify(this.words, WAKE);
	}
}
