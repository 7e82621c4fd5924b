// The monitor in a real terminal (tmux), against the built CLI: keys, clients, hostile data, a clean exit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI} from '../helpers/cli-process.js';
import {connectClient, connectionRefused} from '../helpers/echo-client.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';
import {keymap} from '../../source/ui/keymap.js';
import {findModel} from '../../source/models/index.js';
import {delay, waitUntil} from '../helpers/time.js';
import {childrenOf, monitorPid, processExists} from '../helpers/processes.js';

type Context = {session?: TmuxSession; port: number; pid: number; folder: string};

const test = suite<Context>('monitor in a terminal', {port: 0, pid: 0, folder: ''});

test.before.each(async context => {
	// A shell runs the monitor so the test can see its exit status and use the terminal after it.
	const session = startTmux('bash --norc --noprofile');
	context.session = session;
	// The terminal's settings before, kept in the shell (a file in /tmp would outlive the test).
	session.keys('PS1="$ "; sttyBefore=$(stty -g); echo READY', true);
	session.keys('Enter');
	await session.waitFor('READY');
	// Its stderr to a file, as a user who keeps a log would: what it writes there must be text.
	context.folder = fs.mkdtempSync(path.join(os.tmpdir(), 'echo-tui-monitor-'));
	session.keys(`node ${CLI} --port 0 2>${path.join(context.folder, 'stderr')}; echo "EXIT=$?"`, true);
	session.keys('Enter');
	const screen = await session.waitFor(/127\.0\.0\.1:(\d+) {2}up/);
	context.port = Number(/127\.0\.0\.1:(\d+) {2}up/.exec(screen)![1]);
	context.pid = monitorPid(session);
});

test.after.each(context => {
	context.session?.kill();
	fs.rmSync(context.folder, {recursive: true, force: true});
});

test('should switch to every model by its key and say so in the model bar', async context => {
	const session = context.session!;
	const bindings = keymap.filter(binding => binding.action.type === 'switch-model');
	for (const binding of [...bindings.slice(1), bindings[0]!]) {
		const model = findModel((binding.action as {modelId: string}).modelId)!;
		session.keys(binding.input, true);
		await session.waitFor(`│ ${model.title} - `);
	}
});

test('should name the port to connect to while nobody is connected', async context => {
	await context.session!.waitFor(`or connect: nc 127.0.0.1 ${context.port}`);
});

test('should show ten built-in clients with their addresses after N', async context => {
	const session = context.session!;
	session.keys('N', true);
	await session.waitFor('10 connected');
	// Rows with address, fd and owner: each client accepted by the server, not just connected.
	const rows = (): number => (session.screen().match(/127\.0\.0\.1:\d{4,5} +\d+ tid \d+/g) ?? []).length;
	await waitUntil(5000, 'ten accepted client rows', () => rows() === 10);
});

test('should show an external client, and keep its escape sequences off the terminal', async context => {
	const session = context.session!;
	const titleBefore = session.title();
	const client = await connectClient(context.port);
	try {
		const localPort = client.socket.localPort!;
		await session.waitFor(`127.0.0.1:${localPort}`);
		client.socket.write('\u001b]0;x\u0007\u001b[2J\u001b[Hpwned');
		await client.waitForBytes(12);
		await session.waitFor('\\e]0;x\\a');
		await delay(200);
		assert.is(session.title(), titleBefore, 'the pane title is unchanged');
		assert.match(session.screen(), 'clients', 'the screen was not cleared');
	} finally {
		client.close();
	}
});

test('should quit on q with status 0, leave the terminal usable, and leave nothing running', async context => {
	const session = context.session!;
	session.keys('N', true);
	await session.waitFor('10 connected');
	assert.ok(processExists(context.pid), 'the monitor runs');
	session.keys('q', true);
	await session.waitFor('EXIT=0');
	await waitUntil(3000, 'the monitor process to end', () => !processExists(context.pid));
	assert.equal(childrenOf(context.pid), []);
	assert.ok(await connectionRefused(context.port), 'nothing listens on the port any more');
	// The cursor is shown on the terminal: no control code (restore-cursor's) goes to the file.
	assert.is(fs.readFileSync(path.join(context.folder, 'stderr'), 'utf8'), '');
	session.keys('[ "$(stty -g)" = "$sttyBefore" ] && echo TTY-RESTORED', true);
	session.keys('Enter');
	await session.waitFor(/^TTY-RESTORED$/m);
});

test('should ask for a larger terminal when shrunk below 80×24 and reflow when enlarged', async context => {
	const session = context.session!;
	session.resize(70, 20);
	await session.waitFor('Make the terminal larger.');
	await session.waitFor('this one is 70×20');
	session.resize(100, 30);
	await session.waitFor(/│ clients .*connected │/);
	const width = session.screen().split('\n').find(line => line.startsWith('╭'))!.length;
	assert.is(width, 100, 'the frame spans the new width');
});

test('should quit cleanly on Ctrl-C too', async context => {
	const session = context.session!;
	session.keys('C-c');
	await session.waitFor('EXIT=0');
	await waitUntil(3000, 'the monitor process to end', () => !processExists(context.pid));
});

test.run();
