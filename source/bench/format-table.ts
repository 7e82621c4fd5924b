// The benchmark's rows as an aligned table for people.
import {DEFAULT_WARMUP_SECONDS} from './bench-options.js';
import {PEER_PREFIX, type BenchRow, type SkippedRow} from './bench-row.js';
import {formatMachine} from './machine.js';
import {describeNativeFork, describeNativeThread} from './spawn-cost.js';
import {median} from '../util/median.js';
import type {TaskUnit} from './task-cost.js';
import {formatBytes} from '../format/bytes.js';
import {formatMicros} from '../format/duration.js';

type Column = {
	readonly title: string;
	readonly value: (row: BenchRow) => string;
	readonly left?: boolean;
	/** Shown only when some row has it. */
	readonly when?: (row: BenchRow) => boolean;
};

const integer = (value: number): string => Math.round(value).toLocaleString('en-US');
const decimal = (value: number, digits = 1): string => value.toFixed(digits);
const spread = (values: readonly number[]): string => `${decimal(Math.min(...values))}–${decimal(Math.max(...values))}`;

const COLUMNS: readonly Column[] = [
	{title: 'model', value: row => row.model, left: true},
	{title: 'clients', value: row => integer(row.clients)},
	{title: 'size', value: row => `${integer(row.size)} B`},
	{title: 'served', value: row => row.served === row.clients ? 'all' : `${integer(row.served)}/${integer(row.clients)}`},
	{title: 'msg/s', value: row => integer(row.messagesPerSecond)},
	{title: 'MB/s', value: row => decimal(row.mbPerSecond)},
	{title: 'p50 ms', value: row => decimal(row.latencyMs.p50, 2)},
	{title: 'p99 ms', value: row => decimal(row.latencyMs.p99, 2)},
	{title: 'p99.9 ms', value: row => decimal(row.latencyMs.p999, 2), when: row => row.mode === 'open'},
	{title: 'max ms', value: row => decimal(row.latencyMs.max, 1)},
	{title: 'cpu', value: row => decimal(row.serverCpu, 2)},
	{title: 'µs/msg', value: row => decimal(row.cpuPerMessageUs, 1)},
	// The spread over the rounds: how far one run's figure can be trusted on this machine.
	{title: 'µs/msg rounds', value: row => row.rounds ? spread(row.rounds.cpuPerMessageUs) : '-', when: row => row.rounds !== undefined},
	{title: 'sys/msg', value: row => row.syscallsPerMessage === undefined ? '-' : decimal(row.syscallsPerMessage, 2), when: row => row.syscallsPerMessage !== undefined},
	{title: 'RSS MiB', value: row => decimal(row.peakRssMb, 0)},
	{title: 'thr', value: row => integer(row.peakThreads)},
	{title: 'proc', value: row => integer(row.peakProcesses)},
	{title: 'refused', value: row => integer(row.refused)},
	{title: 'errors', value: row => integer(Object.values(row.errors).reduce((sum, count) => sum + count, 0))},
	{title: 'corrupt', value: row => integer(row.corruptBytes)},
];

/**
 * `52.0 ms, 6.4 MiB private (a new Node process)`: the medians over the rows of the model that
 * starts a `unit` per client, or why there is none.
 */
function nodeTaskCost(measured: readonly BenchRow[], unit: TaskUnit): string {
	const costs = measured.flatMap(row => row.taskCost?.unit === unit ? [row.taskCost] : []);
	if (costs.length === 0) {
		return 'not measured';
	}

	const startMs = median(costs.flatMap(cost => cost.startMs === undefined ? [] : [cost.startMs]));
	const privateKb = median(costs.flatMap(cost => cost.privateKb === undefined ? [] : [cost.privateKb]));
	const start = startMs === undefined ? 'start not measured' : formatMicros(startMs * 1000);
	const memory = privateKb === undefined ? 'memory not measured' : `${formatBytes(privateKb * 1024)} private`;
	return `${start}, ${memory} (${unit === 'process' ? 'a new Node process: Node cannot fork()' : 'a worker thread with its own isolate'})`;
}

/** What a process and a thread per client cost here, in Node (this run's fork and threads rows) and in C. */
function taskCostLines(measured: readonly BenchRow[]): string[] {
	const native = measured[0]?.machine.cSpawnCost;
	if (!native) {
		return [];
	}

	// Only for the models in this run: a line about fork in a table without it would be noise.
	const ran = (model: string): boolean => measured.some(row => row.model === model);
	return [
		...(ran('fork') ? [`a process per client here: ${nodeTaskCost(measured, 'process')}; ${describeNativeFork(native)}`] : []),
		...(ran('threads') ? [`a thread per client here: ${nodeTaskCost(measured, 'thread')}; ${describeNativeThread(native)}`] : []),
	];
}

/** What the rows were measured on and how, above the table: the machine, and an open loop's rate. */
function heading(measured: readonly BenchRow[]): string[] {
	const first = measured[0];
	if (!first) {
		return [];
	}

	const open = measured.find(row => row.mode === 'open');
	const rounds = measured.find(row => row.rounds)?.rounds?.cpuPerMessageUs.length;
	return [
		formatMachine(first.machine),
		...taskCostLines(measured),
		...(first.warmupSeconds === DEFAULT_WARMUP_SECONDS ? [] : [`measured after at least ${first.warmupSeconds} s of traffic (--warmup)`]),
		...(open ? [`open loop: ${integer(open.rate ?? 0)} messages a second per client; latency from when each was due`] : []),
		...(rounds ? [`medians of ${rounds} rounds, every server measured in turn in each round (max ms: the worst round; errors: all of them)`] : []),
		'',
	];
}

/**
 * Rows as text: the machine, a header, one line per row, then notes (skipped servers, the peers'
 * commands, refusal reasons, errors by name).
 */
export function formatTable(rows: ReadonlyArray<BenchRow | SkippedRow>): string {
	const measured = rows.filter((row): row is BenchRow => !('skipped' in row));
	const columns = COLUMNS.filter(column => !column.when || measured.some(row => column.when!(row)));
	const cells = [columns.map(column => column.title), ...measured.map(row => columns.map(column => column.value(row)))];
	const widths = columns.map((_, index) => Math.max(...cells.map(line => line[index]!.length)));
	const lines = cells.map(line => line.map((cell, index) => columns[index]!.left ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!)).join('  ').trimEnd());
	const notes: string[] = [];
	const commands = new Map<string, string>();
	for (const row of rows) {
		if ('skipped' in row) {
			notes.push(`${row.model}: skipped, ${row.skipped}`);
		} else {
			// A user's own command, to tell the rows apart; the CPython peers' are in the JSON.
			if (row.command && row.model.startsWith(PEER_PREFIX)) {
				commands.set(row.model, row.command);
			}

			if (row.refusedReason) {
				notes.push(`${row.model}, ${row.clients} clients: ${integer(row.refused)} refused: ${row.refusedReason}`);
			}

			const errors = Object.entries(row.errors).map(([name, count]) => `${name} ${integer(count)}`);
			if (errors.length > 0) {
				notes.push(`${row.model}, ${row.clients} clients: errors ${errors.join(', ')}`);
			}
		}
	}

	notes.push(...[...commands].map(([model, command]) => `${model}: ${command}`));
	return [...heading(measured), ...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
