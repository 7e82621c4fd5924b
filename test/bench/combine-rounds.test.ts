// A server's rounds of one case made one row: medians for the rates, the worst round for what must not be hidden.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import type {BenchRow} from '../../source/bench/bench-row.js';
import {combineRounds} from '../../source/bench/combine-rounds.js';

const machine = {cores: 2, cpu: 'test', kernel: 'Linux 6', node: 'v20', loadAverage: [0, 0, 0]} as unknown as BenchRow['machine'];

function round(messagesPerSecond: number, cpuPerMessageUs: number, more: Partial<BenchRow> = {}): BenchRow {
	return {
		model: 'epoll-lt', clients: 10, size: 64, mode: 'pingpong', seconds: 2, warmupSeconds: 1.5, connected: 10, served: 10,
		messagesPerSecond, mbPerSecond: messagesPerSecond * 64 / 1e6, latencyMs: {p50: 0.1, p99: 0.2, p999: 0.3, max: 1},
		serverCpu: messagesPerSecond * cpuPerMessageUs / 1e6, cpuPerMessageUs, syscallsPerMessage: 2.2,
		peakRssMb: 70, peakThreads: 12, peakProcesses: 1, refused: 0, errors: {}, corruptBytes: 0, machine, ...more,
	};
}

const test = suite('combineRounds');

test('should give the median round\'s rates and CPU, and keep every round\'s figures in order', () => {
	const row = combineRounds([round(120_000, 7.5), round(90_000, 9.1), round(130_000, 6.9)]);
	assert.is(row.messagesPerSecond, 120_000);
	assert.is(row.cpuPerMessageUs, 7.5);
	assert.equal(row.rounds, {messagesPerSecond: [120_000, 90_000, 130_000], cpuPerMessageUs: [7.5, 9.1, 6.9]});
});

test('should not hide the worst round: fewest served, longest stall, peaks, every error and corrupt byte', () => {
	const row = combineRounds([
		round(100_000, 7, {errors: {ECONNRESET: 1}}),
		round(100_000, 7, {served: 9, latencyMs: {p50: 0.1, p99: 0.2, p999: 0.3, max: 40}, peakRssMb: 90, corruptBytes: 3, errors: {ECONNRESET: 2, EPIPE: 1}, refused: 4, refusedReason: 'fd past FD_SETSIZE'}),
	]);
	assert.is(row.served, 9);
	assert.is(row.latencyMs.max, 40);
	assert.is(row.peakRssMb, 90);
	assert.is(row.corruptBytes, 3);
	assert.equal(row.errors, {ECONNRESET: 3, EPIPE: 1});
	assert.equal([row.refused, row.refusedReason], [4, 'fd past FD_SETSIZE']);
});

test('should leave a single round as it was', () => {
	const only = round(100_000, 7);
	assert.is(combineRounds([only]), only);
});

test.run();
