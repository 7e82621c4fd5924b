// `echo-tui lesson --check all --json` on this machine: every lesson holds, or is unavailable saying what is missing; every row carries its numbers.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {lessons} from '../../source/lessons/index.js';
import {runCli} from '../helpers/cli-process.js';

/** A row of `lesson --check --json`, as far as this test reads it. */
type Row = {
	number: number;
	id: string;
	models: string[];
	result: 'held' | 'did not hold' | 'unavailable';
	reason?: string;
	seconds: number;
	evidence: string[];
	steps: Array<{result: string; checks: Array<{result: string; evidence: string; measured: Record<string, number>}>}>;
};

const test = suite('echo-tui lesson --check all');

test('should hold every lesson here, or say which model is missing or unavailable, each with the numbers measured', async () => {
	const started = performance.now();
	const result = await runCli(['lesson', '--check', 'all', '--json'], 240_000);
	const seconds = (performance.now() - started) / 1000;
	const rows = JSON.parse(result.stdout) as Row[];
	const summary = rows.map(row => `${row.number} ${row.id}: ${row.result} in ${row.seconds} s${row.reason ? ` (${row.reason})` : ''}\n  ${row.evidence.join('\n  ')}`).join('\n');
	assert.is(result.code, 0, `${summary}\n${result.stderr}`);
	assert.equal(rows.map(row => row.id), lessons.map(lesson => lesson.id), 'every lesson, in order');
	for (const row of rows) {
		if (row.result === 'unavailable') {
			// The reason names the model it needs: "the io-uring model is not in this build's catalog".
			assert.ok(row.models.some(model => row.reason?.includes(`the ${model} model`)), `${row.id}: ${row.reason ?? 'no reason'}`);
			continue;
		}

		assert.is(row.result, 'held', `${row.id}:\n${summary}`);
		const checks = row.steps.flatMap(step => step.checks);
		assert.ok(checks.length > 0 && checks.every(check => check.result === 'held' && check.evidence && Object.keys(check.measured).length > 0), `${row.id}: every check held, with its evidence and numbers`);
	}

	// Written, not console.log: the console would ask the terminal's colours, and Node warns when uvu's FORCE_COLOR meets NO_COLOR.
	process.stdout.write(`\n    lesson --check all: ${seconds.toFixed(1)} s\n${summary.replaceAll(/^/gm, '    ')}\n`);
});

test.run();
