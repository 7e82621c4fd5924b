// The lesson pane's state as a reducer fed the runner's progress and the gate, and its lines fitted to a size.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import type {Check, LessonResult} from '../../../source/lessons/lesson.js';
import {initialLesson, reduceLesson, stepVerdict, type LessonAction, type LessonState} from '../../../source/ui/store/lesson.js';
import {lessonHeading, lessonLines} from '../../../source/ui/lesson-lines.js';

const CLAIM = 'A blocking server serves one client at a time: the others are connected, yet wait in the accept queue.';
const start = initialLesson({number: 1, title: 'One at a time', claim: CLAIM, count: 3, auto: false});
const run = (actions: readonly LessonAction[], state: LessonState = start): LessonState => actions.reduce(reduceLesson, state);
const held = (evidence: string, expect = 'x'): Check => ({expect, verdict: 'held', evidence, measured: {}});
const step = (index: number, title = `step ${index + 1}`): LessonAction => ({kind: 'step', index, count: 3, title, watch: `queue depths: figure ${index + 1}`});
const result = (verdict: LessonResult['verdict'], reason?: string): LessonResult => ({
	id: 'one-at-a-time', title: 'One at a time', claim: CLAIM, model: 'blocking', models: ['blocking'], verdict, steps: [], seconds: 7.84, ...(reason ? {reason} : {}),
});

const test = suite('lesson pane state');

test('should wait at the gate, run the step, and keep each step\'s checks and notes with it', () => {
	const waiting = run([step(0), {kind: 'gate-waiting', index: 0}]);
	assert.equal([waiting.phase, waiting.current, waiting.steps.length], ['ready', 0, 1]);
	const ran = run([{kind: 'gate-open', index: 0}, {kind: 'model', modelId: 'blocking'}, {kind: 'check', index: 0, check: held('accept queue 9 of 128')}, {kind: 'note', index: 0, text: 'n'}], waiting);
	assert.equal([ran.phase, ran.modelId, ran.steps[0]!.checks.length, ran.steps[0]!.notes], ['running', 'blocking', 1, ['n']]);
	const next = run([step(1), {kind: 'gate-waiting', index: 1}], ran);
	assert.equal([next.phase, next.current, next.steps.length, next.steps[0]!.checks.length], ['ready', 1, 2, 1], 'the step before keeps its evidence');
	assert.is(stepVerdict(next.steps[0]!), 'held');
	assert.is(stepVerdict(next.steps[1]!), undefined);
});

test('should end with the verdict, and change no more once leaving', () => {
	const done = run([step(0), {kind: 'done', result: result('did-not-hold', 'step 1: timed out')}]);
	assert.equal(done.result, {verdict: 'did-not-hold', reason: 'step 1: timed out', seconds: 7.84});
	const leaving = run([{kind: 'leaving'}, {kind: 'check', index: 0, check: held('late')}, step(1)], done);
	assert.is(leaving.phase, 'leaving');
	assert.is(leaving.steps[0]!.checks.length, 0);
});

test('should ignore a gate for another step and a check for a step not announced', () => {
	const state = run([step(0), {kind: 'gate-waiting', index: 1}, {kind: 'check', index: 2, check: held('x')}]);
	assert.is(state.phase, 'running');
	assert.is(state.steps[0]!.checks.length, 0);
});

// ---

const lines = suite('lesson pane lines');

lines('should show the claim, the step, what to watch and every check at 80x24, each line within the width', () => {
	const state = run([step(0, '10 clients connect to blocking'), {kind: 'gate-waiting', index: 0}, {kind: 'gate-open', index: 0},
		{kind: 'check', index: 0, check: held('1 of 10 accepted by the server', 'one client accepted')},
		{kind: 'check', index: 0, check: held('accept queue 9 of 128', '9 wait in the accept queue')},
		{kind: 'check', index: 0, check: held('9 rows waiting', '9 rows waiting')}]);
	const shown = lessonLines(state, 76, 8);
	assert.ok(shown.every(line => line.text.length <= 76), 'no line wider than the pane');
	assert.equal(shown.map(line => line.text), [
		'A blocking server serves one client at a time: the others are connected, yet',
		'wait in the accept queue.',
		'> 10 clients connect to blocking',
		'watch: queue depths: figure 1',
		'✓ one client accepted: 1 of 10 accepted by the server',
		'✓ 9 wait in the accept queue: accept queue 9 of 128',
		'✓ 9 rows waiting: 9 rows waiting',
	]);
	assert.equal(lessonHeading(state), {title: 'lesson 1: One at a time', note: 'step 1 of 3'});
});

lines('should show the step just done and the next one at the gate between them', () => {
	const state = run([step(0), {kind: 'check', index: 0, check: held('accept queue 9 of 128')}, step(1, 'Every client sends'), {kind: 'gate-waiting', index: 1}]);
	const text = lessonLines(state, 76, 8).map(line => line.text);
	assert.ok(text.includes('> step 1  (done)'), text.join('\n'));
	assert.ok(text.includes('next > Every client sends  (enter runs it)'), text.join('\n'));
	assert.is(lessonHeading(state).note, 'step 1 of 3');
});

lines('should cut the least needed first when short, and say how many checks it left out', () => {
	const checks = Array.from({length: 6}, (_, index): LessonAction => ({kind: 'check', index: 0, check: held(`figure ${index}`)}));
	const done = run([step(0), ...checks, {kind: 'done', result: result('held')}]);
	const shown = lessonLines(done, 76, 6);
	assert.is(shown.length, 6);
	assert.equal(shown.slice(0, 2).map(line => line.style), ['claim', 'claim'], 'the claim whole');
	assert.match(shown[2]!.text, /^✓ held: every check held/);
	assert.is(shown.at(-1)!.text, '  +4 more: held');
	assert.equal(lessonHeading(done).note, 'held in 7.8 s');
	assert.is(lessonLines(done, 76, 2).length, 2, 'never more lines than rows');
});

test.run();
lines.run();
