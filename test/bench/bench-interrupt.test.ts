// `echo-tui bench` stopped by a signal, even kill -9: no server, load, compiler or listening socket outlives it.
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {startCli, type CliResult} from '../helpers/cli-process.js';
import {waitUntil, within} from '../helpers/time.js';
import {
	descendants, listeningSockets, processesWithEnvironment, socketRemains, stillRunning, stillThere,
	type ListeningSocket, type ProcessEntry,
} from './process-tree.js';
import {said, withEnvironment} from './bench-cli.js';

const test = suite('bench interrupted');

/** What bench had running when it was signalled, and how it ended. */
type Interrupted = {
	readonly bench: number;
	readonly tree: readonly ProcessEntry[];
	readonly sockets: readonly ListeningSocket[];
	readonly result: CliResult;
};

const isReference = (entry: ProcessEntry): boolean => entry.command.includes('/reference-server-');
const isLoad = (entry: ProcessEntry): boolean => entry.command.includes('load-process');
const isServe = (entry: ProcessEntry): boolean => / serve --model /.test(entry.command);
const isForkChild = (entry: ProcessEntry): boolean => entry.command.includes('fork-child');

/**
 * Starts `echo-tui bench args`, waits until `ready` holds for the processes below it, notes
 * them and every socket they listen on, sends `signal`, and waits for bench to end.
 */
async function interrupt(signal: NodeJS.Signals, args: readonly string[], ready: (tree: readonly ProcessEntry[]) => boolean, environment: Readonly<Record<string, string>> = {}): Promise<Interrupted> {
	const cli = withEnvironment(environment, () => startCli(['bench', ...args]));
	const bench = cli.child.pid!;
	try {
		const tree = await waitUntil(20_000, `bench ${args.join(' ')} to get going`, () => {
			const now = descendants(bench);
			return ready(now) && now;
		});
		const sockets = tree.flatMap(entry => listeningSockets(entry.pid));
		cli.child.kill(signal);
		const result = await within(8000, `bench to end after ${signal}`, cli.exited);
		return {bench, tree, sockets, result};
	} finally {
		cli.child.kill('SIGKILL');
	}
}

const isPythonFork = (entry: ProcessEntry): boolean => entry.command.includes('echo_fork.py');

/** A `--peer` that forked a helper (`sleep 300`) listening, the load running against it. */
const PEER = `sleep 300 & exec ${process.execPath} -e "require('net').createServer(s => s.pipe(s)).listen(+process.argv[1], '127.0.0.1')" {port}`;

function peerUnderLoad(tree: readonly ProcessEntry[]): boolean {
	const server = tree.find(entry => entry.command.includes('createServer'));
	return server !== undefined && listeningSockets(server.pid).length > 0 && tree.some(entry => entry.command === 'sleep 300') && tree.some(entry => isLoad(entry));
}

/** The CPython fork peer serving two clients from two child processes, the load running. */
function pythonForkUnderLoad(tree: readonly ProcessEntry[]): boolean {
	return tree.filter(entry => isPythonFork(entry)).length >= 3 && tree.some(entry => isLoad(entry));
}

/** The C reference listening, the load running against it. */
function referenceUnderLoad(tree: readonly ProcessEntry[]): boolean {
	const reference = tree.find(entry => isReference(entry));
	return reference !== undefined && listeningSockets(reference.pid).length > 0 && tree.some(entry => isLoad(entry));
}

/** The fork model serving two clients from two child processes, the load running. */
function forkUnderLoad(tree: readonly ProcessEntry[]): boolean {
	return tree.some(entry => isServe(entry)) && tree.filter(entry => isForkChild(entry)).length >= 2 && tree.some(entry => isLoad(entry));
}

/** Nothing runs or listens any more that bench started, at any depth; bench reaped its own children. */
async function assertNothingLeft({bench, tree, sockets, result}: Interrupted, {reaped}: {readonly reaped: boolean}): Promise<void> {
	if (reaped) {
		const unreaped = tree.filter(entry => entry.parent === bench && stillThere(entry));
		assert.equal(unreaped.map(entry => entry.command), [], 'bench reaped every child before it ended');
	}

	// Deeper down, a process killed with its parent is a zombie until init reaps it: ended, holding
	// nothing (once its last thread is gone too: the leader shows Z first). Soon, too: a load left
	// to run would end by itself, seconds later.
	const settled = (): boolean => !tree.some(entry => stillRunning(entry)) && !sockets.some(socket => socketRemains(socket));
	await waitUntil(2000, 'every process bench started to end', settled).catch(() => undefined);
	assert.equal(tree.filter(entry => stillRunning(entry)).map(entry => entry.command), [], `nothing runs on (${result.stderr.trim()})`);
	// Started before the signal or after it, every process bench started itself inherited this (and the compiler's children).
	assert.equal(processesWithEnvironment('ECHO_TUI_PARENT_PID', String(bench)).filter(entry => entry.state !== 'Z').map(entry => entry.command), []);
	for (const socket of sockets) {
		assert.not.ok(socketRemains(socket), `nothing listens on port ${socket.port} any more`);
	}
}

