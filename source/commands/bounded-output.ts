// Lines to a reader that may stall (a pipe whose reader sleeps): past a bound, detail is counted, not queued.

/** Per kind, how many detailed lines were left out. */
export type SuppressedCounts = Record<string, number>;

/** The part of a writable stream the output uses: stdout, a pipe, a file, a test's stream. */
export type LineSink = Pick<NodeJS.WritableStream, 'write' | 'once' | 'on'> & {
	readonly writableLength: number;
	readonly writableHighWaterMark: number;
};

/** How the output bounds what it queues. */
export type BoundedOutputOptions = {
	/**
	 * Most bytes queued in the process for the reader (on top of what the kernel's pipe holds);
	 * past it detailed lines are counted, not queued. Never below the stream's high-water mark,
	 * so that the stream says 'drain' when it empties.
	 * @default 262_144
	 */
	readonly limitBytes?: number;
	/** The line saying what was left out while the reader was slow, written once it catches up. */
	readonly describeSuppressed: (suppressed: Readonly<SuppressedCounts>) => string;
	/** The stream failed (EPIPE: the reader is gone; EIO: the terminal is gone; ENOSPC: a full disk); nothing is written after. */
	readonly onClosed?: (error: Error) => void;
};

/**
 * Writes lines without ever waiting for the reader and without queueing without bound. Node
 * queues in memory whatever a pipe does not take at once; here, once `limitBytes` are queued,
 * detailed lines are only counted by kind until the stream drains, then one line says how many
 * of each were not shown. Essential lines (listening, errors, the totals) are always queued.
 * A file or a terminal takes every write at once (Node writes to them synchronously), so there
 * the bound never applies.
 */
export class BoundedOutput {
	private readonly limitBytes: number;
	/** Lines gathered in this tick, written as one chunk: one system call per batch, not per line. */
	private chunk = '';
	private stalled = false;
	private closed = false;
	private suppressed: SuppressedCounts = {};
	private suppressedAny = false;
	private leftOutLines = 0;

	constructor(private readonly stream: LineSink, private readonly options: BoundedOutputOptions) {
		this.limitBytes = Math.max(options.limitBytes ?? 262_144, stream.writableHighWaterMark);
		stream.on('error', (error: Error) => {
			this.closed = true;
			this.chunk = '';
			options.onClosed?.(error);
		});
	}

	/** Detailed lines this output left out because the reader was slow (not those a probe summarised). */
	get leftOut(): number {
		return this.leftOutLines;
	}

	/**
	 * Write a detailed line if the reader keeps up, otherwise count it under `kind`. `render` is
	 * called only when the line is written: a stalled reader costs no formatting.
	 */
	detail(kind: string, render: () => string): void {
		if (this.hasRoom()) {
			this.push(render());
		} else if (!this.closed) {
			this.suppressed[kind] = (this.suppressed[kind] ?? 0) + 1;
			this.suppressedAny = true;
			this.leftOutLines++;
		}
	}

	/**
	 * Write a summary someone else made (the probe's), or, when the reader is slow, add its counts
	 * to this output's own: a reader sees every event either in detail or counted, once.
	 */
	summary(suppressed: Readonly<Partial<SuppressedCounts>>, render: () => string): void {
		if (this.hasRoom()) {
			this.push(render());
			return;
		}

		for (const [kind, count] of Object.entries(suppressed)) {
			this.suppressed[kind] = (this.suppressed[kind] ?? 0) + (count ?? 0);
			this.suppressedAny = true;
		}
	}

	/** Write a line that must never be left out, whatever the reader does. */
	essential(text: string): void {
		this.push(text);
	}

	/**
	 * Write the last line, after saying what is still left out, and resolve once the stream has
	 * taken it all (or failed), or after `timeoutMs`: a reader that never reads must not hold the
	 * process. Resolves with whether the line got out.
	 */
	async end(text: string, timeoutMs: number): Promise<boolean> {
		this.writeSuppressed();
		this.push(text);
		const {chunk} = this;
		this.chunk = '';
		if (this.closed) {
			return false;
		}

		// Nothing after the last line: a late batch must not follow the totals.
		this.closed = true;

		let timer: NodeJS.Timeout | undefined;
		return new Promise<boolean>(resolve => {
			timer = setTimeout(() => resolve(false), timeoutMs);
			this.stream.write(chunk, error => resolve(!error));
		}).finally(() => clearTimeout(timer));
	}

	private hasRoom(): boolean {
		if (this.stalled || this.closed) {
			return false;
		}

		if (this.stream.writableLength + this.chunk.length < this.limitBytes) {
			return true;
		}

		// Past the limit the stream is past its high-water mark too, so it will say 'drain'.
		this.stalled = true;
		this.stream.once('drain', () => {
			this.stalled = false;
			this.writeSuppressed();
		});
		return false;
	}

	private writeSuppressed(): void {
		if (!this.suppressedAny) {
			return;
		}

		const suppressed = this.suppressed;
		this.suppressed = {};
		this.suppressedAny = false;
		this.push(this.options.describeSuppressed(suppressed));
	}

	private push(text: string): void {
		if (this.closed) {
			return;
		}

		if (this.chunk === '') {
			queueMicrotask(() => this.writeChunk());
		}

		this.chunk += `${text}\n`;
	}

	private writeChunk(): void {
		const {chunk} = this;
		this.chunk = '';
		if (chunk !== '' && !this.closed) {
			this.stream.write(chunk);
		}
	}
}
