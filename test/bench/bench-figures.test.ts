// What bench's rows carry besides throughput: system calls per message, the open loop's percentiles, the machine.
import os from 'node:os';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {runCli} from '../helpers/cli-process.js';

type Row = {
	model: string;
	mode: string;
	rate?: number;
	messagesPerSecond: number;
	syscallsPerMessage?: number;
	corruptBytes: number;
	latencyMs: {p50: number; p99: number; p999: number; max: number};
	cpuPerMessageUs: number;
	rounds?: {messagesPerSecond: number[]; cpuPerMessageUs: number[]};
	warmupSeconds: number;
	machine: {cores: number; cpu: string; kernel: string; node: string; loadAverage: number[]};
};

const test = suite('bench figures');

test('should count the system calls per message of the loops that make them all on one thread, and no other', async () => {
	const result = await runCli(['bench', '--json', '--models', 'epoll-lt,epoll-et,libuv', '--clients', '1', '--size', '64', '--seconds', '1'], 120_000);
	assert.is(result.code, 0, result.stderr);
	const rows = JSON.parse(result.stdout) as Row[];
	const perMessage = Object.fromEntries(rows.map(row => [row.model, row.syscallsPerMessage]));
	// One client in ping-pong: an epoll_wait, a recv and a send per message at least (ET adds the
	// recv that says EAGAIN); setup calls are spread over thousands of messages.
	for (const model of ['epoll-lt', 'epoll-et']) {
		const figure = perMessage[model];
		assert.type(figure, 'number', `${model} has the figure`);
		assert.ok(figure! > 2.9 && figure! < 6, `${model}: ${figure} system calls per message`);
	}

	assert.ok(perMessage['epoll-et']! > perMessage['epoll-lt']!, 'edge-triggered drains until EAGAIN: one recv more per message');
	assert.is(perMessage.libuv, undefined, 'libuv makes its calls in its own loop, not through sys/');
	assert.is(perMessage['c-reference'], undefined, 'the C reference is not counted (strace would distort it)');
});

test('should measure an open loop at the asked rate, with p50, p99, p99.9 and max', async () => {
	const result = await runCli(['bench', '--json', '--models', 'epoll-et', '--rate', '200', '--clients', '5', '--size', '64', '--seconds', '1'], 60_000);
	assert.is(result.code, 0, result.stderr);
	const row = (JSON.parse(result.stdout) as Row[])[0]!;
	assert.is(row.model, 'epoll-et');
	assert.is(row.mode, 'open');
	assert.is(row.rate, 200);
	assert.is(row.corruptBytes, 0);
	// 5 clients × 200 a second: the schedule sets the pace, not the server.
	assert.ok(row.messagesPerSecond > 750 && row.messagesPerSecond < 1250, `${row.messagesPerSecond} msg/s`);
	const {p50, p99, p999, max} = row.latencyMs;
	assert.ok(p50 > 0 && p50 <= p99 && p99 <= p999 && p999 <= max, JSON.stringify(row.latencyMs));
});

