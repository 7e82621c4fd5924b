// Records what is written to the terminal as an asciicast v2 file (https://docs.asciinema.org/manual/asciicast/v2/), the format asciinema plays and agg turns into a GIF.
import fs from 'node:fs';
import {StringDecoder} from 'node:string_decoder';
import {UsageError} from '../util/usage-error.js';

/** Queued event text past which the file is written synchronously: memory stays bounded whatever the disk does. */
const MAX_QUEUED_CHARS = 1024 * 1024;

/** How long events wait to be written together: a frame is many small writes. */
const FLUSH_MS = 100;

/** Why a path cannot be recorded to, in words, by errno. */
const REASONS: Readonly<Record<string, string>> = {
	ENOENT: 'no such directory',
	ENOTDIR: 'a part of the path is not a directory',
	EISDIR: 'it is a directory',
	EACCES: 'not allowed to write there',
	EPERM: 'not allowed to write there',
	EROFS: 'read-only file system',
	ENOSPC: 'no space left on the device',
};

/** The header line: what a player needs before the first event. */
export type AsciicastHeader = {
	readonly version: 2;
	/** Columns of the terminal when the recording started. */
	readonly width: number;
	/** Rows of the terminal when the recording started. */
	readonly height: number;
	/** Unix time of the start, in seconds. */
	readonly timestamp: number;
	/** The terminal's TERM and SHELL, as asciinema records them. */
	readonly env: Readonly<Record<string, string>>;
};

/** One event line: seconds since the start, "o" (output) or "r" (resize, "COLSxROWS"), and its data. */
export type AsciicastEvent = readonly [time: number, code: 'o' | 'r', data: string];

type Write = NodeJS.WriteStream['write'];

/** One line for the user: why `path` cannot be recorded to. */
function describeFileError(path: string, error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
	return `cannot record to ${path}: ${REASONS[code] ?? 'the file cannot be written'} (${code})`;
}

/**
 * Tees every write to a terminal stream into an asciicast v2 file. The file is opened and the
 * header written at once, so a path that cannot be written fails before anything starts. Events
 * are queued and written together (asynchronously, at explicit offsets, so a synchronous write
 * when the queue is full cannot reorder them).
 */
export class AsciicastRecorder {
	/**
	 * Open `path` and start recording `stream`. Throws a UsageError (one line, exit status 2)
	 * when the file cannot be created.
	 */
	static start(path: string, stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): AsciicastRecorder {
		const header: AsciicastHeader = {
			version: 2,
			width: stream.columns || 80,
			height: stream.rows || 24,
			timestamp: Math.floor(Date.now() / 1000),
			env: Object.fromEntries(['TERM', 'SHELL'].flatMap(name => env[name] === undefined ? [] : [[name, env[name]!]])),
		};
		const bytes = Buffer.from(`${JSON.stringify(header)}\n`);
		let fd: number | undefined;
		try {
			fd = fs.openSync(path, 'w');
			fs.writeSync(fd, bytes);
		} catch (error) {
			if (fd !== undefined) {
				fs.closeSync(fd);
			}

			throw new UsageError(describeFileError(path, error));
		}

		return new AsciicastRecorder(path, fd, bytes.length, stream);
	}

	readonly #path: string;
	readonly #fd: number;
	readonly #stream: NodeJS.WriteStream;
	readonly #decoder = new StringDecoder('utf8');
	readonly #start = performance.now();
	/** The stream's write had been replaced by someone before us (otherwise it is the prototype's). */
	readonly #ownWrite: Write | undefined;
	readonly #wrapper: Write;
	#offset: number;
	#queue: string[] = [];
	#queuedChars = 0;
	#timer: NodeJS.Timeout | undefined;
	#inFlight: Promise<void> | undefined;
	#failure: string | undefined;
	#detached = false;
	#closed = false;
	#stopped: Promise<string | undefined> | undefined;

