// What a server process holds, read from /proc (man 5 proc): fds, threads, child processes, resident memory, listening sockets.
import fs from 'node:fs';
import {childrenOf} from '../bench/process-stats.js';

/** One reading of a process. */
export type ProcessState = {
	/** Entries of /proc/PID/fd. */
	readonly fds: number;
	/** Entries of /proc/PID/task. */
	readonly threads: number;
	/** Live child processes. */
	readonly children: readonly number[];
	/** Resident memory of the process alone, in KiB (VmRSS). */
	readonly rssKb: number;
};

/** How far from its start a process may be once its clients are gone, and still be "back". */
export type Tolerances = {
	readonly fds: number;
	readonly threads: number;
	readonly children: number;
	/** KiB, or this fraction of the start, whichever is larger. */
	readonly rssKb: number;
	readonly rssFraction: number;
};

/**
 * fds and children must come back exactly, less a couple of fds Node opens lazily; threads may
 * gain libuv's thread pool (four threads, started by the first call that needs one); memory
 * that V8 and malloc keep after a burst is not a leak until it keeps growing.
 */
export const TOLERANCES: Tolerances = {fds: 2, threads: 4, children: 0, rssKb: 64 * 1024, rssFraction: 0.5};

function count(path: string): number {
	try {
		return fs.readdirSync(path).length;
	} catch {
		return -1; // Gone.
	}
}

function rssKbOf(pid: number): number {
	try {
		return Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? -1);
	} catch {
		return -1;
	}
}

/** The state of `pid` now. */
export function readProcess(pid: number): ProcessState {
	return {fds: count(`/proc/${pid}/fd`), threads: count(`/proc/${pid}/task`), children: childrenOf(pid), rssKb: rssKbOf(pid)};
}

/** What in `now` is further from `start` than the tolerances allow, one line each; empty when back. */
export function departures(start: ProcessState, now: ProcessState, tolerances: Tolerances = TOLERANCES): string[] {
	const out: string[] = [];
	if (now.fds > start.fds + tolerances.fds) {
		out.push(`fds ${start.fds} -> ${now.fds}`);
	}

	if (now.threads > start.threads + tolerances.threads) {
		out.push(`threads ${start.threads} -> ${now.threads}`);
	}

	if (now.children.length > start.children.length + tolerances.children) {
		out.push(`child processes ${start.children.length} -> ${now.children.length}`);
	}

	if (now.rssKb > start.rssKb + Math.max(tolerances.rssKb, start.rssKb * tolerances.rssFraction)) {
		out.push(`RSS ${mib(start.rssKb)} -> ${mib(now.rssKb)} MiB`);
	}

	return out;
}

/** `fds 24→24 thr 11→12 rss 58→61 MiB` */
export function describeChange(start: ProcessState, now: ProcessState): string {
	return `fds ${start.fds}→${now.fds} thr ${start.threads}→${now.threads} procs ${start.children.length}→${now.children.length} rss ${mib(start.rssKb)}→${mib(now.rssKb)} MiB`;
}

function mib(kb: number): string {
	return String(Math.round(kb / 1024));
}

/** TCP states in /proc/net/tcp are hex: 0A is LISTEN. */
const TCP_LISTEN_STATE = '0A';

/** Whether any socket on this machine listens on 127.0.0.1:`port` (or any address) in this network namespace. */
export function isListening(port: number): boolean {
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	const table = fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1);
	return table.some(row => {
		const [, local, , state] = row.trim().split(/\s+/);
		return local?.endsWith(`:${hexPort}`) && state === TCP_LISTEN_STATE;
	});
}
