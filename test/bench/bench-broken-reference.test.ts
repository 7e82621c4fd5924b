// A C reference that cannot run (not executable, dies at start, no usable cache): skipped with its reason, every other row kept.
import {copyFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {buildReferenceServer, isUnavailable, referenceBinaryPath, referenceSourcePath} from '../../source/bench/c-reference.js';
import {runCli, type CliResult} from '../helpers/cli-process.js';
import {said, withEnvironment} from './bench-cli.js';

/** The C source the built CLI compiles: the build copies it beside dist/bench/. */
const DIST_SOURCE = fileURLToPath(new URL('../../dist/bench/reference-server.c', import.meta.url));

type Context = {scratch: string; binary: string; built?: string};
const broken = suite<Context>('bench with a broken C reference', {scratch: '', binary: ''});

broken.before(async context => {
	assert.ok(readFileSync(DIST_SOURCE).equals(readFileSync(referenceSourcePath()!)), 'dist/bench/reference-server.c is stale: run npm run build');
	context.scratch = mkdtempSync(join(tmpdir(), 'echo-tui-bench-'));
	// Where the CLI will look for its binary once ECHO_TUI_CACHE_DIR points at the scratch directory.
	context.binary = await withEnvironment({ECHO_TUI_CACHE_DIR: context.scratch}, async () => referenceBinaryPath(DIST_SOURCE));
	mkdirSync(dirname(context.binary), {mode: 0o700});
	const built = await buildReferenceServer();
	context.built = isUnavailable(built) ? undefined : built;
});

broken.after(context => {
	rmSync(context.scratch, {recursive: true, force: true});
});

async function bench(context: Context, args: readonly string[]): Promise<CliResult> {
	return withEnvironment({ECHO_TUI_CACHE_DIR: context.scratch}, async () => runCli(['bench', '--clients', '2', '--size', '64', '--seconds', '0.3', ...args], 60_000));
}

broken('should skip a C reference that is not executable with one warning, keep the other rows and exit 0', async context => {
	if (!context.built) {
		console.log('  (skipped: no C compiler)');
		return;
	}

	// The real binary, as a noexec mount leaves it: present, and refused by execve(2) with EACCES.
	copyFileSync(context.built, context.binary);
	chmodSync(context.binary, 0o644);
	const result = await bench(context, ['--json', '--models', 'libuv']);
	assert.is(result.code, 0, result.stderr);
	assert.is(result.stderr.trim().split('\n').length, 1, `one line on stderr: ${result.stderr}`);
	assert.match(result.stderr, /^echo-tui bench: c-reference skipped: cannot run .*reference-server-.*: EACCES/);
	const rows = JSON.parse(result.stdout) as Array<{model: string; skipped?: string; messagesPerSecond?: number}>;
	assert.equal(rows.map(row => row.model), ['libuv', 'c-reference']);
	assert.ok(rows[0]!.messagesPerSecond! > 0, 'libuv measured');
	assert.match(rows[1]!.skipped ?? '', 'EACCES');
});

broken('should skip a C reference that dies at start, saying what it said, in the table', async context => {
	writeFileSync(context.binary, '#!/bin/sh\necho "cannot start here" >&2\nexit 3\n', {mode: 0o755});
	chmodSync(context.binary, 0o755);
	const result = await bench(context, ['--models', 'libuv']);
	assert.is(result.code, 0, result.stderr);
	assert.equal(said(result), ['echo-tui bench: c-reference skipped: reference server exited (status 3) before listening: cannot start here']);
	const lines = result.stdout.trim().split('\n');
	assert.match(lines[0] ?? '', /^machine: \d+ cores, /, 'the machine first');
	const header = lines.findIndex(line => line.startsWith('model '));
	assert.match(lines[header + 1] ?? '', /^libuv +2 +64 B +all /, result.stdout);
	assert.ok(lines.includes('c-reference: skipped, reference server exited (status 3) before listening: cannot start here'), result.stdout);
});

broken('should skip the C reference when the cache directory cannot be made, with no stack trace', async context => {
	const file = join(context.scratch, 'a-file');
	writeFileSync(file, '');
	const result = await withEnvironment({ECHO_TUI_CACHE_DIR: join(file, 'cache')}, async () => runCli(['bench', '--json', '--models', 'c-reference'], 30_000));
	assert.is(result.code, 0, result.stderr);
	assert.is(result.stderr, '');
	const rows = JSON.parse(result.stdout) as Array<{model: string; skipped?: string}>;
	assert.is(rows.length, 1);
	assert.match(rows[0]!.skipped ?? '', /^cannot use cache directory .*a-file\/cache\/reference-server: ENOTDIR/);
});

broken.run();
