// What the CLI loads: --help and the catalog need no koffi and no model code; a model's loop is loaded only where it runs.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI, startCli} from '../helpers/cli-process.js';
import {connectClient} from '../helpers/echo-client.js';
import {isHeavyModule, modulesLoadedBy} from '../helpers/loaded-modules.js';
import {waitUntil, within} from '../helpers/time.js';

const RECORD_LOADS = fileURLToPath(new URL('../fixtures/record-loads.mjs', import.meta.url));

const test = suite('modules the CLI loads');

test('should answer --help, serve --help and --version without loading koffi or any model\'s code', () => {
	for (const args of [['--help'], ['serve', '--help'], ['bench', '--help'], ['--version']]) {
		const loaded = modulesLoadedBy(args);
		assert.ok(loaded.some(url => url.endsWith('/dist/cli.js')), `the recorder saw the CLI load (${args.join(' ')})`);
		assert.equal(loaded.filter(url => isHeavyModule(url)), [], `echo-tui ${args.join(' ')} loads none of them`);
	}
});

test('should load koffi and the model code when it serves, so the check above can fail', () => {
	// serve --port 0 runs until a signal: --reserve-fds too large makes it load everything and fail at once.
	const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'echo-tui-loads-')), 'loads');
	fs.writeFileSync(log, '');
	const result = spawnSync(process.execPath, ['--import', RECORD_LOADS, CLI, 'serve', '--port', '0', '--reserve-fds', '1048576'], {env: {...process.env, RECORD_LOADS: log}, encoding: 'utf8', timeout: 20_000});
	assert.is(result.status, 1, result.stderr);
	const loaded = fs.readFileSync(log, 'utf8');
	fs.rmSync(path.dirname(log), {recursive: true});
	assert.match(loaded, /\/koffi\//);
	assert.match(loaded, /\/dist\/sys\//);
});

test('should start a fork child that loads neither koffi, nor the syscall layer, nor any model\'s loop', async () => {
	const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'echo-tui-loads-')), 'loads');
	fs.writeFileSync(log, '');
	// NODE_OPTIONS reaches the child too: it records its own loads, under its own pid.
	const server = startCli(['serve', '--model', 'fork', '--port', '0', '--json'], {NODE_OPTIONS: `--import=${RECORD_LOADS}`, RECORD_LOADS: log});
	try {
		const port = await waitUntil(10_000, 'listening', () => /"kind":"listening".*?"port":(\d+)/.exec(server.stdout())?.[1]);
		const client = await connectClient(Number(port));
		client.socket.write('served by a light child');
		assert.is((await within(10_000, 'echo', client.waitForBytes(23))).toString(), 'served by a light child');
		client.close();
	} finally {
		server.child.kill('SIGTERM');
		await within(5000, 'serve exit', server.exited);
	}

	const lines = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map(line => line.split(' ') as [string, string]);
	fs.rmSync(path.dirname(log), {recursive: true});
	const child = lines.filter(([pid]) => pid !== String(server.child.pid)).map(([, url]) => url);
	assert.ok(child.some(url => url.endsWith('/fork-child.js')), 'the recorder saw the child load');
	const allowed = /\/dist\/(models\/(per-client\/(fork-child|fs-blocking-io|relay-recorder)|probe\/events)|sys\/(errors|proc-status)|util\/[\w-]+)\.js$/;
	assert.equal(child.filter(url => url.includes('/koffi/') || (url.includes('/dist/') && !allowed.test(url))), [], 'what the child loaded beyond its own few modules');
});

test.run();
