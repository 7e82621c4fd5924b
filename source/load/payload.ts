// The bytes each connection sends: one fixed pseudo-random pattern, entered at a per-connection point.

/**
 * The pattern's length. Prime, so it never lines up with a message size or a kernel buffer:
 * an echo that repeats, drops or reorders whole messages or pages still reads as corrupt.
 */
export const patternPeriod = 65_521;

/** Spreads the connections' starting points over the period (any number coprime to it will do). */
const seedStride = 40_503;

/**
 * The expected stream of every connection: byte `offset` of connection `c` is
 * `bytes[start(c, offset)]`, and the next `window` bytes follow contiguously, so a send or a
 * check is one slice of one shared buffer, with nothing allocated per message.
 */
export class Payload {
	/** The pattern, followed by its first `window` bytes again so no slice has to wrap. */
	readonly bytes: Buffer;

	constructor(
		/** The longest slice ever asked for: the most bytes in flight or read at once. */
		readonly window: number,
	) {
		this.bytes = Buffer.allocUnsafe(patternPeriod + window);
		let state = 0x9e37_79b9; // xorshift32 (Marsaglia): cheap, and no byte pattern a server could fake by accident
		for (let index = 0; index < patternPeriod; index++) {
			state ^= state << 13;
			state ^= state >>> 17;
			state ^= state << 5;
			this.bytes[index] = state & 0xff;
		}

		for (let index = 0; index < window; index++) {
			this.bytes[patternPeriod + index] = this.bytes[index % patternPeriod]!;
		}
	}

	/** Where byte `offset` of connection `connection`'s stream is in `bytes`. */
	start(connection: number, offset: number): number {
		return (connection * seedStride + offset) % patternPeriod;
	}

	/** How many of `received[0, length)` differ from `bytes[start, start + length)`; length ≤ window. */
	mismatches(received: Buffer, length: number, start: number): number {
		// The native compare answers the common case (all equal) without a JS loop over the bytes.
		if (received.compare(this.bytes, start, start + length, 0, length) === 0) {
			return 0;
		}

		let count = 0;
		for (let index = 0; index < length; index++) {
			if (received[index] !== this.bytes[start + index]) {
				count++;
			}
		}

		return count;
	}
}
