// Many soak sessions at once: lanes that churn until a deadline, and the tally of how they all ended.
import {echoSession, randomMessage, type Outcome, type SessionResult} from './echo-session.js';

/** How long one churn session may take: generous, a blocking server makes the others wait their turn. */
export const SESSION_TIMEOUT_MS = 30_000;

/** How a group of sessions ended. */
export type Tally = {
	readonly sessions: number;
	readonly byOutcome: Readonly<Record<Outcome, number>>;
	/** Echoed bytes that matched. */
	readonly bytes: number;
	readonly corrupt: number;
	/** Client-side errors by name (ECONNRESET), for the sessions that did not end as planned. */
	readonly errors: Readonly<Record<string, number>>;
};

/** Add up sessions. */
export function tally(results: readonly SessionResult[]): Tally {
	const byOutcome: Record<Outcome, number> = {echoed: 0, cut: 0, 'left-open': 0, timeout: 0, 'connect-failed': 0, reset: 0};
	const errors: Record<string, number> = {};
	let bytes = 0;
	let corrupt = 0;
	for (const result of results) {
		byOutcome[result.outcome]++;
		bytes += result.matched;
		corrupt += result.corrupt;
		if (result.error) {
			errors[result.error] = (errors[result.error] ?? 0) + 1;
		}
	}

	return {sessions: results.length, byOutcome, bytes, corrupt, errors};
}

/** What is wrong with sessions that should all have been echoed in full: one line each kind of wrong. */
export function notEchoed(what: string, group: Tally): string[] {
	const problems: string[] = [];
	const {cut, 'left-open': leftOpen, timeout, 'connect-failed': connectFailed} = group.byOutcome;
	const errors = Object.entries(group.errors).map(([name, count]) => `${name} ×${count}`).join(', ');
	if (cut > 0) {
		problems.push(`${cut} of ${group.sessions} ${what} closed by the server before every byte came back${errors ? ` (${errors})` : ''}`);
	}

	if (leftOpen > 0) {
		problems.push(`${leftOpen} of ${group.sessions} ${what} got every byte back but the server never closed after their FIN`);
	}

	if (timeout > 0) {
		problems.push(`${timeout} of ${group.sessions} ${what} still owed bytes after ${SESSION_TIMEOUT_MS / 1000} s`);
	}

	if (connectFailed > 0) {
		problems.push(`${connectFailed} of ${group.sessions} ${what} could not connect${errors ? ` (${errors})` : ''}`);
	}

	if (group.corrupt > 0) {
		problems.push(`${group.corrupt} echoed bytes differ from what ${what} sent`);
	}

	return problems;
}

/**
 * `lanes` clients at a time, each connecting, echoing one message of 1 B to `maxMessage` and
 * closing, over and over until `until` (performance.now()) or `stop()` says so.
 */
export async function churn(port: number, lanes: number, until: number, {maxMessage, stop = () => false}: {readonly maxMessage?: number; readonly stop?: () => boolean} = {}): Promise<SessionResult[]> {
	const results: SessionResult[] = [];
	await Promise.all(Array.from({length: lanes}, async () => {
		while (performance.now() < until && !stop()) {
			results.push(await echoSession({port, messages: [randomMessage(maxMessage)], leave: 'close', timeoutMs: SESSION_TIMEOUT_MS}));
		}
	}));
	return results;
}

/** `count` sessions of one message each, all at once. */
export async function burst(port: number, count: number, maxMessage: number, timeoutMs = SESSION_TIMEOUT_MS): Promise<SessionResult[]> {
	return Promise.all(Array.from({length: count}, async () => echoSession({port, messages: [randomMessage(maxMessage)], leave: 'close', timeoutMs})));
}

/** `470 echoed, 2 cut, 43 connect-failed`: the outcomes that happened. */
export function describeOutcomes(group: Tally): string {
	return Object.entries(group.byOutcome).filter(([, count]) => count > 0).map(([outcome, count]) => `${count} ${outcome}`).join(', ') || 'no sessions';
}

/** `1,234 conns, 5.6 MB echoed` */
export function describeTally(group: Tally): string {
	return `${group.sessions.toLocaleString('en-US')} conns, ${(group.bytes / 1e6).toFixed(1)} MB echoed`;
}
