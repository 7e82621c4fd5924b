// Step mode in a real terminal (tmux), against the built CLI: the held call on screen, one call per step, the clients held up, a quick exit.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI} from '../helpers/cli-process.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';
import {delay, waitUntil} from '../helpers/time.js';
import {childrenOf, monitorPid, processExists} from '../helpers/processes.js';

type Context = {session?: TmuxSession; pid: number};

/** A client row's figures, by its fd (the server's): bytes each way and recv/send calls. */
type Row = {readonly fd: number; readonly bytesIn: string; readonly bytesOut: string; readonly recvCalls: number; readonly sendCalls: number; readonly receiveQueue: string};

const ROW = /127\.0\.0\.1:\d+ +(\d+) tid \d+ +\w+ +([\d.]+ \w+) +([\d.]+ \w+) +(\d+)\/(\d+) +([\d.]+ \w+)/g;
/** The held-call line: `#12 held: recv(fd 9, 65536 bytes)`. */
const HELD = /#(\d+) held: (\w+)\(([^\n]*)/;

function rows(screen: string): Row[] {
	return [...screen.matchAll(ROW)].map(match => ({
		fd: Number(match[1]), bytesIn: match[2]!, bytesOut: match[3]!, recvCalls: Number(match[4]), sendCalls: Number(match[5]), receiveQueue: match[6]!,
	}));
}

/** The call held now, once the line shows it. */
async function held(session: TmuxSession, after = 0): Promise<{seq: number; call: string; args: string}> {
	const screen = await session.waitFor(HELD, 10_000);
	const match = HELD.exec(screen)!;
	const seq = Number(match[1]);
	if (seq <= after) {
		return waitUntil(10_000, `a call after #${after} held`, () => {
			const next = HELD.exec(session.screen());
			return next && Number(next[1]) > after ? {seq: Number(next[1]), call: next[2]!, args: next[3]!} : undefined;
		});
	}

	return {seq, call: match[2]!, args: match[3]!};
}

const test = suite<Context>('step mode in a terminal', {pid: 0});

test.before.each(async context => {
	const session = startTmux('bash --norc --noprofile', {columns: 100, rows: 30});
	context.session = session;
	session.keys('PS1="$ "; echo READY', true);
	session.keys('Enter');
	await session.waitFor('READY');
	session.keys(`node ${CLI} --port 0 --model select; echo "EXIT=$?"`, true);
	session.keys('Enter');
	await session.waitFor(/127\.0\.0\.1:\d+ {2}up/);
	context.pid = monitorPid(session);
	session.keys('nn', true);
	await waitUntil(10_000, 'two accepted clients', () => rows(session.screen()).length === 2);
});

test.after.each(context => {
	context.session?.kill();
});

test('should hold select before each call, one call per step, hold the clients up, run on after c, and quit within a second while held', async context => {
	const session = context.session!;
	session.keys('.', true);
	await session.waitFor('step mode: the next call will be held');
	await session.waitFor(/^ \. step {2}c continue {2}q quit/m);
	// Idle, select is blocked in the kernel: a message from each client makes it return.
	session.keys('s', true);
	let call = await held(session);
	let selectSeen = false;
	for (let step = 0; step < 12 && !(selectSeen && call.call === 'recv'); step++) {
		selectSeen ||= call.call === 'select';
		const fd = call.call === 'recv' ? Number(/^fd (\d+)/.exec(call.args)?.[1]) : undefined;
		const recvBefore = rows(session.screen()).find(row => row.fd === fd)?.recvCalls;
		session.keys('.', true);
		// A select let through with nothing to read waits in the kernel until a client talks.
		if (call.call === 'select') {
			await delay(300);
			session.keys('s', true);
		}

		const next = await held(session, call.seq);
		assert.is(next.seq, call.seq + 1, 'one call per step');
		assert.match(session.screen(), new RegExp(`#${call.seq} ${call.call}\\(.*\\) -> `), `the result of #${call.seq} ${call.call}`);
		if (fd !== undefined && recvBefore !== undefined) {
			await waitUntil(3000, `fd ${fd}'s recv calls to go up`, () => rows(session.screen()).find(row => row.fd === fd)!.recvCalls > recvBefore);
			assert.is(rows(session.screen()).find(row => row.fd === fd)!.recvCalls, recvBefore + 1, 'exactly one recv per step');
		}

		call = next;
	}

	assert.ok(selectSeen, 'a select was held and stepped');
	assert.match(session.screen(), /#\d+ held: select\(nfds \d+, read \{[\d,]+\}|#\d+ held: recv\(fd \d+, \d+ bytes\)/);

	// Held: what the clients send waits in the kernel, nothing is echoed, and a new client waits in the backlog.
	session.keys('s', true);
	await waitUntil(5000, 'bytes in a kernel receive queue', () => rows(session.screen()).some(row => row.receiveQueue !== '0 B'));
	session.keys('n', true);
	await session.waitFor('3 connected, 1 in backlog');
	const first = rows(session.screen());
	await delay(1200);
	const second = rows(session.screen());
	assert.equal(second.map(row => [row.fd, row.bytesOut, row.sendCalls]), first.map(row => [row.fd, row.bytesOut, row.sendCalls]), 'nothing echoed while held');

	session.keys('c', true);
	await waitUntil(5000, 'step mode left', () => !/ held: |step mode:/.test(session.screen()) && !session.screen().includes('c continue'));
	await waitUntil(5000, 'everything read, echoed and accepted', () => {
		const now = rows(session.screen());
		return now.length === 3 && now.every(row => row.receiveQueue === '0 B') && now.some((row, index) => row.bytesOut !== second[index]?.bytesOut);
	});

	// q while a call is held.
	session.keys('.', true);
	session.keys('s', true);
	await held(session);
	const started = performance.now();
	session.keys('q', true);
	await waitUntil(3000, 'the monitor process to end', () => !processExists(context.pid));
	const ms = performance.now() - started;
	await session.waitFor('EXIT=0', 3000);
	assert.ok(ms < 2000, `quit took ${Math.round(ms)} ms while held`);
	assert.equal(childrenOf(context.pid), []);
});

test('should keep stepping across a model switch, from the new model\'s first call, and quit on Ctrl-C while held', async context => {
	const session = context.session!;
	session.keys('.', true);
	await session.waitFor('step mode: the next call will be held');
	session.keys('7', true);
	// poll's start is stepped from its first call, numbered from 1 again.
	await session.waitFor(/#1 held: /);
	for (let step = 0; step < 40 && !/held: poll\(/.test(session.screen()); step++) {
		const {seq} = await held(session);
		session.keys('.', true);
		await held(session, seq);
	}

	await session.waitFor(/#\d+ held: poll\(/);
	await session.waitFor('│ poll() - ');
	const started = performance.now();
	session.keys('C-c');
	await waitUntil(3000, 'the monitor process to end', () => !processExists(context.pid));
	const ms = performance.now() - started;
	await session.waitFor('EXIT=0', 3000);
	assert.ok(ms < 2000, `Ctrl-C took ${Math.round(ms)} ms while held`);
});

test.run();
