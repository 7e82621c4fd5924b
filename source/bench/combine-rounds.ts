// One row from a server's rounds of one case (`bench --rounds`): the medians, with each round's figures kept.
import {median} from '../util/median.js';
import type {BenchRow} from './bench-row.js';

const middle = (rows: readonly BenchRow[], figure: (row: BenchRow) => number): number => median(rows.map(figure))!;

/** Errors by name over every round. */
function summedErrors(rows: readonly BenchRow[]): Record<string, number> {
	const errors: Record<string, number> = {};
	for (const row of rows) {
		for (const [name, count] of Object.entries(row.errors)) {
			errors[name] = (errors[name] ?? 0) + count;
		}
	}

	return errors;
}

/**
 * The row of a server measured `rows.length` times under one case. Rates, CPU and latencies
 * are medians: a round the machine slowed moves them least. What must not be hidden is the
 * worst of the rounds: the fewest clients served, the peaks, every refusal, error and corrupt
 * byte. Each round's msg/s and µs/msg are kept, in order (`rounds`).
 */
export function combineRounds(rows: readonly BenchRow[]): BenchRow {
	const [first] = rows;
	if (!first) {
		throw new Error('combineRounds needs at least one row');
	}

	if (rows.length === 1) {
		return first;
	}

	const syscalls = rows.flatMap(row => row.syscallsPerMessage === undefined ? [] : [row.syscallsPerMessage]);
	const refused = rows.reduce((most, row) => row.refused > most.refused ? row : most, first);
	return {
		...first,
		seconds: middle(rows, row => row.seconds),
		connected: Math.min(...rows.map(row => row.connected)),
		served: Math.min(...rows.map(row => row.served)),
		messagesPerSecond: middle(rows, row => row.messagesPerSecond),
		mbPerSecond: middle(rows, row => row.mbPerSecond),
		latencyMs: {
			p50: middle(rows, row => row.latencyMs.p50),
			p99: middle(rows, row => row.latencyMs.p99),
			p999: middle(rows, row => row.latencyMs.p999),
			max: Math.max(...rows.map(row => row.latencyMs.max)),
		},
		serverCpu: middle(rows, row => row.serverCpu),
		cpuPerMessageUs: middle(rows, row => row.cpuPerMessageUs),
		...(syscalls.length > 0 ? {syscallsPerMessage: median(syscalls)!} : {}),
		peakRssMb: Math.max(...rows.map(row => row.peakRssMb)),
		peakThreads: Math.max(...rows.map(row => row.peakThreads)),
		peakProcesses: Math.max(...rows.map(row => row.peakProcesses)),
		refused: refused.refused,
		...(refused.refusedReason ? {refusedReason: refused.refusedReason} : {}),
		errors: summedErrors(rows),
		corruptBytes: rows.reduce((sum, row) => sum + row.corruptBytes, 0),
		rounds: {messagesPerSecond: rows.map(row => row.messagesPerSecond), cpuPerMessageUs: rows.map(row => row.cpuPerMessageUs)},
	};
}
