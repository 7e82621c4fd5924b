// A lesson whose claim is made false says so: the checks read what the kernel and the server did, not what the lesson expects.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {levelVsEdge} from '../../source/lessons/level-vs-edge.js';
import type {LessonResult} from '../../source/lessons/lesson.js';
import {oneAtATime} from '../../source/lessons/one-at-a-time.js';
import {runLesson} from '../../source/lessons/run-lesson.js';

/** Every check of a result, as `verdict: evidence` lines, for failure messages. */
function evidence(result: LessonResult): string {
	return [result.reason ?? '', ...result.steps.flatMap(step => step.checks.map(check => `${check.verdict}: ${check.expect}: ${check.evidence}`))].join('\n');
}

/** The check named `expect`, wherever it is. */
function check(result: LessonResult, expect: string) {
	return result.steps.flatMap(step => step.checks).find(each => each.expect === expect);
}

const test = suite('lessons made false');

test('should hold lesson 1 on blocking: nine wait in the accept queue', async () => {
	const result = await runLesson(oneAtATime);
	assert.is(result.verdict, 'held', evidence(result));
	assert.equal(check(result, '9 wait in the accept queue')?.measured, {depth: 9, limit: 128});
});

test('should not hold lesson 1 on epoll-lt, where no one waits', async () => {
	const result = await runLesson(oneAtATime, {options: {model: 'epoll-lt'}});
	assert.is(result.verdict, 'did-not-hold', evidence(result));
	assert.is(result.model, 'epoll-lt');
	const queued = check(result, '9 wait in the accept queue');
	assert.is(queued?.verdict, 'did-not-hold');
	assert.is(queued?.measured['depth'], 0, 'every client was accepted at once');
	assert.is(check(result, 'the waiting clients are not')?.verdict, 'did-not-hold', 'every client was echoed');
});

test('should hold lesson 9 reading once per event: the edge-triggered stall', async () => {
	const result = await runLesson(levelVsEdge);
	assert.is(result.verdict, 'held', evidence(result));
	const stall = check(result, 'bytes stuck in the receive queue, no new event');
	assert.ok((stall?.measured['receiveQueue'] ?? 0) > 0, 'bytes left in the kernel');
});

test('should not hold lesson 9 with draining on, where the stall cannot happen', async () => {
	const result = await runLesson(levelVsEdge, {options: {readOnce: false}});
	assert.is(result.verdict, 'did-not-hold', evidence(result));
	const stall = check(result, 'bytes stuck in the receive queue, no new event');
	assert.is(stall?.verdict, 'did-not-hold');
	assert.is(stall?.measured['receiveQueue'], 0, 'nothing left in the kernel');
	assert.is(check(result, 'the fd is reported again while bytes remain')?.verdict, 'did-not-hold', 'level-triggered read it all at the first report');
});

test.run();
