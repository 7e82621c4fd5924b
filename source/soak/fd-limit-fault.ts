// The open-files limit: a server under `prlimit --nofile=128` meets rounds of more clients than it has fds for.
import {setTimeout as delay} from 'node:timers/promises';
import type {FaultReport} from './faults.js';
import {fdMisuse, settle, stopAndCheck, warmUp} from './server-checks.js';
import {startServeUnderTest} from './serve-under-test.js';
import {burst, notEchoed, tally} from './sessions.js';

/** How hard the fault pushes. */
export type LimitPlan = {
	/** The server's open-files limit, soft and hard (serve raises the soft one to the hard one). */
	readonly files: number;
	/** Clients per round, all at once: more than fit. */
	readonly clients: number;
	readonly rounds: number;
};

const AFTER_CLIENTS = 10;
const MESSAGE_MAX = 4096;
/** A client may wait its turn in the backlog while the others are served: fork starts a Node process for each. */
const ROUND_TIMEOUT_MS = 120_000;

/**
 * `rounds` rounds of `clients` clients at once, each echoing one message and leaving, then 10 more.
 * A client may be refused, if the server says so (a `refused` event each); it may not be closed
 * without a word, left waiting for ever, or sent wrong bytes. Then the usual settle checks, and
 * the server's totals at exit.
 */
export async function fdLimitFault(model: string, {files, clients, rounds}: LimitPlan): Promise<FaultReport & {readonly command: string}> {
	const server = await startServeUnderTest(model, {fileLimit: files});
	const problems: string[] = [];
	const echoed: number[] = [];
	try {
		const start = await warmUp(server);
		const misuse = fdMisuse(server.log);
		for (let round = 1; round <= rounds; round++) {
			const refusedBefore = server.log.refused;
			const group = tally(await burst(server.port, clients, MESSAGE_MAX, ROUND_TIMEOUT_MS));
			await delay(200); // The refusals' events trail the clients' view by a batch.
			const refused = server.log.refused - refusedBefore;
			const {cut, 'left-open': leftOpen, timeout, 'connect-failed': connectFailed} = group.byOutcome;
			echoed.push(group.byOutcome.echoed);
			if (cut > refused) {
				problems.push(`round ${round}: ${cut} clients closed before their echo, ${refused} refusals reported`);
			}

			if (timeout + leftOpen > 0) {
				problems.push(`round ${round}: ${timeout + leftOpen} clients not served and closed within ${ROUND_TIMEOUT_MS / 1000} s`);
			}

			if (connectFailed > 0) {
				problems.push(`round ${round}: ${connectFailed} clients could not connect`);
			}

			if (group.corrupt > 0) {
				problems.push(`round ${round}: ${group.corrupt} echoed bytes differ from what was sent`);
			}

			if (!server.isAlive()) {
				break;
			}
		}

		const after = tally(await burst(server.port, AFTER_CLIENTS, MESSAGE_MAX));
		problems.push(...notEchoed(`clients after the rounds`, after));
		const settled = await settle(server, start, misuse);
		problems.push(...settled.problems);
		const errors = server.log.errorSummary();
		const exit = await stopAndCheck(server);
		problems.push(...exit.problems);
		return {
			command: server.command,
			numbers: `${rounds}×${clients} under ${files} fds: echoed ${echoed.join('/')}, refused ${server.log.refused}; then ${after.byOutcome.echoed}/${AFTER_CLIENTS}; `
				+ `errors ${errors.length > 0 ? errors.join(', ') : 'none'}; ${settled.numbers}; ${exit.numbers}`,
			problems,
		};
	} finally {
		await server.stop('SIGKILL');
	}
}
