// The threads model under connection churn and under a tight open-files limit: no fd closed twice, nothing leaked, nobody left unserved.
import type {ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI, startCommand} from '../helpers/cli-process.js';
import {connectClient, randomMessages, seededRandom} from '../helpers/echo-client.js';
import {delay, waitUntil, within} from '../helpers/time.js';

type Served = {readonly child: ChildProcess; readonly port: number; events(): Array<Record<string, unknown>>; readonly exited: Promise<number | null>};

/** `serve --model threads --json` in its own process (a crash fails the test, not the test run), under `prefix` (prlimit). */
async function serveThreads(prefix: readonly string[] = []): Promise<Served> {
	const command = [...prefix, process.execPath, CLI, 'serve', '--model', 'threads', '--port', '0', '--json'];
	const {child, stdout, exited} = startCommand(command[0]!, command.slice(1));
	const events = (): Array<Record<string, unknown>> => stdout().split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line) as Record<string, unknown>);
	const port = await waitUntil(10_000, 'listening', () => /"kind":"listening".*?"port":(\d+)/.exec(stdout())?.[1]);
	return {child, port: Number(port), events, exited: exited.then(result => result.code)};
}

/** One client: connect, echo `message`, check every byte, close. */
async function echoOnce(port: number, message: Buffer, ms: number): Promise<void> {
	const client = await connectClient(port);
	try {
		client.socket.write(message);
		const echoed = await within(ms, `echo of ${message.length} B`, client.waitForBytes(message.length));
		assert.ok(echoed.equals(message), 'every byte echoed intact and in order');
	} finally {
		client.socket.end();
		await client.closed;
	}
}

const fdCount = (pid: number): number => fs.readdirSync(`/proc/${pid}/fd`).length;
const threadCount = (pid: number): number => fs.readdirSync(`/proc/${pid}/task`).length;

/** Stop the server with SIGTERM; the events it wrote, once it has exited. */
async function stopServer(served: Served): Promise<Array<Record<string, unknown>>> {
	served.child.kill('SIGTERM');
	assert.is(await within(5000, 'serve exit', served.exited), 0, 'serve exits 0 on SIGTERM');
	return served.events();
}

/**
 * Events of `kind`: those shown, and those a summary counted instead. A batch keeps 64 events in
 * detail; under load a drain of the client threads' rings fills it, and a closed after that is counted.
 */
function eventsOf(events: ReadonlyArray<Record<string, unknown>>, kind: string): number {
	const shown = events.filter(event => event['kind'] === kind).length;
	const counted = events.filter(event => event['kind'] === 'summary')
		.reduce((sum, event) => sum + ((event['suppressed'] as Record<string, number>)[kind] ?? 0), 0);
	return shown + counted;
}

function assertEveryFdClosedOnce(events: ReadonlyArray<Record<string, unknown>>): void {
	const badFds = events.filter(event => event['kind'] === 'error' && /EBADF|ENOTSOCK/.test(JSON.stringify(event)));
	assert.equal(badFds, [], 'no call on an fd closed under it');
	const accepted = eventsOf(events, 'accepted');
	assert.is(eventsOf(events, 'closed'), accepted, `every accepted client closed exactly once (${accepted} accepted)`);
}

const test = suite('threads: churn and the open-files limit');

// Issue 8: clients that connect, echo and close two at a time made threads close fd numbers reused by newer clients; SIGABRT within 36-294 connections.
test('should survive 400 connections churning 2 at a time and 20 at a time, closing every fd once', async () => {
	const served = await serveThreads();
	const random = seededRandom(8);
	try {
		for (const parallel of [2, 20]) {
			let left = 200;
			await within(90_000, `churn ${parallel} at a time`, Promise.all(Array.from({length: parallel}, async () => {
				while (left-- > 0) {
					await echoOnce(served.port, randomMessages(random, 1, 64 * 1024)[0]!, 20_000);
				}
			})));
		}

		assert.is(served.child.exitCode, null, 'the server is alive');
		const events = await stopServer(served);
		assertEveryFdClosedOnce(events);
		assert.is(eventsOf(events, 'accepted'), 400);
	} finally {
		served.child.kill('SIGKILL');
	}
});

test('should give back every fd under prlimit --nofile=128 after three rounds of 150 clients, and serve the next 10', async () => {
	// prlimit execs the command: the child's pid is the server's.
	const served = await serveThreads(['prlimit', '--nofile=128:128']);
	const pid = served.child.pid!;
	try {
		await delay(500);
		const fdsBefore = fdCount(pid);
		const threadsBefore = threadCount(pid);
		for (let round = 0; round < 3; round++) {
			await within(120_000, `round ${round}: 150 clients served`, Promise.all(Array.from({length: 150}, async (_, index) =>
				echoOnce(served.port, Buffer.from(`round ${round} client ${index}`), 110_000))));
		}

		await waitUntil(10_000, `the server's threads back at ${threadsBefore}`, () => threadCount(pid) <= threadsBefore);
		const fdsAfter = fdCount(pid);
		assert.ok(Math.abs(fdsAfter - fdsBefore) <= 5, `fds ${fdsBefore} before, ${fdsAfter} after`);
		await within(30_000, 'the next 10 clients', Promise.all(Array.from({length: 10}, async (_, index) => echoOnce(served.port, Buffer.from(`next ${index}`), 25_000))));
		const events = await stopServer(served);
		assertEveryFdClosedOnce(events);
		assert.ok(events.some(event => event['kind'] === 'capacity' && event['by'] === 'fds'), 'clients waited in the backlog at the fd budget, and it said so');
	} finally {
		served.child.kill('SIGKILL');
	}
});

test.run();
