// `echo-tui bench`: every model side by side under the same load; a table, or JSON for scripts.
import {parseBenchOptions} from '../bench/bench-options.js';
import {runBench} from '../bench/run-bench.js';
import {formatTable} from '../bench/format-table.js';

/** Run the benchmark for the flags meow parsed; prints the table (or JSON) on stdout, progress on stderr. */
export async function bench(flags: Parameters<typeof parseBenchOptions>[0]): Promise<void> {
	const options = parseBenchOptions(flags);
	const interactive = !options.json && process.stderr.isTTY;
	const rows = await runBench(options, {
		onProgress(done, total, what) {
			if (options.json) {
				return;
			}

			const line = `bench: [${done}/${total}] ${what}`;
			process.stderr.write(interactive ? `\r\u001b[2K${line}${done === total ? '\n' : ''}` : `${line}\n`);
		},
		onWarning: message => process.stderr.write(`echo-tui bench: ${message}\n`),
	});
	process.stdout.write(options.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatTable(rows)}\n`);
}
