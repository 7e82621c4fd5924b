// The bytes a non-blocking server owes a client: what a partial send() left behind, in order.

/** A FIFO of byte chunks with a read offset into the first one. */
export class OutputQueue {
	private readonly chunks: Buffer[] = [];
	private head = 0;
	/** Bytes queued and not yet sent. */
	bytes = 0;

	/** Queue a copy of `data` (the caller's buffer is reused for the next recv). */
	push(data: Buffer): void {
		this.chunks.push(Buffer.from(data));
		this.bytes += data.length;
	}

	/** Chunks queued, for the UI's "messages waiting" figure. */
	get messages(): number {
		return this.chunks.length;
	}

	get isEmpty(): boolean {
		return this.bytes === 0;
	}

	/** The unsent part of the first chunk. */
	peek(): Buffer | undefined {
		const first = this.chunks[0];
		return first && (this.head === 0 ? first : first.subarray(this.head));
	}

	/** Mark `count` bytes of the first chunk as sent. */
	consume(count: number): void {
		this.head += count;
		this.bytes -= count;
		if (this.head >= (this.chunks[0]?.length ?? 0)) {
			this.chunks.shift();
			this.head = 0;
		}
	}
}
