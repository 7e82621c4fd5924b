// The faults applied to a running server: churn, resets mid-message, half-closes, a slow reader beside busy clients.
import {randomBytes} from 'node:crypto';
import {echoSession, MAX_MESSAGE, randomMessage} from './echo-session.js';
import {churn, describeTally, notEchoed, SESSION_TIMEOUT_MS, tally} from './sessions.js';

/** What a fault did, as the clients saw it. */
export type FaultReport = {
	/** The figures for the table (`412 conns, 6.3 MB echoed`). */
	readonly numbers: string;
	/** What went wrong on the clients' side; empty when it held. */
	readonly problems: string[];
};

/** How hard a traffic fault pushes. */
export type TrafficOptions = {
	/** Seconds of churn per concurrency level, and of busy clients beside the slow reader. */
	readonly seconds: number;
};

/** Connect, echo 1 B–64 KiB, close, with `lanes` clients at a time for `seconds`. */
export async function churnFault(port: number, lanes: number, {seconds}: TrafficOptions): Promise<FaultReport> {
	const group = tally(await churn(port, lanes, performance.now() + seconds * 1000));
	return {numbers: describeTally(group), problems: [...notEchoed('clients', group), ...(group.sessions === 0 ? ['no client completed a session'] : [])]};
}

const RESETTERS = 40;
const RESET_WAVE = 10;
const STEADY = 3;

/**
 * Clients that send part of a message and reset (SO_LINGER 0, then close: an RST, not a FIN),
 * half before any echo and half once the echo has begun, while steady clients pipeline beside them.
 */
export async function resetFault(port: number): Promise<FaultReport> {
	const steady = Promise.all(Array.from({length: STEADY}, async () => echoSession({
		port, messages: Array.from({length: 8}, () => randomMessage()), leave: 'close', timeoutMs: SESSION_TIMEOUT_MS,
	})));
	const resets = [];
	for (let wave = 0; wave < RESETTERS / RESET_WAVE; wave++) {
		resets.push(...await Promise.all(Array.from({length: RESET_WAVE}, async (_, index) => echoSession({
			port, messages: [randomMessage()], leave: 'reset', resetAtOnce: index % 2 === 0, timeoutMs: SESSION_TIMEOUT_MS,
		}))));
	}

	const steadyGroup = tally(await steady);
	const resetGroup = tally(resets);
	const problems = notEchoed('steady clients', steadyGroup);
	if (resetGroup.corrupt > 0) {
		problems.push(`${resetGroup.corrupt} bytes echoed to the resetting clients differ from what they sent`);
	}

	return {numbers: `${resetGroup.byOutcome.reset} resets, ${describeTally(steadyGroup)} beside`, problems};
}

const HALF_CLOSERS = 20;

/** Clients that send 1–4 messages and shut down their write side at once: every byte is still owed to them. */
export async function halfCloseFault(port: number): Promise<FaultReport> {
	const group = tally(await Promise.all(Array.from({length: HALF_CLOSERS}, async () => echoSession({
		port, messages: Array.from({length: 1 + Math.floor(Math.random() * 4)}, () => randomMessage()), leave: 'half-close', timeoutMs: SESSION_TIMEOUT_MS,
	}))));
	return {numbers: describeTally(group), problems: notEchoed('half-closed clients', group)};
}

/** The slow reader: 2 MiB sent, read at 640 KiB/s (64 KiB per 100 ms), so over 3 s of a server holding its output. */
const SLOW_MESSAGES = 32;
const SLOW_READ_PER_100MS = 64 * 1024;
const BUSY_LANES = 4;

/** One client that reads slowly (its echo backs up into the server) beside busy churning clients. */
export async function slowReaderFault(port: number, {seconds}: TrafficOptions): Promise<FaultReport> {
	const slow = echoSession({
		port,
		messages: Array.from({length: SLOW_MESSAGES}, () => randomBytes(MAX_MESSAGE)),
		leave: 'close',
		readBytesPer100Ms: SLOW_READ_PER_100MS,
		timeoutMs: SESSION_TIMEOUT_MS,
	});
	const started = performance.now();
	let slowSeconds = 0;
	void slow.then(() => {
		slowSeconds = (performance.now() - started) / 1000;
	});
	const busy = tally(await churn(port, BUSY_LANES, started + seconds * 1000));
	const slowGroup = tally([await slow]);
	return {
		numbers: `slow ${(slowGroup.bytes / 1e6).toFixed(1)} MB in ${slowSeconds.toFixed(1)} s, busy ${describeTally(busy)}`,
		problems: [...notEchoed('slow reader', slowGroup), ...notEchoed('busy clients', busy)],
	};
}
