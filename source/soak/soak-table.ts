// The soak's result for people: one line per model and fault, held or failed with the numbers, then what failed and how to rerun it.
import {TOLERANCES} from './process-probe.js';
import type {SoakRow} from './soak-model.js';

/** `epoll-et  churn-20  held    3.1 s  412 conns, ...` */
export function formatRow(row: SoakRow, widths = {model: 12, fault: 11}): string {
	return [
		row.model.padEnd(widths.model),
		row.fault.padEnd(widths.fault),
		(row.held ? 'held' : 'FAILED').padEnd(6),
		`${row.seconds.toFixed(1)} s`.padStart(7),
		row.numbers,
	].join('  ');
}

/** The table, the tolerances it was judged by, and for each failure its problems and a command that reruns it. */
export function formatSoak(rows: readonly SoakRow[]): string {
	const widths = {
		model: Math.max(5, ...rows.map(row => row.model.length)),
		fault: Math.max(5, ...rows.map(row => row.fault.length)),
	};
	const header = ['model'.padEnd(widths.model), 'fault'.padEnd(widths.fault), 'result', '   time', 'numbers'].join('  ');
	const failed = rows.filter(row => !row.held);
	const lines = [header, ...rows.map(row => formatRow(row, widths)), ''];
	lines.push(`tolerances once the clients are gone: fds +${TOLERANCES.fds}, threads +${TOLERANCES.threads}, child processes +${TOLERANCES.children}, `
		+ `RSS +${TOLERANCES.rssKb / 1024} MiB or +${TOLERANCES.rssFraction * 100}%, whichever is more`);
	for (const row of failed) {
		lines.push('', `FAILED ${row.model} ${row.fault}:`, ...row.problems.map(problem => `  - ${problem}`), `  rerun: ${row.reproduce}`);
	}

	lines.push('', `${rows.length - failed.length} held, ${failed.length} failed`);
	return lines.join('\n');
}
