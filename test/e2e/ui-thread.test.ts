// The monitor's UI thread draws and nothing else: its engines, with koffi and the model code, run in the engine host's thread.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI} from '../helpers/cli-process.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';
import {monitorPid} from '../helpers/processes.js';

const RECORD_ADDONS = fileURLToPath(new URL('../fixtures/record-addons.mjs', import.meta.url));

type Context = {session?: TmuxSession; log?: string};

const test = suite<Context>('the monitor\'s UI thread', {});

test.after.each(context => {
	context.session?.kill();
	if (context.log) {
		fs.rmSync(path.dirname(context.log), {recursive: true, force: true});
	}
});

test('should load no koffi on the UI thread through a whole lesson, its models served from another thread', async context => {
	const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'echo-tui-addons-')), 'addons');
	context.log = log;
	fs.writeFileSync(log, '');
	const session = startTmux('bash --norc --noprofile', {columns: 100, rows: 30});
	context.session = session;
	session.keys('PS1="$ "; echo READY', true);
	session.keys('Enter');
	await session.waitFor('READY');
	// Lesson 1 switches models, checks the kernel's accept queue (sampled while the UI waits) and ends held.
	session.keys(`RECORD_ADDONS=${log} node --import ${RECORD_ADDONS} ${CLI} lesson 1 --auto; echo "EXIT=$?"`, true);
	session.keys('Enter');
	await session.waitFor('lesson 1: One at a time');
	const pid = monitorPid(session);
	const end = await session.waitFor(/held in \d+\.\d s/, 60_000);
	assert.match(end, '✓ held: every check held');
	session.keys('q', true);
	await session.waitFor('EXIT=0', 10_000);

	const loads = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map(line => line.split(' ') as [string, string, string]);
	const ours = loads.filter(([loader]) => loader === String(pid));
	assert.ok(ours.some(([, thread, file]) => thread !== 'main' && file.includes('koffi')), `the recorder saw koffi loaded by a worker: ${JSON.stringify(loads)}`);
	assert.equal(ours.filter(([, thread]) => thread === 'main'), [], 'addons the UI thread loaded');
});

test.run();
