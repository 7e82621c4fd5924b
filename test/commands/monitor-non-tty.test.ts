// The monitor needs a terminal: without one it says where to go instead, in one line, and exits 2.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {runCli} from '../helpers/cli-process.js';

const test = suite('monitor without a terminal');

test('should point at serve --json and exit 2 when stdin and stdout are not terminals', async () => {
	const result = await runCli([]);
	assert.is(result.code, 2);
	assert.is(result.stdout, '');
	assert.is(result.stderr.trim().split('\n').length, 1, result.stderr);
	assert.match(result.stderr, 'echo-tui serve --json');
});

test('should refuse --json without serve, in one line', async () => {
	const result = await runCli(['--json']);
	assert.is(result.code, 2);
	assert.match(result.stderr, '--json is for echo-tui serve');
});

test.run();
