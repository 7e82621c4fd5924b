// `echo-tui bench`: every model side by side under the same load; a table, or JSON for scripts.
import {parseBenchOptions} from '../bench/bench-options.js';
import {oneLine, runBench} from '../bench/run-bench.js';
import {formatTable} from '../bench/format-table.js';
import {nodeChildrenDieWithUs} from '../bench/parent-death.js';
import type {BenchRow, SkippedRow} from '../bench/bench-row.js';
import {onEveryExit} from './exit-hooks.js';

/**
 * Run the benchmark for the flags the command line parsed; prints the table (or JSON) on stdout, progress on
 * stderr. SIGINT, SIGTERM and SIGHUP stop every process it started, print the rows measured so
 * far and one line saying so, then end the process by that signal (status 130, 143, 129).
 */
export async function bench(flags: Parameters<typeof parseBenchOptions>[0]): Promise<void> {
	const options = parseBenchOptions(flags);
	const interactive = !options.json && process.stderr.isTTY;
	const rows: Array<BenchRow | SkippedRow> = [];
	let progress = {done: 0, total: 0};
	let printed = false;
	const print = (): void => {
		if (!printed && (rows.length > 0 || options.json)) {
			printed = true;
			process.stdout.write(options.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatTable(rows)}\n`);
		}
	};

	const stop = new AbortController();
	nodeChildrenDieWithUs();
	const run = runBench(options, {
		onProgress(done, total, what) {
			progress = {done, total};
			if (options.json) {
				return;
			}

			const line = `bench: [${done}/${total}] ${what}`;
			process.stderr.write(interactive ? `\r\u001b[2K${line}${done === total ? '\n' : ''}` : `${line}\n`);
		},
		onRow: row => rows.push(row),
		onWarning: message => process.stderr.write(`${interactive ? '\r\u001b[2K' : ''}echo-tui bench: ${message}\n`),
		signal: stop.signal,
	});
	onEveryExit(async cause => {
		stop.abort();
		await run.catch(() => undefined);
		if ('signal' in cause) {
			const measured = progress.total > 0 ? `after ${progress.done} of ${progress.total} measurement${progress.total === 1 ? '' : 's'}` : 'before the first measurement';
			process.stderr.write(`${interactive ? '\r\u001b[2K' : ''}echo-tui bench: interrupted by ${cause.signal} ${measured}\n`);
		}

		print();
	}, {describeError: oneLine, dieBySignal: true});
	await run;
	if (!stop.signal.aborted) {
		print();
	}
}