test('should stop the C reference and the load on SIGTERM, keep the rows measured, and end by SIGTERM', async () => {
	const interrupted = await interrupt('SIGTERM', ['--json', '--models', 'libuv', '--clients', '2', '--size', '64', '--seconds', '2'], referenceUnderLoad);
	const {result, sockets} = interrupted;
	assert.is(result.signal, 'SIGTERM', `ended by the signal (a shell shows 143): ${result.stderr}`);
	assert.equal(said(result), ['echo-tui bench: interrupted by SIGTERM after 1 of 2 measurements']);
	assert.is(sockets.length, 1, 'the C reference listened on one socket');
	const rows = JSON.parse(result.stdout) as Array<{model: string; corruptBytes: number}>;
	assert.equal(rows.map(row => row.model), ['libuv'], 'the row measured before the signal is printed');
	await assertNothingLeft(interrupted, {reaped: true});
});

test('should stop the fork server, its children and the load on SIGINT, and end by SIGINT', async () => {
	const interrupted = await interrupt('SIGINT', ['--models', 'fork', '--clients', '2', '--size', '64', '--seconds', '5'], forkUnderLoad);
	assert.is(interrupted.result.signal, 'SIGINT', interrupted.result.stderr);
	assert.equal(said(interrupted.result), ['echo-tui bench: interrupted by SIGINT after 0 of 2 measurements']);
	assert.is(interrupted.result.stdout, '', 'no row was measured, so no table');
	await assertNothingLeft(interrupted, {reaped: true});
});

test('should stop the C reference and the load on SIGHUP, and end by SIGHUP', async () => {
	const interrupted = await interrupt('SIGHUP', ['--models', 'c-reference', '--clients', '2', '--size', '64', '--seconds', '5'], referenceUnderLoad);
	assert.is(interrupted.result.signal, 'SIGHUP', interrupted.result.stderr);
	assert.equal(said(interrupted.result), ['echo-tui bench: interrupted by SIGHUP after 0 of 1 measurement']);
	assert.not.match(interrupted.result.stderr, /\n\s+at /, 'no stack trace');
	await assertNothingLeft(interrupted, {reaped: true});
});

test('should kill the whole compiler, not only its driver, when stopped while building the C reference', async () => {
	const scratch = mkdtempSync(join(tmpdir(), 'echo-tui-bench-'));
	try {
		// A compiler that takes its time, as a driver waiting on its cc1: the real cc is done too soon to catch.
		mkdirSync(join(scratch, 'bin'));
		writeFileSync(join(scratch, 'bin', 'cc'), '#!/bin/sh\nsleep 30 &\nwait\n');
		chmodSync(join(scratch, 'bin', 'cc'), 0o755);
		const cache = join(scratch, 'cache');
		const interrupted = await interrupt('SIGTERM', ['--models', 'c-reference', '--seconds', '1'], tree => tree.some(entry => entry.command === 'sleep 30'), {
			PATH: `${join(scratch, 'bin')}:${process.env.PATH ?? ''}`,
			ECHO_TUI_CACHE_DIR: cache,
		});
		assert.is(interrupted.result.signal, 'SIGTERM', interrupted.result.stderr);
		assert.equal(said(interrupted.result), ['echo-tui bench: interrupted by SIGTERM before the first measurement']);
		await assertNothingLeft(interrupted, {reaped: true});
		assert.equal(readdirSync(join(cache, 'reference-server')), [], 'no half-written binary left in the cache');
	} finally {
		rmSync(scratch, {recursive: true, force: true});
	}
});

test('should leave no C reference listening after kill -9 of bench (PR_SET_PDEATHSIG)', async () => {
	const interrupted = await interrupt('SIGKILL', ['--models', 'c-reference', '--clients', '2', '--size', '64', '--seconds', '5'], referenceUnderLoad);
	assert.is(interrupted.result.signal, 'SIGKILL');
	assert.is(interrupted.sockets.length, 1);
	await assertNothingLeft(interrupted, {reaped: false});
});

test('should leave no server, fork child or load running after kill -9 of bench', async () => {
	const interrupted = await interrupt('SIGKILL', ['--models', 'fork', '--clients', '2', '--size', '64', '--seconds', '5'], forkUnderLoad);
	assert.is(interrupted.result.signal, 'SIGKILL');
	await assertNothingLeft(interrupted, {reaped: false});
});

test('should stop a --peer\'s whole process group on SIGTERM', async () => {
	const interrupted = await interrupt('SIGTERM', ['--models', 'c-reference', '--peer', PEER, '--clients', '2', '--size', '64', '--seconds', '5'], peerUnderLoad);
	assert.is(interrupted.result.signal, 'SIGTERM', interrupted.result.stderr);
	assert.equal(said(interrupted.result), ['echo-tui bench: interrupted by SIGTERM after 1 of 2 measurements']);
	await assertNothingLeft(interrupted, {reaped: true});
});

test('should leave no --peer process (nor what it forked) after kill -9 of bench', async () => {
	const interrupted = await interrupt('SIGKILL', ['--models', 'c-reference', '--peer', PEER, '--clients', '2', '--size', '64', '--seconds', '5'], peerUnderLoad);
	assert.is(interrupted.result.signal, 'SIGKILL');
	assert.is(interrupted.sockets.length, 1, 'the peer listened on one socket');
	await assertNothingLeft(interrupted, {reaped: false});
});

test('should leave no CPython peer nor its forked children after kill -9 of bench (PR_SET_PDEATHSIG through ctypes)', async () => {
	if (spawnSync('python3', ['--version']).status !== 0) {
		console.log('  (skipped: no python3)');
		return;
	}

	const interrupted = await interrupt('SIGKILL', ['--models', 'fork', '--peers', 'python', '--clients', '2', '--size', '64', '--seconds', '2'], pythonForkUnderLoad);
	assert.is(interrupted.result.signal, 'SIGKILL');
	await assertNothingLeft(interrupted, {reaped: false});
});

test.run();
