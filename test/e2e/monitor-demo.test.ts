// What a lecturer shows with the monitor, in a real terminal (tmux) against the built CLI: keys that
// arrive together, the help and the legends at the sizes people use, the backlog's bytes read from the
// kernel, a client closed so the blocking server moves on, and the edge-triggered stall.
import {execFileSync} from 'node:child_process';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI} from '../helpers/cli-process.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';
import {HELP_TITLE} from '../../source/ui/help-lines.js';
import {waitUntil} from '../helpers/time.js';

type Context = {session?: TmuxSession};

/** The monitor on a kernel-picked port in a terminal of this size, ready once its model bar shows. */
async function monitor(context: Context, args: string, columns = 120, rows = 40): Promise<TmuxSession> {
	const session = startTmux(`node ${CLI} --port 0 ${args}`, {columns, rows});
	context.session = session;
	await session.waitFor(/127\.0\.0\.1:\d+ {2}up/);
	return session;
}

/** Client rows of the clients panel: `peer fd owner state ...`. */
function rows(screen: string): string[] {
	return screen.split('\n').filter(line => /^│ 127\.0\.0\.1:\d+ +(\d+|-) /.test(line));
}

const test = suite<Context>('monitor demonstrations', {});

test.after.each(context => {
	context.session?.keys('q', true);
	context.session?.kill();
	context.session = undefined;
});

test('should act on every key of one read: send-keys n n n adds three clients, s s sends', async context => {
	const session = await monitor(context, '--model epoll-et');
	// Three keys in one command: tmux writes them to the terminal together, and they arrive in one read.
	execFileSync('tmux', ['-L', session.socket, 'send-keys', 'n', 'n', 'n']);
	await session.waitFor('3 connected');
	execFileSync('tmux', ['-L', session.socket, 'send-keys', 's', 's']);
	await session.waitFor(/ recv +fd \d+ {2}\d+ B /);
});

test('should show the help\'s first line at 80x24, and its last after scrolling', async context => {
	const session = await monitor(context, '--model select', 80, 24);
	session.keys('?', true);
	const screen = await session.waitFor(HELP_TITLE);
	assert.match(screen.split('\n')[1]!, HELP_TITLE, 'the top of the help is on screen');
	for (let page = 0; page < 12; page++) {
		session.keys('NPage');
	}

	await session.waitFor('libuv');
	assert.match(session.screen(), HELP_TITLE, 'the title stays');
});

test('should show the readiness legend at 120x40', async context => {
	const session = await monitor(context, '--model select --clients 2');
	session.keys('s', true);
	await session.waitFor('watched/scanned -> ready fds');
	await session.waitFor(/│ select \d+\/\d+ -> \d+ +\d/);
	assert.not.match(session.screen(), '…', 'nothing cut with an ellipsis');
});

test('should show what waiting clients sent, from the kernel, and move on to the next when the served one is closed', async context => {
	const session = await monitor(context, '--model blocking --clients 3');
	await session.waitFor('3 connected, 2 in backlog');
	session.keys('s', true);
	await waitUntil(5000, 'the waiting rows to show 31 B in their receive queues', () => {
		const waiting = rows(session.screen()).filter(line => / waiting /.test(line));
		return waiting.length === 2 && waiting.every(line => / 31 B +0 B +- /.test(line));
	});
	session.keys('s', true);
	await waitUntil(5000, 'both messages in the kernel', () => rows(session.screen()).filter(line => / waiting .* 62 B +0 B +- /.test(line)).length === 2);
	// The served client is the first row: select it and close it.
	session.keys('j', true);
	session.keys('x', true);
	await session.waitFor('recv -> 0: peer closed');
	await session.waitFor('2 connected, 1 in backlog');
	await session.waitFor(/ recv +fd \d+ {2}62 B /, 5000);
});

test('should show connecting clients and the listen drops when the accept queue is full', async context => {
	const session = await monitor(context, '--model blocking --backlog 1 --clients 5');
	await session.waitFor(/\d connected, 2 in backlog, \d connecting, \d+ listen drops/);
	assert.ok(rows(session.screen()).some(line => / connecting /.test(line)), 'a connecting row');
});

test('should show stalled rows with their receive queues: epoll-et reading once per event', async context => {
	const session = await monitor(context, '--model epoll-et --clients 3');
	await session.waitFor('3 connected');
	session.keys('r', true);
	await session.waitFor('[read-once]');
	session.keys('s', true);
	await waitUntil(6000, 'three stalled rows with bytes in recv-q', () => rows(session.screen()).filter(line => / stalled .* [1-9]\d* B +0 B +0 B /.test(line)).length === 3);
});

test('should freeze the whole screen on space while the servers run on, and say so', async context => {
	const session = await monitor(context, '--model epoll-et --clients 2');
	await session.waitFor('2 connected');
	session.keys('Space');
	await session.waitFor('PAUSED');
	const frozen = session.screen().split('\n').slice(0, 20).join('\n');
	session.keys('n', true);
	await session.waitFor(/\+[1-9]\d* events/);
	assert.is(session.screen().split('\n').slice(0, 20).join('\n'), frozen, 'panels unchanged while paused');
	session.keys('Space');
	await session.waitFor('3 connected');
});

test.run();
