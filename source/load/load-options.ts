// What one load run is asked to do and what it reports, and the checks on the former.

/**
 * When each connection sends: `pingpong` and `pipelined` wait for echoes (a closed loop: a slow
 * server slows the load down); `open` sends on a fixed schedule whatever the echoes do.
 */
export type LoadMode = 'pingpong' | 'pipelined' | 'open';

/** One load run. */
export type LoadOptions = {
	/**
	 * Server address (IPv4 dotted quad).
	 * @default '127.0.0.1'
	 */
	readonly host?: string;
	/** Server port. */
	readonly port: number;
	/**
	 * Concurrent connections.
	 * @default 10
	 */
	readonly clients?: number;
	/**
	 * Bytes per message.
	 * @default 64
	 */
	readonly size?: number;
	/**
	 * Measured duration, after the warm-up.
	 * @default 3
	 */
	readonly seconds?: number;
	/**
	 * `pingpong`: one message in flight per connection; `pipelined`: `depth` in flight; `open`:
	 * `rate` messages a second per connection, on schedule.
	 * @default 'pingpong'
	 */
	readonly mode?: LoadMode;
	/**
	 * Messages per second each connection sends in `open` mode (required there, refused in the others).
	 * The connections' schedules are spread evenly over one interval, so they do not send in step.
	 */
	readonly rate?: number;
	/**
	 * Messages in flight per connection in `pipelined` mode.
	 * @default 4
	 */
	readonly depth?: number;
	/**
	 * Seconds of traffic before measuring starts, not counted (connections open, caches warm).
	 * @default 0.3
	 */
	readonly warmupSeconds?: number;
};

/** The options with every default filled in; `rate` is 0 in the closed-loop modes. */
export type ResolvedLoadOptions = Required<LoadOptions>;

/** What one load run measured; the load process prints it as one JSON object. */
export type LoadResult = {
	/** Connections asked for. */
	readonly clients: number;
	/** Connections that completed their handshake. */
	readonly connected: number;
	/**
	 * Connections whose connect failed (the errno names are counted in `errors`). Those still in
	 * their handshake at the end (a server that stopped accepting) are in neither this nor `connected`.
	 */
	readonly connectFailures: number;
	/** Bytes per message. */
	readonly size: number;
	readonly mode: LoadMode;
	/** Messages in flight per connection in `pipelined` mode; 1 in the others (in `open` mode the schedule decides). */
	readonly depth: number;
	/** Messages per second per connection in `open` mode; 0 in the others. */
	readonly rate: number;
	/** The measured window, in seconds, as timed (not as asked). */
	readonly seconds: number;
	/** Messages fully echoed back inside the window. */
	readonly messages: number;
	/** Echoed bytes received inside the window. */
	readonly bytes: number;
	readonly messagesPerSecond: number;
	/** Echoed bytes per second, in MB (10^6 bytes). */
	readonly mbPerSecond: number;
	/**
	 * From the send of a message's first byte to the receipt of its last, for messages in the window;
	 * in `open` mode from the time the schedule said to send it, so a server that stalls is charged for
	 * every message due meanwhile (no coordinated omission). To within one epoll batch, as the clock
	 * is read once per batch.
	 */
	readonly latencyMs: {readonly p50: number; readonly p99: number; readonly p999: number; readonly max: number};
	/** Echoed bytes that differ from what was sent, plus any bytes beyond it; over the whole run, warm-up included. */
	readonly corruptBytes: number;
	/** Failures by errno name: connect failures, resets, send/recv errors. */
	readonly errors: Readonly<Record<string, number>>;
	/** Connections the server closed (recv returned 0) while the run was on. */
	readonly closedByServer: number;
	/** Connections that got at least one byte echoed: a blocking server serves only some of them. */
	readonly served: number;
};

/** Highest message size accepted. */
export const maxSize = 16 * 1024 * 1024;

/** Most bytes in flight per connection: the payload pattern keeps that many contiguous bytes in memory. */
export const maxInFlight = 64 * 1024 * 1024;

function integerIn(name: string, value: unknown, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
	}

	return value;
}

function numberIn(name: string, value: unknown, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
		throw new RangeError(`${name} must be a number from ${min} to ${max}, got ${String(value)}`);
	}

	return value;
}

/** Fills in the defaults and checks every field; throws a RangeError naming the bad one. */
export function resolveLoadOptions(options: LoadOptions): ResolvedLoadOptions {
	const mode = options.mode ?? 'pingpong';
	if (mode !== 'pingpong' && mode !== 'pipelined' && mode !== 'open') {
		throw new RangeError(`mode must be pingpong, pipelined or open, got ${String(mode)}`);
	}

	// 0 is what resolving says for a closed loop: the load process resolves the options again.
	if (mode !== 'open' && options.rate !== undefined && options.rate !== 0) {
		throw new RangeError(`rate is for open mode, not ${mode}`);
	}

	const host = options.host ?? '127.0.0.1';
	if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) {
		throw new RangeError(`host must be an IPv4 address, got ${host}`);
	}

	const size = integerIn('size', options.size ?? 64, 1, maxSize);
	const depth = mode === 'pipelined' ? integerIn('depth', options.depth ?? 4, 1, 1024) : 1;
	if (size * depth > maxInFlight) {
		throw new RangeError(`size × depth must be at most ${maxInFlight} bytes, got ${size * depth}`);
	}

	return {
		host,
		port: integerIn('port', options.port, 1, 65_535),
		clients: integerIn('clients', options.clients ?? 10, 1, 1_000_000),
		size,
		seconds: numberIn('seconds', options.seconds ?? 3, 0.01, 3600),
		mode,
		depth,
		rate: mode === 'open' ? numberIn('rate', options.rate, 0.001, 1_000_000) : 0,
		warmupSeconds: numberIn('warmupSeconds', options.warmupSeconds ?? 0.3, 0, 60),
	};
}
