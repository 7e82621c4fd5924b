// Checks an echo stream against what was sent: every byte, in order.

/** What came back so far, checked. */
export type EchoTally = {
	/** Bytes received that matched what was sent at that position. */
	readonly matched: number;
	/** Bytes received that differed from what was sent at that position, or that were never sent. */
	readonly mismatched: number;
	/** Bytes sent and not echoed yet. */
	readonly pending: number;
};

/**
 * Keeps the bytes sent and not yet echoed, and compares each received chunk with them.
 * A mismatch is counted per byte and the stream stays aligned by position.
 */
export class EchoCheck {
	private readonly outstanding: Buffer[] = [];
	private head = 0;
	private pendingBytes = 0;
	private matchedBytes = 0;
	private mismatchedBytes = 0;

	/** Record bytes as sent. */
	sent(data: Buffer): void {
		this.outstanding.push(data);
		this.pendingBytes += data.length;
	}

	/** Compare received bytes with the oldest outstanding ones. Returns how many mismatched. */
	received(data: Buffer): number {
		let mismatches = 0;
		let offset = 0;
		while (offset < data.length) {
			const expected = this.outstanding[0];
			if (!expected) {
				mismatches += data.length - offset; // Bytes nobody sent.
				break;
			}

			const count = Math.min(expected.length - this.head, data.length - offset);
			for (let index = 0; index < count; index++) {
				if (expected[this.head + index] !== data[offset + index]) {
					mismatches++;
				}
			}

			offset += count;
			this.head += count;
			this.pendingBytes -= count;
			if (this.head === expected.length) {
				this.outstanding.shift();
				this.head = 0;
			}
		}

		this.mismatchedBytes += mismatches;
		this.matchedBytes += data.length - mismatches;
		return mismatches;
	}

	get tally(): EchoTally {
		return {matched: this.matchedBytes, mismatched: this.mismatchedBytes, pending: this.pendingBytes};
	}
}