test('should measure each case round by round with --rounds, one row per server with the medians and every round\'s figures', async () => {
	const result = await runCli(['bench', '--json', '--models', 'epoll-lt,select', '--clients', '2', '--size', '64', '--seconds', '0.3', '--rounds', '3'], 120_000);
	assert.is(result.code, 0, result.stderr);
	const rows = (JSON.parse(result.stdout) as Row[]).filter(row => row.model !== 'c-reference');
	assert.equal(rows.map(row => row.model), ['select', 'epoll-lt'], 'one row per server (in the models\' order), not one per round');
	for (const row of rows) {
		assert.is(row.rounds?.messagesPerSecond.length, 3, `${row.model}: three rounds measured`);
		const sorted = [...row.rounds!.messagesPerSecond].sort((a, b) => a - b);
		assert.is(row.messagesPerSecond, sorted[1], `${row.model}: the median round's msg/s`);
		assert.ok(row.rounds!.cpuPerMessageUs.includes(row.cpuPerMessageUs), `${row.model}: µs/msg is one round's (the median of three)`);
		assert.is(row.corruptBytes, 0);
	}


	// As a table: the servers took turns (round 1 of each before round 2 of any), and the spread is shown.
	const table = await runCli(['bench', '--models', 'epoll-lt', '--clients', '2', '--size', '64', '--seconds', '0.3', '--rounds', '2'], 120_000);
	assert.is(table.code, 0, table.stderr);
	const order = ['epoll-lt, 2 clients × 64 B, round 1 of 2', 'c-reference, 2 clients × 64 B, round 1 of 2', 'epoll-lt, 2 clients × 64 B, round 2 of 2']
		.map(step => table.stderr.indexOf(step));
	assert.ok(order.every((at, index) => at >= 0 && (index === 0 || at > order[index - 1]!)), table.stderr);
	assert.match(table.stdout, 'medians of 2 rounds, every server measured in turn in each round');
	assert.match(table.stdout, /µs\/msg rounds/);
	assert.match(table.stdout, /^epoll-lt .* \d+\.\d–\d+\.\d /m);
});

test('should print the machine above the table, and carry it in every JSON row', async () => {
	const table = await runCli(['bench', '--models', 'libuv', '--rate', '100', '--clients', '2', '--size', '64', '--seconds', '0.3'], 60_000);
	assert.is(table.code, 0, table.stderr);
	const lines = table.stdout.split('\n');
	assert.match(lines[0] ?? '', new RegExp(`^machine: ${os.cpus().length} cores, .+, ${os.type()} ${os.release().replaceAll('.', '\\.')} ${os.arch()}, Node ${process.version.replaceAll('.', '\\.')}, load average [\\d.]+ [\\d.]+ [\\d.]+ at start$`));
	assert.is(lines[1], 'open loop: 100 messages a second per client; latency from when each was due');
	assert.match(lines.find(line => line.startsWith('model ')) ?? '', / p99 ms +p99\.9 ms +max ms /);

	const json = await runCli(['bench', '--json', '--models', 'libuv', '--clients', '2', '--size', '64', '--seconds', '0.3'], 60_000);
	const rows = JSON.parse(json.stdout) as Row[];
	for (const row of rows) {
		assert.is(row.machine.cores, os.cpus().length);
		assert.is(row.machine.node, process.version);
		assert.is(row.machine.loadAverage.length, 3);
	}
});

test('should open the measured window only after --warmup seconds of traffic, and say so', async () => {
	const started = performance.now();
	const json = await runCli(['bench', '--json', '--models', 'epoll-lt', '--clients', '2', '--size', '64', '--seconds', '0.3', '--warmup', '4'], 60_000);
	const elapsed = (performance.now() - started) / 1000;
	assert.is(json.code, 0, json.stderr);
	const rows = (JSON.parse(json.stdout) as Row[]).filter(row => 'machine' in row);
	assert.equal(rows.map(row => row.warmupSeconds), [4, 4], 'epoll-lt and the C reference');
	// Two servers, each given 4 s of traffic before its 0.3 s window: the default 1.5 would be done sooner.
	assert.ok(elapsed > 8.6, `took ${elapsed.toFixed(1)} s`);

	const table = await runCli(['bench', '--models', 'c-reference', '--clients', '1', '--size', '64', '--seconds', '0.2', '--warmup', '0.5'], 60_000);
	assert.is(table.code, 0, table.stderr);
	assert.ok(table.stdout.split('\n').includes('measured after at least 0.5 s of traffic (--warmup)'), table.stdout);
	const usual = await runCli(['bench', '--models', 'c-reference', '--clients', '1', '--size', '64', '--seconds', '0.2'], 60_000);
	assert.not.match(usual.stdout, '--warmup', 'the usual warm-up goes unsaid');
});

test.run();
