// `echo-tui --record <file>` in a real terminal (tmux): an asciicast v2 file that replays to the monitor's last screen.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI} from '../helpers/cli-process.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';
import {delay, waitUntil} from '../helpers/time.js';

type Context = {dir: string; sessions: TmuxSession[]};

/** One event of the stream: seconds since the start, its code and its data. */
type CastEvent = [number, string, string];

/** Event codes of asciicast v2: output, input, marker, resize. */
const EVENT_CODES = new Set(['o', 'i', 'm', 'r']);

/**
 * Parse `text` as asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/), asserting the
 * format: a header object with version 2 and the size, then one 3-element array per line.
 */
function parseCast(text: string): {header: Record<string, unknown>; events: CastEvent[]} {
	assert.ok(text.endsWith('\n'), 'newline-delimited: the last line ends too');
	const [first, ...lines] = text.slice(0, -1).split('\n');
	const header = JSON.parse(first!) as Record<string, unknown>;
	assert.is(header.version, 2);
	for (const field of ['width', 'height', 'timestamp']) {
		assert.ok(Number.isInteger(header[field]) && (header[field] as number) > 0, `header ${field}: ${String(header[field])}`);
	}

	const env = header.env as Record<string, unknown>;
	assert.ok(typeof env === 'object' && Object.values(env).every(value => typeof value === 'string'), 'env maps names to strings');
	let previous = 0;
	const events = lines.map((line, index) => {
		const event = JSON.parse(line) as unknown;
		assert.ok(Array.isArray(event) && event.length === 3, `line ${index + 2} is a 3-element array`);
		const [time, code, data] = event as [unknown, unknown, unknown];
		assert.ok(typeof time === 'number' && time >= previous, `line ${index + 2}: time ${String(time)} after ${previous}`);
		assert.ok(typeof code === 'string' && EVENT_CODES.has(code), `line ${index + 2}: code ${String(code)}`);
		assert.type(data, 'string');
		if (code === 'r') {
			assert.match(data as string, /^\d+x\d+$/);
		}

		previous = time;
		return event as CastEvent;
	});
	return {header, events};
}

/** The screen with the uptime masked: the clock moves on a monitor that is otherwise still. */
function still(screen: string): string {
	return screen.replace(/up \d+:\d\d:\d\d/, 'up --:--:--');
}

/**
 * The screen once it has not changed (but for the uptime) for two seconds. The charts keep 24 s
 * of history and scroll with every frame until it is full, so a fresh monitor takes that long.
 */
async function settledScreen(session: TmuxSession): Promise<string> {
	let previous = still(session.screen());
	let unchanged = 0;
	for (let tries = 0; tries < 45; tries++) {
		await delay(1000);
		const screen = still(session.screen());
		unchanged = screen === previous ? unchanged + 1 : 0;
		if (unchanged === 2) {
			return screen;
		}

		previous = screen;
	}

	throw new Error(`the screen did not settle within 45 s:\n${previous}`);
}

/** A shell in tmux, ready for a command line. */
async function shell(context: Context, columns: number, rows: number): Promise<TmuxSession> {
	const session = startTmux('bash --norc --noprofile', {columns, rows});
	context.sessions.push(session);
	session.keys('PS1="$ "; echo READY', true);
	session.keys('Enter');
	await session.waitFor(/^READY$/m);
	return session;
}

const test = suite<Context>('recording the monitor', {dir: '', sessions: []});

test.before.each(context => {
	context.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echo-tui-record-'));
	context.sessions = [];
});

test.after.each(context => {
	for (const session of context.sessions) {
		session.kill();
	}

	fs.rmSync(context.dir, {recursive: true, force: true});
});

test('should write asciicast v2 that replays, in a fresh terminal of the same size, to the monitor\'s last screen', async context => {
	const cast = path.join(context.dir, 'demo.cast');
	const session = await shell(context, 100, 30);
	session.keys(`node ${CLI} --port 0 --record ${cast}; echo "EXIT=$?"`, true);
	session.keys('Enter');
	await session.waitFor(/127\.0\.0\.1:\d+ {2}up/);
	session.keys('N', true);
	await session.waitFor('10 connected');
	session.keys('s', true);
	await session.waitFor(/ send +fd \d+/);
	session.resize(110, 32);
	await session.waitFor(/^╭─{108}╮$/m);
	const last = await settledScreen(session);
	session.keys('q', true);
	await session.waitFor('EXIT=0');

	const {header, events} = parseCast(fs.readFileSync(cast, 'utf8'));
	assert.is(header.width, 100);
	assert.is(header.height, 30);
	assert.ok(events.some(([, code, data]) => code === 'r' && data === '110x32'), 'the resize is recorded');
	const output = events.filter(([, code]) => code === 'o').map(([, , data]) => data).join('');
	assert.match(output, '10 connected');

	const replayed = path.join(context.dir, 'replay.out');
	fs.writeFileSync(replayed, output);
	const replay = startTmux(`cat ${replayed}; sleep 60`, {columns: 110, rows: 32});
	context.sessions.push(replay);
	assert.fixture(await settledScreen(replay), last);
});

test('should refuse a path it cannot write in one line with exit status 2, before the monitor starts', async context => {
	const session = await shell(context, 100, 30);
	const terminalLog = path.join(context.dir, 'terminal.log');
	const stderr = path.join(context.dir, 'stderr.txt');
	// Everything the pane is sent from here on: the monitor must not even enter its screen.
	execFileSync('tmux', ['-L', session.socket, 'pipe-pane', '-o', `cat >> ${terminalLog}`]);
	session.keys(`node ${CLI} --port 0 --record ${context.dir}/missing/demo.cast 2>${stderr}; echo "EXIT=$?"`, true);
	session.keys('Enter');
	await session.waitFor('EXIT=2');
	assert.is(fs.readFileSync(stderr, 'utf8'), `echo-tui: cannot record to ${context.dir}/missing/demo.cast: no such directory (ENOENT)\n`);
	await waitUntil(2000, 'the pane log', () => fs.existsSync(terminalLog) && fs.readFileSync(terminalLog, 'utf8').includes('EXIT=2'));
	assert.not.match(fs.readFileSync(terminalLog, 'utf8'), '\u001b[?1049h', 'the alternate screen was never entered');
});

test.run();
