// One row of the benchmark: a model under one load, every figure measured in the same run.
import type {Machine} from './machine.js';
import type {TaskCostFigures} from './task-cost.js';

/** What one model did under one load. */
export type BenchRow = {
	/**
	 * A model id, `c-reference` for the C epoll server, `c-threads` for C's thread per client, `python:<model>` for a model's CPython
	 * peer, `peer:<name>` for a server named with `--peer`.
	 */
	readonly model: string;
	/** A peer's command line (`{port}` where bench put the port). */
	readonly command?: string;
	readonly clients: number;
	/** Bytes per message. */
	readonly size: number;
	/** `pingpong`, `pipelined`, or `open` (messages on a schedule, `rate` a second per client). */
	readonly mode: string;
	/** Open loop: messages per second per client. */
	readonly rate?: number;
	/** The measured window, in seconds. */
	readonly seconds: number;
	/** The least traffic before the window opened, in seconds (`--warmup`). */
	readonly warmupSeconds: number;
	/** Clients whose connection completed. */
	readonly connected: number;
	/** Clients that got at least one echo (the blocking model serves one at a time). */
	readonly served: number;
	readonly messagesPerSecond: number;
	readonly mbPerSecond: number;
	/** Closed loop: from each send; open loop: from when each message was due (no coordinated omission). */
	readonly latencyMs: {readonly p50: number; readonly p99: number; readonly p999: number; readonly max: number};
	/** Server CPU, in cores (all its threads and children). */
	readonly serverCpu: number;
	/** Server CPU per echoed message, in µs: what the load cannot hide. */
	readonly cpuPerMessageUs: number;
	/**
	 * System calls per echoed message, counted by sys/ in the server itself (exact, whole run):
	 * models only, and only those whose calls all run on the model's thread (not fork, threads, libuv).
	 */
	readonly syscallsPerMessage?: number;
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
	/** fork and threads: what a process or a thread per client cost in this run. */
	readonly taskCost?: TaskCostFigures;
	/** What it ran on: the same for every row of a run, so a row kept alone still says. */
	readonly machine: Machine;
	/**
	 * With `--rounds` above 1: each round's figures, in order. The row's own figures are their
	 * medians (combine-rounds.ts).
	 */
	readonly rounds?: {readonly messagesPerSecond: readonly number[]; readonly cpuPerMessageUs: readonly number[]};
};

/** A server the benchmark could not run, and why (no C compiler, say). */
export type SkippedRow = {
	readonly model: string;
	readonly skipped: string;
};

/** The C reference's name in rows. */
export const C_REFERENCE = 'c-reference';

/** The C thread-per-client server's name in rows (reference-threads.c): measured beside `threads`. */
export const C_THREADS = 'c-threads';

/** How the rows of a server named with `--peer` begin (`peer:python3`). */
export const PEER_PREFIX = 'peer:';
