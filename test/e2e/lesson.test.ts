// A lesson in the monitor, in a real terminal (tmux) at its smallest size, against the built CLI: run by itself,
// picked with L and stepped with enter, left with esc, quit mid-step, and nothing it started left running.
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI} from '../helpers/cli-process.js';
import {connectionRefused} from '../helpers/echo-client.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';
import {oneAtATime} from '../../source/lessons/one-at-a-time.js';
import {waitUntil} from '../helpers/time.js';
import {childrenOf, monitorPid} from '../helpers/processes.js';

type Context = {session?: TmuxSession};

/** The inodes of the sockets `pid` holds open. */
function socketInodes(pid: number): Set<string> {
	return new Set(fs.readdirSync(`/proc/${pid}/fd`).flatMap(fd => {
		try {
			return [/^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? ''].filter(Boolean);
		} catch {
			return [];
		}
	}));
}

/** The inodes of the kernel's TCP sockets on `port`, either end (/proc/net/tcp: ports in hex, the inode in the tenth column). */
function tcpInodesOn(port: number): string[] {
	const hex = port.toString(16).toUpperCase().padStart(4, '0');
	return fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).map(line => line.trim().split(/\s+/))
		.filter(fields => fields.length > 9 && (fields[1]!.endsWith(`:${hex}`) || fields[2]!.endsWith(`:${hex}`)))
		.map(fields => fields[9]!);
}

/** The sockets `pid` holds on `port`: the lesson's server and clients, while it runs. */
function socketsOn(pid: number, port: number): number {
	const held = socketInodes(pid);
	return tcpInodesOn(port).filter(inode => held.has(inode)).length;
}

/** The port the model bar shows. */
function shownPort(screen: string): number {
	return Number(/127\.0\.0\.1:(\d+) {2}up/.exec(screen)?.[1] ?? 0);
}

/** A shell at 80×24 running `args` of the CLI, then saying how it exited. */
async function start(context: Context, args: string): Promise<TmuxSession> {
	const session = startTmux('bash --norc --noprofile', {columns: 80, rows: 24});
	context.session = session;
	session.keys('PS1="$ "; echo READY', true);
	session.keys('Enter');
	await session.waitFor('READY');
	session.keys(`node ${CLI} ${args}; echo "EXIT=$?"`, true);
	session.keys('Enter');
	return session;
}

const test = suite<Context>('a lesson in the monitor', {});

test.after.each(context => {
	context.session?.kill();
});

test('should run lesson 1 by itself with --auto at 80x24: the claim, each step in turn, and held with its evidence', async context => {
	const session = await start(context, 'lesson 1 --auto');
	await session.waitFor('lesson 1: One at a time');
	// The claim's first words, as the pane wraps it at 76 columns.
	await session.waitFor(oneAtATime.claim.slice(0, 60));
	await session.waitFor('step 1 of 3');
	// Each step's evidence stays up for --auto's pause, with the next step named.
	await session.waitFor('next > Every client sends a message', 20_000);
	await session.waitFor('step 2 of 3', 20_000);
	await session.waitFor('next > The served client leaves', 20_000);
	const end = await session.waitFor(/held in \d+\.\d s/, 30_000);
	assert.match(end, '✓ held: every check held');
	assert.match(end, '✓ accept queue 9 of 128');
	// The last step's evidence on the pane, and the same figure in the clients' title: the panels show the lesson's own server.
	assert.match(end, '✓ accept queue 8 of 128');
	assert.match(end, '9 connected, 8 in backlog of 128', `the clients' title on the screen:\n${end}`);
	for (const line of end.split('\n')) {
		assert.ok(line.length <= 80, `a line past 80 columns: ${line}`);
	}

	const pid = monitorPid(session);
	session.keys('q', true);
	await session.waitFor('EXIT=0');
	await waitUntil(3000, 'the CLI to end', () => !fs.existsSync(`/proc/${pid}`));
});

test('should pick a lesson with L, run a step with enter, and leave with esc, the monitor running on and the lesson\'s server and clients gone', async context => {
	const session = await start(context, '--port 0 --model select');
	const home = await session.waitFor(/127\.0\.0\.1:\d+ {2}up/);
	const pid = monitorPid(session);
	session.keys('L', true);
	await session.waitFor('lessons: each claim of the textbook');
	session.keys('Enter');
	await session.waitFor('(enter runs it)');
	session.keys('Enter');
	const stepped = await session.waitFor('next > Every client sends a message', 20_000);
	assert.match(stepped, '✓ 9 wait in the accept queue: accept queue 9 of 128');
	const lessonPort = shownPort(stepped);
	assert.ok(lessonPort > 0 && lessonPort !== shownPort(home), 'the lesson\'s own server, on a port of its own');
	// The nine waiting in the accept queue have no fd on the server's side yet.
	assert.ok(socketsOn(pid, lessonPort) >= 11, 'its listening socket and its ten clients, in the monitor\'s process');
	session.keys('Escape');
	await session.waitFor(/L lessons/);
	await session.waitFor(/blocking - one thread/);
	assert.ok(!session.screen().includes('lesson 1:'), 'the pane is gone');
	assert.ok(await connectionRefused(lessonPort), 'nothing listens on the lesson\'s port');
	assert.ok(fs.existsSync(`/proc/${pid}`), 'the monitor runs on');
	await waitUntil(5000, 'no socket of the lesson\'s left in the monitor', () => socketsOn(pid, lessonPort) === 0);
	session.keys('q', true);
	await session.waitFor('EXIT=0');
});

test('should quit cleanly with q in the middle of a lesson, leaving no process it started', async context => {
	// Lesson 4 starts a process per client (fork): the children must not outlive the monitor.
	const session = await start(context, 'lesson 4');
	await session.waitFor('(enter runs it)');
	const pid = monitorPid(session);
	session.keys('Enter');
	const children = await waitUntil(20_000, 'a child process of the lesson', () => {
		const found = childrenOf(pid);
		return found.length > 0 && found;
	});
	session.keys('q', true);
	await session.waitFor('EXIT=0', 10_000);
	await waitUntil(3000, 'the CLI to end', () => !fs.existsSync(`/proc/${pid}`));
	await waitUntil(3000, `its children ${children.join(', ')} gone`, () => children.every(child => !fs.existsSync(`/proc/${child}`)));
});

test.run();
