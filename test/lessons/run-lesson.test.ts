// The runner: progress in order, a gate before each step, and every way out stops what the lesson started.
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {Engine} from '../../source/engine/engine.js';
import {findModel} from '../../source/models/index.js';
import {lessons} from '../../source/lessons/index.js';
import {keyboardStops} from '../../source/lessons/keyboard-stops.js';
import {defineLesson} from '../../source/lessons/lesson.js';
import {runLesson, type LessonProgress} from '../../source/lessons/run-lesson.js';
import {recvZero} from '../../source/lessons/recv-zero.js';
import {selectScans} from '../../source/lessons/select-scans.js';
import {waitUntil, within} from '../helpers/time.js';

/** What this process holds: fds, threads, child processes. */
function holdings(): {fds: number; threads: number; children: string[]} {
	const tasks = fs.readdirSync('/proc/self/task');
	const children = tasks.flatMap(tid => fs.readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ').filter(Boolean));
	return {fds: fs.readdirSync('/proc/self/fd').length, threads: tasks.length, children};
}

/** Wait until this process holds what it held before (threads leave /proc a little after they end). */
async function backTo(before: ReturnType<typeof holdings>): Promise<void> {
	await waitUntil(5000, `fds, threads and children back to ${JSON.stringify(before)} (now ${JSON.stringify(holdings())})`, () => {
		const now = holdings();
		return now.fds === before.fds && now.threads === before.threads && now.children.length === before.children.length;
	});
}

const test = suite('runLesson');

test('should report each step, its model and its checks in order, and wait at the gate before each step', async () => {
	const seen: string[] = [];
	const gates: number[] = [];
	const result = await runLesson(keyboardStops, {
		onProgress(progress: LessonProgress) {
			seen.push(progress.kind === 'step' ? `step ${progress.index}` : progress.kind === 'check' ? `check ${progress.index}` : progress.kind);
		},
		async beforeStep(index) {
			gates.push(index);
			seen.push(`gate ${index}`);
		},
	});
	assert.is(result.verdict, 'held', result.reason);
	assert.equal(gates, [0, 1]);
	assert.equal(seen, ['step 0', 'gate 0', 'model', 'check 0', 'step 1', 'gate 1', 'check 1', 'check 1', 'done']);
	assert.equal(result.steps.map(step => step.checks.length), [1, 2]);
	assert.ok(result.steps.every(step => step.watch.length > 0), 'every step says what to watch');
});

test('should stop the model, the clients and the child process it started when aborted mid-step', async () => {
	const before = holdings();
	const controller = new AbortController();
	// Abort once the idle clients' process is up, when the most is running.
	let sawChild = false;
	const watch = setInterval(() => {
		if (holdings().children.length > before.children.length) {
			sawChild = true;
			controller.abort();
		}
	}, 20);
	try {
		const result = await within(20_000, 'the aborted run', runLesson(selectScans, {signal: controller.signal}));
		assert.ok(sawChild, 'aborted while the idle clients\' process ran');
		assert.is(result.verdict, 'unavailable');
		assert.is(result.reason, 'stopped during step 1');
		assert.is(result.steps[0]?.verdict, 'unavailable');
	} finally {
		clearInterval(watch);
	}

	await backTo(before);
});

test('should hold the end open, the model still running, until the hold ends or the run is aborted, then stop everything', async () => {
	const before = holdings();
	const engines: Engine[] = [];
	const controller = new AbortController();
	let heldWhileRunning: string | undefined;
	let doneFirst = false;
	const running = runLesson(recvZero, {
		signal: controller.signal,
		createEngine(options) {
			const engine = new Engine(options);
			engines.push(engine);
			return engine;
		},
		onProgress(progress) {
			doneFirst ||= progress.kind === 'done';
		},
		async holdOpen(result) {
			assert.ok(doneFirst, 'done is reported before the hold');
			assert.is(result.verdict, 'held', result.reason);
			heldWhileRunning = engines.at(-1)?.modelId;
			controller.abort();
			// Never resolves: the abort ends it.
			await new Promise(() => undefined);
		},
	});
	const result = await within(20_000, 'the held run', running);
	assert.is(result.verdict, 'held', 'an abort during the hold does not change the verdict');
	assert.is(heldWhileRunning, 'blocking', 'the last model still ran during the hold');
	assert.ok(engines.every(engine => engine.modelId === undefined), 'every engine stopped after it');
	await backTo(before);
});

test('should say did not hold, with what it waited for, when a step cannot get what it needs, and stop what it started', async () => {
	const before = holdings();
	const stuck = defineLesson({
		id: 'stuck', title: 'stuck', claim: 'a step that waits in vain', models: ['blocking'], defaults: {model: 'blocking'},
		steps: ({model}) => [{
			title: 'wait for what never comes',
			watch: 'nothing',
			async run(lab) {
				const server = await lab.startModel(model);
				await lab.connectMany(server, 3);
				lab.check('three clients connected', true, '3 connected');
				await lab.require('a fourth client', () => false, 200);
			},
		}],
	});
	const result = await runLesson(stuck);
	assert.is(result.verdict, 'did-not-hold');
	assert.match(result.reason ?? '', 'step 1: timed out after 0.2 s waiting for a fourth client');
	assert.is(result.steps[0]?.checks.length, 1, 'the checks made before the failure are kept');
	await backTo(before);
});

test('should be unavailable, naming the model, when a lesson\'s model is not in the catalog', async () => {
	const missing = defineLesson({
		id: 'missing', title: 'missing', claim: 'needs a model nobody wrote', models: ['no-such-model'], defaults: {},
		steps: () => [{title: 'never runs', watch: 'nothing', async run() {
			throw new Error('a step of an unavailable lesson ran');
		}}],
	});
	const result = await runLesson(missing);
	assert.is(result.verdict, 'unavailable');
	assert.is(result.reason, 'the no-such-model model is not in this build\'s catalog');
	assert.is(result.steps[0]?.verdict, 'unavailable');
});

test('should call the io_uring lesson unavailable, naming the model, where io_uring cannot run', async () => {
	const completion = lessons.find(lesson => lesson.id === 'completion')!;
	// The switch the io-uring model honours; without the model in the catalog the reason says that instead.
	process.env['ECHO_TUI_NO_IO_URING'] = '1';
	try {
		const result = await runLesson(completion);
		assert.is(result.verdict, 'unavailable');
		assert.match(result.reason ?? '', /^the io-uring model (is unavailable here: switched off by ECHO_TUI_NO_IO_URING=1|is not in this build's catalog)$/);
	} finally {
		delete process.env['ECHO_TUI_NO_IO_URING'];
	}
});

test('should number the lessons by their place in the list, each with steps that say what to watch', () => {
	assert.is(lessons.length, 11);
	assert.is(new Set(lessons.map(lesson => lesson.id)).size, 11, 'ids are unique');
	for (const lesson of lessons) {
		const steps = lesson.steps(lesson.defaults);
		assert.ok(steps.length > 0, lesson.id);
		assert.ok(steps.every(step => step.title && step.watch), `${lesson.id}: every step has a title and a watch line`);
		assert.ok(lesson.models.every(id => id === 'io-uring' || findModel(id)), `${lesson.id}: its models are in the catalog`);
	}
});

test.run();
