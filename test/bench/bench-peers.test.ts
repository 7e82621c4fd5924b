// `echo-tui bench` beside other servers: the CPython peers next to their models, and any echo server a user names with --peer.
import {mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {runCli, startCli} from '../helpers/cli-process.js';
import {within} from '../helpers/time.js';
import {said, withEnvironment} from './bench-cli.js';
import {processesWithEnvironment} from './process-tree.js';

/** The fields every measured row has, as --json gives them. */
type Row = {
	model: string;
	skipped?: string;
	command?: string;
	clients: number;
	served: number;
	messagesPerSecond: number;
	cpuPerMessageUs: number;
	corruptBytes: number;
	peakProcesses: number;
	errors: Record<string, number>;
	machine: {cores: number; node: string; python?: string};
};

/** A thread-per-client echo server in Node, one line of shell: `{port}` is bench's. */
const NODE_ECHO = `${process.execPath} -e "require('net').createServer(s => s.pipe(s)).listen(+process.argv[1], '127.0.0.1')" {port}`;

const test = suite('bench peers');

test('should measure each model\'s CPython peer beside it, every byte intact (or skip them where python3 is missing)', async () => {
	const result = await runCli(['bench', '--json', '--models', 'select,epoll-et', '--peers', 'python', '--clients', '10', '--size', '64', '--seconds', '1'], 120_000);
	assert.is(result.code, 0, result.stderr);
	const rows = JSON.parse(result.stdout) as Row[];
	const python = rows.find(row => row.model === 'python');
	if (python) {
		console.log(`  (CPython peers skipped: ${python.skipped ?? ''})`);
		return;
	}

	assert.equal(rows.map(row => row.model).slice(0, 4), ['select', 'python:select', 'epoll-et', 'python:epoll-et'], 'each peer right after its model');
	for (const row of rows.filter(row => row.model.startsWith('python:'))) {
		assert.is(row.corruptBytes, 0, `${row.model} echoed every byte intact`);
		assert.equal(row.errors, {});
		assert.is(row.served, 10);
		assert.ok(row.messagesPerSecond > 0 && row.cpuPerMessageUs > 0, `${row.model}: ${row.messagesPerSecond} msg/s, ${row.cpuPerMessageUs} µs/msg`);
		assert.match(row.command ?? '', /-B .*echo_(select|epoll_et)\.py$/);
		assert.match(row.machine.python ?? '', /^3\.\d+/, 'the machine line names CPython\'s version');
	}
});

test('should skip the CPython peers with one note where python3 is missing, and measure the rest', async () => {
	// A PATH with node alone on it.
	const bin = mkdtempSync(join(tmpdir(), 'echo-tui-nopython-'));
	try {
		symlinkSync(process.execPath, join(bin, 'node'));
		const result = await withEnvironment({PATH: bin}, async () => runCli(['bench', '--models', 'epoll-et', '--peers', 'python', '--clients', '2', '--size', '64', '--seconds', '0.3'], 60_000));
		assert.is(result.code, 0, result.stderr);
		const notes = result.stdout.split('\n').filter(line => line.startsWith('python'));
		assert.equal(notes, ['python: skipped, python3 not found'], result.stdout);
		assert.match(result.stdout, /^epoll-et +2 +64 B +all /m);
	} finally {
		rmSync(bin, {recursive: true, force: true});
	}
});

test('should measure a server named with --peer on a port bench picks, with the same byte checks', async () => {
	const result = await runCli(['bench', '--json', '--models', 'c-reference', '--peer', NODE_ECHO, '--clients', '4', '--size', '1000', '--seconds', '0.5'], 60_000);
	assert.is(result.code, 0, result.stderr);
	const rows = JSON.parse(result.stdout) as Row[];
	const peer = rows.find(row => row.model === 'peer:node');
	assert.ok(peer, result.stdout);
	assert.is(peer.command, NODE_ECHO);
	assert.is(peer.served, 4);
	assert.is(peer.corruptBytes, 0);
	assert.ok(peer.messagesPerSecond > 0);
	assert.ok(peer.peakProcesses >= 1, 'its process group is measured');
	assert.is(rows.at(-1)?.model, 'peer:node', 'after the C reference');
});

test('should skip a --peer that exits, or never listens, with its reason, stop it, and exit 0', async () => {
	const scratch = mkdtempSync(join(tmpdir(), 'echo-tui-peer-'));
	try {
		const failing = join(scratch, 'failing.sh');
		writeFileSync(failing, '#!/bin/sh\necho "no such option --port $1" >&2\nexit 4\n', {mode: 0o755});
		const silent = join(scratch, 'silent.sh');
		writeFileSync(silent, '#!/bin/sh\nexec sleep 60\n', {mode: 0o755});
		// Peers are not our Node children and do not inherit bench's variables: this marks them.
		const mark = `bench-peers-${process.pid}`;
		const cli = withEnvironment({ECHO_TUI_TEST_MARK: mark}, () => startCli(['bench', '--models', 'c-reference', '--peer', `${failing} {port}, ${silent} {port}`, '--clients', '2', '--size', '64', '--seconds', '0.3']));
		const result = await within(60_000, 'bench with two broken peers', cli.exited).finally(() => cli.child.kill('SIGKILL'));
		assert.is(result.code, 0, result.stderr);
		const port = /--port (\d+)/.exec(result.stderr)?.[1] ?? '';
		const failed = `peer:failing.sh exited (status 4) before listening: no such option --port ${port}`;
		const slept = 'peer:silent.sh did not listen within 10 s';
		assert.equal(said(result), [`echo-tui bench: peer:failing.sh skipped: ${failed}`, `echo-tui bench: peer:silent.sh skipped: ${slept}`]);
		const lines = result.stdout.split('\n');
		assert.ok(lines.includes(`peer:failing.sh: skipped, ${failed}`), result.stdout);
		assert.ok(lines.includes(`peer:silent.sh: skipped, ${slept}`), result.stdout);
		assert.not.match(result.stdout, /^peer:\S+ +2 /m, 'no row of figures');
		assert.equal(processesWithEnvironment('ECHO_TUI_TEST_MARK', mark).map(entry => entry.command), [], 'the silent one was stopped');
	} finally {
		rmSync(scratch, {recursive: true, force: true});
	}
});

test.run();
