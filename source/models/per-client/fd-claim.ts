// Who closes a client's fd when a thread serves it (man 2 close: a number is reused at once): the thread, or the model after it, never both.

const HELD = 0;
const CLOSED_BY_THREAD = 1;
const CLAIMED_BY_MODEL = 2;

/**
 * One client fd, handed to the thread that serves it. The thread closes it when the client
 * leaves; the model closes it only if the thread ended without doing so (an exception, a kill
 * while starting). Deciding by the fd's number is wrong: by the time the model hears that the
 * thread ended, the kernel may have given the same number to a client accepted since (issue 8:
 * fd 89 closed by its thread, accepted again as fd 89, then closed by the old thread's exit
 * handler, and the process aborted soon after). So each fd carries its own claim in shared
 * memory, taken with a compare-and-swap, and exactly one side wins it.
 */
export class FdClaim {
	private readonly state: Int32Array;

	constructor(readonly shared: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
		this.state = new Int32Array(shared);
	}

	/**
	 * The serving thread is about to close the fd. Taken before close(): a thread killed between
	 * the two leaks one fd, which is bounded; taken after, the model could close a reused number.
	 */
	claimForThread(): boolean {
		return Atomics.compareExchange(this.state, 0, HELD, CLOSED_BY_THREAD) === HELD;
	}

	/** After the thread ended: true when it never closed the fd, which is now the model's to close. */
	claimForModel(): boolean {
		return Atomics.compareExchange(this.state, 0, HELD, CLAIMED_BY_MODEL) === HELD;
	}
}
