// `echo-tui lessons` and `echo-tui lesson` as a user runs them: the list, the narration, the check table, bad input, a signal.
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {lessons} from '../../source/lessons/index.js';
import {runCli, startCli} from '../helpers/cli-process.js';
import {waitUntil, within} from '../helpers/time.js';
import {childrenOf} from '../helpers/processes.js';
import {isHeavyModule, modulesLoadedBy} from '../helpers/loaded-modules.js';

/** A JSON row of `lesson --json`, as far as these tests read it. */
type Row = {
	number: number;
	result: string;
	reason?: string;
	evidence: string[];
	steps: Array<{checks: Array<{result: string; measured: Record<string, number>}>}>;
};

const test = suite('echo-tui lessons and lesson');

test('should list every lesson with its number, models and claim, and as JSON with its steps', async () => {
	const text = await runCli(['lessons']);
	assert.is(text.code, 0, text.stderr);
	for (const [index, lesson] of lessons.entries()) {
		assert.match(text.stdout, `${String(index + 1).padStart(2)}  ${lesson.title} (${lesson.models.join(', ')})`);
	}

	const json = await runCli(['lessons', '--json']);
	const rows = JSON.parse(json.stdout) as Array<{number: number; id: string; claim: string; steps: Array<{title: string; watch: string}>}>;
	assert.equal(rows.map(row => row.number), lessons.map((_, index) => index + 1));
	assert.equal(rows.map(row => row.id), lessons.map(lesson => lesson.id));
	assert.ok(rows.every(row => row.claim && row.steps.length > 0 && row.steps.every(step => step.watch)), 'every step says what to watch');
});

test('should refuse a lesson that is not one, in one line with exit status 2', async () => {
	for (const [args, message] of [
		[['lesson'], 'which lesson? echo-tui lesson N (1 to 11)'],
		[['lesson', '0'], 'a lesson is a number from 1 to 11, or all, not "0"'],
		[['lesson', '12'], 'not "12"'],
		[['lesson', 'one'], 'not "one"'],
		[['lesson', '1', '2'], 'unexpected argument "2"'],
		[['lessons', '3'], 'unexpected argument "3"'],
		[['lesson', '--check', '--model', 'blocking'], '--model is for the monitor and echo-tui serve, not echo-tui lesson'],
		[['lessons', '--check'], '--check is for echo-tui lesson, not echo-tui lessons'],
	] as const) {
		const result = await runCli(args);
		assert.is(result.code, 2, args.join(' '));
		assert.is(result.stdout, '', args.join(' '));
		assert.match(result.stderr, message, args.join(' '));
		assert.is(result.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
	}
});

test('should narrate a lesson: each step, what to watch, each check as measured, the verdict', async () => {
	const result = await runCli(['lesson', '10'], 30_000);
	assert.is(result.code, 0, result.stderr);
	const lines = result.stdout.split('\n');
	assert.is(lines[0], 'Lesson 10: The keyboard replaces stdin');
	assert.ok(lines.includes('Step 1/2: select with 2 clients'), result.stdout);
	assert.ok(lines.some(line => line.startsWith('  watch: readiness:')), result.stdout);
	assert.ok(lines.some(line => /^ {2}✓ the loop stops within 1 s: stopped in \d+ ms; 2 of 2 clients saw the connection close$/.test(line)), result.stdout);
	assert.match(result.stdout, /\nLesson 10 held \(\d+\.\d s\)\n/);
});

test('should check a lesson headless: a JSON row with its verdict and every check\'s numbers', async () => {
	const result = await runCli(['lesson', '--check', '3', '--json'], 30_000);
	assert.is(result.code, 0, result.stderr);
	const rows = JSON.parse(result.stdout) as Row[];
	assert.is(rows.length, 1);
	assert.is(rows[0]!.number, 3);
	assert.is(rows[0]!.result, 'held', rows[0]!.evidence.join('\n'));
	assert.ok(rows[0]!.evidence.some(line => line.includes('recv -> 0: peer closed')), 'the evidence says what was measured');
	assert.ok(rows[0]!.steps.every(step => step.checks.every(check => Object.keys(check.measured).length > 0)), 'every check carries its numbers');
});

test('should print the check table: lesson, claim, result, evidence', async () => {
	const result = await runCli(['lesson', '--check', '1'], 30_000);
	assert.is(result.code, 0, result.stderr);
	const [header, first] = result.stdout.split('\n');
	assert.match(header!, /^#\s+lesson\s+claim\s+result\s+evidence$/);
	assert.match(first!, /^ 1 {2}One at a time\s+A blocking server serves one\s+held\s+✓ 1 of 10 accepted by the server$/);
	assert.match(result.stdout, '✓ accept queue 9 of 128');
	assert.match(result.stdout, /\n1 held, 0 did not hold, 0 unavailable, in \d+\.\d s\n$/);
});

test('should list the lessons without loading koffi or any model\'s code', () => {
	for (const args of [['lessons'], ['lessons', '--json']]) {
		const loaded = modulesLoadedBy(args);
		assert.ok(loaded.some(url => url.endsWith('/dist/lessons/index.js')), `the recorder saw the lessons load (${args.join(' ')})`);
		assert.equal(loaded.filter(url => isHeavyModule(url) || url.includes('/dist/engine/')), [], `echo-tui ${args.join(' ')}`);
	}
});

test('should stop on SIGINT mid-lesson: what was measured printed, nothing left running, ended by SIGINT', async () => {
	const cli = startCli(['lesson', '--check', '7']);
	let children: number[] = [];
	try {
		// Lesson 7 opens its idle clients in a child process: the signal comes while it runs.
		children = await waitUntil(20_000, 'the idle clients\' process', () => {
			const now = childrenOf(cli.child.pid!);
			return now.length > 0 && now;
		});
		cli.child.kill('SIGINT');
		const result = await within(8000, 'the lesson to end after SIGINT', cli.exited);
		assert.is(result.signal, 'SIGINT', result.stderr);
		assert.match(result.stderr, 'echo-tui lesson: interrupted by SIGINT after 0 of 1 lessons');
		assert.match(result.stdout, /select scans every fd\s.*unavailable/);
		assert.match(result.stdout, '- stopped during step 1');
	} finally {
		cli.child.kill('SIGKILL');
	}

	await waitUntil(3000, `the child processes ${children.join(', ')} gone`, () => children.every(pid => !fs.existsSync(`/proc/${pid}`)));
});

test.run();
