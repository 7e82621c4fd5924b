// SIGTERM, SIGINT or SIGHUP in the middle of traffic: the server exits 0 and leaves no process or listening socket behind.
import fs from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import type {FaultReport} from './faults.js';
import {isListening, readProcess} from './process-probe.js';
import {stopAndCheck} from './server-checks.js';
import {startServeUnderTest} from './serve-under-test.js';
import {churn, describeOutcomes, tally} from './sessions.js';

const LANES = 5;
/** Traffic before the signal: enough for connections to be open in every state. */
const LOAD_BEFORE_SIGNAL_MS = 1000;
const CHILD_SAMPLE_MS = 50;

function commandLine(pid: number): string | undefined {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
	} catch {
		return undefined;
	}
}

/** Churn, then `signal` while it goes on; the checks are on how the server ends. */
export async function signalFault(model: string, signal: NodeJS.Signals): Promise<FaultReport & {readonly command: string}> {
	const server = await startServeUnderTest(model);
	// Every child process seen, with its command line: a pid reused since is not this child.
	const children = new Map<number, string>();
	const sampler = setInterval(() => {
		for (const pid of readProcess(server.pid).children) {
			const command = commandLine(pid);
			if (command !== undefined && !children.has(pid)) {
				children.set(pid, command);
			}
		}
	}, CHILD_SAMPLE_MS);
	let stopped = false;
	try {
		const load = churn(server.port, LANES, Number.POSITIVE_INFINITY, {stop: () => stopped || !server.isAlive()});
		await delay(LOAD_BEFORE_SIGNAL_MS);
		const signalled = performance.now();
		const exit = await stopAndCheck(server, signal);
		const exitMs = Math.round(performance.now() - signalled);
		stopped = true;
		clearInterval(sampler);
		const group = tally(await load);
		const problems = [...exit.problems];
		if (group.corrupt > 0) {
			problems.push(`${group.corrupt} echoed bytes differ from what was sent`);
		}

		const hanging = group.byOutcome.timeout + group.byOutcome['left-open'];
		if (hanging > 0) {
			problems.push(`${hanging} clients left hanging: their connection never closed`);
		}

		const left = [...children].filter(([pid, command]) => commandLine(pid) === command).map(([pid]) => pid);
		if (left.length > 0) {
			problems.push(`child processes left behind: ${left.join(', ')}`);
		}

		if (isListening(server.port)) {
			problems.push(`port ${server.port} still listening after the exit`);
		}

		return {
			command: server.command,
			numbers: `clients ${describeOutcomes(group)}, ${(group.bytes / 1e6).toFixed(1)} MB echoed; ${exit.numbers} ${exitMs} ms after ${signal}, ${children.size} children seen, ${left.length} left`,
			problems,
		};
	} finally {
		stopped = true;
		clearInterval(sampler);
		await server.stop('SIGKILL');
	}
}
