// `echo-tui bench` as a user runs it: rows of the right shape, nothing corrupt; bad input is one line and exit 2.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {runCli} from '../helpers/cli-process.js';

const test = suite('bench command');

test('should measure two models for a second each and print their rows as JSON, nothing corrupt', async () => {
	const result = await runCli(['bench', '--json', '--models', 'poll,epoll-et', '--clients', '10', '--size', '64', '--seconds', '1'], 120_000);
	assert.is(result.code, 0, result.stderr);
	assert.is(result.stderr, '', 'no progress display with --json');
	const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
	const measured = rows.filter(row => !('skipped' in row));
	assert.equal(measured.slice(0, 2).map(row => row.model), ['poll', 'epoll-et']);
	for (const row of measured) {
		for (const field of ['clients', 'size', 'served', 'messagesPerSecond', 'mbPerSecond', 'serverCpu', 'cpuPerMessageUs', 'peakRssMb', 'peakThreads', 'peakProcesses', 'refused', 'corruptBytes']) {
			assert.type(row[field], 'number', `${String(row.model)}.${field}`);
		}

		assert.is(row.corruptBytes, 0, `${String(row.model)} echoed every byte intact`);
		assert.is(row.served, 10);
		assert.ok((row.messagesPerSecond as number) > 0);
		assert.type((row.latencyMs as {p99: number}).p99, 'number');
	}

	assert.ok(rows.some(row => row.model === 'c-reference'), 'the C reference is measured, or skipped with a reason');
});

test('should refuse bad input with one line and exit 2', async () => {
	for (const [args, message] of [
		[['--models', 'epoll-et,fastest'], 'unknown model "fastest"'],
		[['--size', '0'], '--size takes whole numbers from 1'],
		[['--seconds', '-1'], '--seconds must be a number of seconds above 0'],
		[['--clients', 'ten'], '--clients takes whole numbers'],
		[['--mode', 'burst'], '--mode must be pingpong or pipelined'],
		[['--rate', '0'], '--rate must be a number of messages a second above 0'],
		[['--rate', '10', '--mode', 'pipelined'], '--rate sends on a schedule'],
		[['--peers', 'ruby'], 'unknown peers "ruby" in --peers'],
		[['--peer', './server 9000'], '--peer needs {port} in each command'],
	] as const) {
		const result = await runCli(['bench', ...args]);
		assert.is(result.code, 2, args.join(' '));
		assert.is(result.stderr.trim().split('\n').length, 1, result.stderr);
		assert.match(result.stderr, message);
	}
});

test.run();
