// The server's side of every fault: still alive and echoing, every connection it accepted closed, its fds, threads, children and memory back.
import {setTimeout as delay} from 'node:timers/promises';
import {connectionsTo, echoSession} from './echo-session.js';
import {departures, describeChange, readProcess, type ProcessState} from './process-probe.js';
import {EXIT_TIMEOUT_MS, type ServeUnderTest} from './serve-under-test.js';
import type {ServeLog} from './serve-log.js';

/** Error codes that mean an fd was used after it was closed or reused: never acceptable. */
export const FD_MISUSE_CODES = ['EBADF', 'ENOTSOCK'] as const;
/** How long a server may take to close what its clients left and give back threads, children and fds. */
const SETTLE_MS = 10_000;
const HEALTH_TIMEOUT_MS = 10_000;

/** fd-misuse errors so far, to tell those a fault added. */
export function fdMisuse(log: ServeLog): string[] {
	return log.errorsWith(FD_MISUSE_CODES);
}

/** What the server looked like once a fault was over. */
export type Settled = {
	/** `conns=412 acc=cls=412 fds 24→24 ...` */
	readonly numbers: string;
	readonly problems: string[];
};

/**
 * After a fault: the server must still run and echo a fresh client, then (within a bound) have
 * closed every connection it accepted, by its own events, and be back near `start`.
 * `misuseBefore` is `fdMisuse(log)` from before the fault.
 */
export async function settle(server: ServeUnderTest, start: ProcessState, misuseBefore: readonly string[]): Promise<Settled> {
	const problems: string[] = [];
	if (server.isAlive()) {
		const health = await echoSession({port: server.port, messages: [Buffer.from('still there?')], leave: 'close', timeoutMs: HEALTH_TIMEOUT_MS});
		if (health.outcome !== 'echoed' || health.corrupt > 0) {
			problems.push(`a fresh client was not echoed afterwards (${health.outcome}${health.error ? `, ${health.error}` : ''})`);
		}
	}

	const deadline = performance.now() + SETTLE_MS;
	let state = readProcess(server.pid);
	while (server.isAlive() && performance.now() < deadline && (!accountedFor(server) || departures(start, state).length > 0)) {
		await delay(50);
		state = readProcess(server.pid);
	}

	const {log} = server;
	const connections = connectionsTo(server.port);
	if (!server.isAlive()) {
		problems.push(`the server exited: ${server.stderrGist()}`);
	} else {
		if (log.accepted + log.refused < connections) {
			problems.push(`${connections} connections made, the server reported ${log.accepted} accepted and ${log.refused} refused (its events)`);
		}

		if (log.accepted !== log.closed) {
			problems.push(`accepted ${log.accepted} but closed ${log.closed} (its events), ${SETTLE_MS / 1000} s after the clients left`);
		}

		problems.push(...departures(start, state).map(line => `not back after ${SETTLE_MS / 1000} s: ${line}`));
	}

	const misuse = fdMisuse(log).filter(line => !misuseBefore.includes(line));
	if (misuse.length > 0) {
		problems.push(`fd misuse: ${misuse.join(', ')}: ${FD_MISUSE_CODES.map(code => [...log.details].find(([name]) => name.endsWith(code))?.[1]).filter(Boolean).join('; ')}`);
	}

	const counts = log.accepted === log.closed ? `acc=cls=${log.accepted}` : `acc=${log.accepted} cls=${log.closed}`;
	return {numbers: `conns=${connections} ${counts}${log.refused > 0 ? ` refused=${log.refused}` : ''} ${describeChange(start, state)}`, problems};
}

/** Every connection made to the server accepted or refused by its events, and every accepted one closed. */
function accountedFor({log, port}: ServeUnderTest): boolean {
	return log.accepted + log.refused >= connectionsTo(port) && log.accepted === log.closed;
}

/** Warm the server up (so lazily started threads and caches count as its start), then read its state. */
export async function warmUp(server: ServeUnderTest): Promise<ProcessState> {
	await Promise.all(Array.from({length: 4}, async () => echoSession({port: server.port, messages: [Buffer.alloc(1024, 1)], leave: 'close', timeoutMs: HEALTH_TIMEOUT_MS})));
	const deadline = performance.now() + SETTLE_MS;
	while (!accountedFor(server) && performance.now() < deadline) {
		await delay(20);
	}

	await delay(300); // Threads and children of the warm-up clients leave /proc just after their events.
	return readProcess(server.pid);
}

/**
 * Stop the server with `signal` and check its end: exit status 0 within the bound, and its
 * totals line (exact counters) agreeing with itself and with its events.
 */
export async function stopAndCheck(server: ServeUnderTest, signal: NodeJS.Signals = 'SIGTERM'): Promise<{numbers: string; problems: string[]}> {
	const exit = await server.stop(signal);
	const problems: string[] = [];
	if (exit.timedOut) {
		problems.push(`still running ${EXIT_TIMEOUT_MS / 1000} s after ${signal}: killed`);
	} else if (exit.code !== 0) {
		problems.push(`exit ${exit.code ?? exit.signal} after ${signal}: ${server.stderrGist()}`);
	}

	const {log} = server;
	if (log.garbage.length > 0) {
		problems.push(`lines on stdout that are not JSON: ${log.garbage.join(' | ')}`);
	}

	const {totals} = log;
	if (!totals) {
		// serve prints its totals from this release on; until then, its events are the count.
		return {numbers: `exit ${exit.code ?? exit.signal}, no totals line, events acc=${log.accepted} cls=${log.closed}`, problems};
	}

	if (totals.accepted !== totals.closed) {
		problems.push(`totals: accepted ${totals.accepted} but closed ${totals.closed}`);
	}

	if (totals.accepted !== log.accepted || totals.closed !== log.closed) {
		problems.push(`totals (acc=${totals.accepted} cls=${totals.closed}) disagree with its events (acc=${log.accepted} cls=${log.closed})`);
	}

	return {numbers: `exit ${exit.code ?? exit.signal}, totals acc=${totals.accepted} cls=${totals.closed} refused=${totals.refused} errors=${totals.errors}`, problems};
}
