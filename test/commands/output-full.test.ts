// Standard output that fails (a full disk: /dev/full): one line on stderr and status 1, never a stack trace, and serve stops its server first.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI} from '../helpers/cli-process.js';
import {within} from '../helpers/time.js';

const test = suite('output to a full disk');

/** Runs the CLI with its stdout on /dev/full, which takes no byte (ENOSPC). */
function startOnFullDisk(args: readonly string[]) {
	const full = fs.openSync('/dev/full', 'w');
	try {
		const child = spawn(process.execPath, [CLI, ...args], {stdio: ['ignore', full, 'pipe']});
		let stderr = '';
		child.stderr!.setEncoding('utf8').on('data', (text: string) => {
			stderr += text;
		});
		const ended = once(child, 'close').then(([code]) => ({code: code as number | null, stderr}));
		return ended;
	} finally {
		fs.closeSync(full);
	}
}

for (const args of [['--help'], ['--version'], ['lessons']]) {
	test(`should say in one line that ${args.join(' ')} could not write its output, and exit 1`, async () => {
		const {code, stderr} = await within(10_000, 'the command to end', startOnFullDisk(args));
		assert.is(stderr, 'echo-tui: cannot write to standard output: ENOSPC (no space left on device)\n');
		assert.is(code, 1);
	});
}

test('should stop serve\'s server and exit 1 when its events cannot be written, not vanish with status 0', async () => {
	const {code, stderr} = await within(10_000, 'serve to end', startOnFullDisk(['serve', '--model', 'epoll-lt', '--port', '0', '--json']));
	assert.is(stderr, 'echo-tui: cannot write to standard output: ENOSPC (no space left on device); stopping the server\n');
	assert.is(code, 1);
});

test.run();
