// NO_COLOR with FORCE_COLOR: Node 22+ warns on stderr; the program and its children must not.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {createInterface} from 'node:readline';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI} from '../helpers/cli-process.js';
import {within} from '../helpers/time.js';
import {childEnv, settleColorEnv} from '../../source/util/child-env.js';

/** Node prints the warning from version 22 on (lib/internal/tty.js, warnOnDeactivatedColors). */
const NODE_WARNS = Number(process.versions.node.split('.')[0]) >= 22;

/** Environments a user may have, each of which must leave a command's output as it is. */
const USER_ENVS: ReadonlyArray<Record<string, string>> = [
	{NO_COLOR: '1', FORCE_COLOR: '1'},
	{NO_COLOR: '1', FORCE_COLOR: ''},
	{NO_COLOR: '1', FORCE_COLOR: '3', CI: 'true', TERM: 'dumb'},
	{FORCE_COLOR: '1', CI: '1'},
	{TERM: 'dumb'},
];

type Run = {code: number | null; stdout: string; stderr: string};

/** Run node with `args` in `env` (nothing inherited but PATH and HOME), to the end, bounded. */
async function runNode(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
	const child = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'pipe'], env: {PATH: process.env.PATH, HOME: process.env.HOME, ...env}});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (text: string) => {
		stdout += text;
	});
	child.stderr.setEncoding('utf8').on('data', (text: string) => {
		stderr += text;
	});
	try {
		const [code] = await within(15_000, `node ${args.join(' ')}`, once(child, 'close')) as [number | null];
		return {code, stdout, stderr};
	} finally {
		child.kill('SIGKILL');
	}
}

/** A child that loads node:util, which asks for the colour depth, then prints "ok". */
const LOADS_UTIL = ['--input-type=module', '-e', 'import "node:util"; process.stdout.write("ok")'];

const test = suite('childEnv');

test('should drop FORCE_COLOR when NO_COLOR is set, and leave the original alone', () => {
	const original = {NO_COLOR: '1', FORCE_COLOR: '1', TERM: 'xterm'};
	assert.equal(childEnv(original), {NO_COLOR: '1', TERM: 'xterm'});
	assert.equal(original, {NO_COLOR: '1', FORCE_COLOR: '1', TERM: 'xterm'});
	assert.equal(childEnv({NODE_DISABLE_COLORS: '1', FORCE_COLOR: '2'}), {NODE_DISABLE_COLORS: '1'});
});

test('should keep FORCE_COLOR when colour is not turned off (NO_COLOR unset or empty)', () => {
	assert.equal(childEnv({FORCE_COLOR: '1'}), {FORCE_COLOR: '1'});
	assert.equal(childEnv({NO_COLOR: '', FORCE_COLOR: '1'}), {NO_COLOR: '', FORCE_COLOR: '1'});
});

test('should settle an environment in place', () => {
	const env: NodeJS.ProcessEnv = {NO_COLOR: '1', FORCE_COLOR: ''};
	settleColorEnv(env);
	assert.equal(env, {NO_COLOR: '1'});
});

test('should start a node child that prints only its own output, where the raw environment makes Node warn', async () => {
	const contradictory = {NO_COLOR: '1', FORCE_COLOR: '1'};
	const raw = await runNode(LOADS_UTIL, contradictory);
	assert.is(raw.stdout, 'ok');
	// On Node 20 there is no warning to remove; from 22 on the raw environment shows it.
	assert.is(raw.stderr.includes('FORCE_COLOR'), NODE_WARNS, raw.stderr);
	const settled = await runNode(LOADS_UTIL, childEnv(contradictory));
	assert.equal(settled, {code: 0, stdout: 'ok', stderr: ''});
});

test.run();

// ---

const cli = suite('colour and CI variables at the command line');

cli('should keep a usage error to its one line and exit 2 in every user environment', async () => {
	for (const env of USER_ENVS) {
		const result = await runNode([CLI, '--port', 'abc'], env);
		const what = JSON.stringify(env);
		assert.is(result.code, 2, what);
		assert.is(result.stdout, '', what);
		assert.is(result.stderr, 'echo-tui: --port must be a number from 0 to 65535, not "abc"\n', what);
	}
});

cli('should run serve (its model in a worker thread) with nothing on stderr when NO_COLOR and FORCE_COLOR are both set', async () => {
	const child = spawn(process.execPath, [CLI, 'serve', '--model', 'threads', '--port', '0', '--json'], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', FORCE_COLOR: '1', CI: 'true'},
	});
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (text: string) => {
		stderr += text;
	});
	try {
		const lines = createInterface({input: child.stdout});
		await within(10_000, 'serve to listen', new Promise<void>(resolve => {
			lines.on('line', line => {
				if ((JSON.parse(line) as {kind: string}).kind === 'listening') {
					resolve();
				}
			});
		}));
		child.kill('SIGTERM');
		const [code] = await within(5000, 'serve to stop', once(child, 'close')) as [number | null];
		assert.is(code, 0);
		assert.is(stderr, '');
	} finally {
		child.kill('SIGKILL');
	}
});

cli.run();
