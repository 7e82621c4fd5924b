// `npm run soak`: every model under every fault, a table of what held, exit status 1 if anything failed.
import process from 'node:process';
import {settleColorEnv} from '../util/child-env.js';
import {UsageError} from '../util/usage-error.js';

// Before node:util loads (soak-options imports it): no colour warning from Node 22+, here or in the servers started.
settleColorEnv();
const {formatRow, formatSoak} = await import('./soak-table.js');
const {parseSoakArgs, SOAK_HELP} = await import('./soak-options.js');
const {runSoak} = await import('./soak.js');

// Stopped by hand: exit through 'exit', where every server still running is killed.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => process.exit(130));
}

async function main(): Promise<number> {
	let options;
	try {
		options = parseSoakArgs(process.argv.slice(2));
	} catch (error) {
		if (error instanceof UsageError) {
			process.stderr.write(`soak: ${error.message}\n`);
			return error.exitCode;
		}

		throw error;
	}

	if (options === 'help') {
		process.stdout.write(`${SOAK_HELP.replace(/^\n/, '').trimEnd()}\n`);
		return 0;
	}

	process.stderr.write(`soak: ${options.models.length} models × ${options.faults.length} faults, ${options.seconds} s of churn per level, ${options.limitRounds} round(s) at the fd limit\n`);
	const rows = await runSoak(options, row => process.stderr.write(`${formatRow(row)}\n`));
	process.stdout.write(`\n${formatSoak(rows)}\n`);
	return rows.every(row => row.held) ? 0 : 1;
}

try {
	process.exitCode = await main();
} catch (error) {
	process.stderr.write(`soak: ${(error as Error).message}\n`);
	process.exitCode = 1;
}