	private constructor(path: string, fd: number, offset: number, stream: NodeJS.WriteStream) {
		this.#path = path;
		this.#fd = fd;
		this.#offset = offset;
		this.#stream = stream;
		const write = stream.write;
		this.#ownWrite = Object.hasOwn(stream, 'write') ? write : undefined;
		const record = (chunk: unknown): void => {
			this.#record('o', chunk instanceof Uint8Array ? chunk : String(chunk));
		};

		this.#wrapper = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
			record(chunk);
			return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
		} as Write;
		stream.write = this.#wrapper;
		stream.on('resize', this.#resized);
		// The last resort when the process ends without stop(): what is queued still reaches the file.
		process.once('exit', this.#finishSync);
	}

	/**
	 * Stop recording: the stream's own write comes back and every queued event is written. Resolves
	 * with a line saying why the recording is incomplete, or undefined. Safe to call twice.
	 */
	async stop(): Promise<string | undefined> {
		this.#stopped ??= (async () => {
			this.#detach();
			await this.#inFlight;
			this.#finishSync();
			return this.#failure;
		})();
		return this.#stopped;
	}

	readonly #resized = (): void => {
		this.#record('r', `${this.#stream.columns}x${this.#stream.rows}`);
	};

	#record(code: AsciicastEvent[1], data: string | Uint8Array): void {
		// A multi-byte character split across two writes is decoded whole, in the second event.
		const text = typeof data === 'string' ? data : this.#decoder.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
		if (text === '' || this.#detached) {
			return;
		}

		const event: AsciicastEvent = [Math.round((performance.now() - this.#start) * 1000) / 1e6, code, text];
		const line = `${JSON.stringify(event)}\n`;
		this.#queue.push(line);
		this.#queuedChars += line.length;
		if (this.#queuedChars >= MAX_QUEUED_CHARS) {
			this.#flushSync();
		} else {
			this.#timer ??= setTimeout(this.#flush, FLUSH_MS).unref();
		}
	}

	#take(): Buffer | undefined {
		if (this.#queue.length === 0) {
			return undefined;
		}

		const bytes = Buffer.from(this.#queue.join(''));
		this.#queue = [];
		this.#queuedChars = 0;
		return bytes;
	}

	readonly #flush = (): void => {
		this.#timer = undefined;
		if (this.#inFlight) {
			// One write at a time; the next timer takes what is queued meanwhile.
			this.#timer = setTimeout(this.#flush, FLUSH_MS).unref();
			return;
		}

		const bytes = this.#take();
		if (!bytes) {
			return;
		}

		const position = this.#offset;
		this.#offset += bytes.length;
		this.#inFlight = new Promise(resolve => {
			fs.write(this.#fd, bytes, 0, bytes.length, position, error => {
				this.#inFlight = undefined;
				if (error) {
					this.#fail(error);
				}

				resolve();
			});
		});
	};

	#flushSync(): void {
		const bytes = this.#take();
		if (bytes) {
			this.#writeSync(bytes);
		}
	}

	#writeSync(bytes: Buffer): void {
		try {
			fs.writeSync(this.#fd, bytes, 0, bytes.length, this.#offset);
			this.#offset += bytes.length;
		} catch (error) {
			this.#fail(error);
		}
	}

	#fail(error: unknown): void {
		this.#failure ??= `recording stopped: ${describeFileError(this.#path, error)}`;
		this.#queue = [];
		this.#queuedChars = 0;
		this.#detach();
	}

	#detach(): void {
		// Restored only if nobody wrapped the stream after us; theirs would call ours, which records nothing once detached.
		if (this.#stream.write === this.#wrapper) {
			if (this.#ownWrite) {
				this.#stream.write = this.#ownWrite;
			} else {
				delete (this.#stream as Partial<NodeJS.WriteStream>).write;
			}
		}

		this.#detached = true;
		this.#stream.off('resize', this.#resized);
		clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	readonly #finishSync = (): void => {
		process.off('exit', this.#finishSync);
		this.#detach();
		if (this.#failure === undefined) {
			this.#flushSync();
		}

		if (!this.#closed) {
			// Once only: the fd number may belong to another file after the close.
			this.#closed = true;
			try {
				fs.closeSync(this.#fd);
			} catch (error) {
				this.#failure ??= `recording stopped: ${describeFileError(this.#path, error)}`;
			}
		}
	};
}
