// One row of the benchmark: a model under one load, every figure measured in the same run.

/** What one model did under one load. */
export type BenchRow = {
	/** A model id, or `c-reference` for the C epoll server. */
	readonly model: string;
	readonly clients: number;
	/** Bytes per message. */
	readonly size: number;
	readonly mode: string;
	/** The measured window, in seconds. */
	readonly seconds: number;
	/** Clients whose connection completed. */
	readonly connected: number;
	/** Clients that got at least one echo (the blocking model serves one at a time). */
	readonly served: number;
	readonly messagesPerSecond: number;
	readonly mbPerSecond: number;
	readonly latencyMs: {readonly p50: number; readonly p99: number; readonly max: number};
	/** Server CPU, in cores (all its threads and children). */
	readonly serverCpu: number;
	/** Server CPU per echoed message, in µs: what the load cannot hide. */
	readonly cpuPerMessageUs: number;
	/** Peak resident memory of the server and its children, in MiB. */
	readonly peakRssMb: number;
	readonly peakThreads: number;
	readonly peakProcesses: number;
	/** Clients the server refused (select past FD_SETSIZE), and why. */
	readonly refused: number;
	readonly refusedReason?: string;
	/** Failures by errno name, as the load saw them. */
	readonly errors: Readonly<Record<string, number>>;
	/** Echoed bytes that were not what was sent. */
	readonly corruptBytes: number;
};

/** A server the benchmark could not run, and why (no C compiler, say). */
export type SkippedRow = {
	readonly model: string;
	readonly skipped: string;
};

/** The C reference's name in rows. */
export const C_REFERENCE = 'c-reference';
