// serve's bounded output against a Node stream whose reader takes chunks only when the test says.
import {Writable} from 'node:stream';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {BoundedOutput, type SuppressedCounts} from '../../source/commands/bounded-output.js';
import {delay} from '../helpers/time.js';

const LIMIT = 1024;

/** A writable stream with a reader that can stall: chunks wait until `read()` takes them. */
function stallingReader({stalled = false, highWaterMark = 256} = {}) {
	const taken: string[] = [];
	const waiting: Array<() => void> = [];
	const reader = {taken, stalled};
	const stream = new Writable({
		highWaterMark,
		decodeStrings: false,
		write(chunk: string, _encoding, callback) {
			const take = (): void => {
				taken.push(chunk);
				callback();
			};

			if (reader.stalled) {
				waiting.push(take);
			} else {
				take();
			}
		},
	});
	return {
		stream,
		/** Every line the reader has taken so far. */
		lines: () => taken.join('').split('\n').filter(Boolean),
		/** The reader catches up and reads on. */
		resume() {
			reader.stalled = false;
			for (const take of waiting.splice(0)) {
				take();
			}
		},
	};
}

const describe = (suppressed: Readonly<SuppressedCounts>): string => `slow ${JSON.stringify(suppressed)}`;

const test = suite('bounded output');

test('should write every line while the reader keeps up, in one chunk per tick', async () => {
	const reader = stallingReader();
	const output = new BoundedOutput(reader.stream, {limitBytes: LIMIT, describeSuppressed: describe});
	for (let index = 0; index < 100; index++) {
		output.detail('recv', () => `line ${index}`);
	}

	await delay(10);
	assert.is(reader.lines().length, 100);
	assert.is(reader.lines()[99], 'line 99');
	assert.is(output.leftOut, 0);
});

test('should count detail past the limit without formatting it, keep essential lines, and say what was left out once drained', async () => {
	const reader = stallingReader({stalled: true});
	const output = new BoundedOutput(reader.stream, {limitBytes: LIMIT, describeSuppressed: describe});
	let rendered = 0;
	const line = 'x'.repeat(99);
	for (let index = 0; index < 1000; index++) {
		output.detail(index % 2 ? 'send' : 'recv', () => {
			rendered++;
			return line;
		});
		// Let the output hand its chunk to the stream now and then, as batches arriving do.
		if (index % 5 === 4) {
			await delay(0);
		}
	}

	output.essential('listening');
	output.summary({recv: 7}, () => 'probe summary');
	await delay(10);
	const written = rendered;
	assert.ok(written >= LIMIT / 100 && written < 30, `lines queued before the stall: ${written}`);
	assert.is(output.leftOut, 1000 - written);

	reader.resume();
	await delay(10);
	const lines = reader.lines();
	assert.is(lines.length, written + 2, lines.join('\n'));
	assert.is(lines[written], 'listening');
	const counts = JSON.parse(lines.at(-1)!.slice('slow '.length)) as SuppressedCounts;
	assert.is(counts.recv! + counts.send!, 1000 - written + 7, 'every left-out line, and the summary merged in');

	output.detail('recv', () => 'after');
	await delay(10);
	assert.is(reader.lines().at(-1), 'after', 'writing again once the reader caught up');
});

test('should end with what is still left out and the last line, resolving once the reader took it', async () => {
	const reader = stallingReader({stalled: true});
	const output = new BoundedOutput(reader.stream, {limitBytes: LIMIT, describeSuppressed: describe});
	for (let index = 0; index < 100; index++) {
		output.detail('recv', () => 'y'.repeat(200));
		await delay(0);
	}

	const ended = output.end('totals', 5000);
	await delay(20);
	reader.resume();
	assert.is(await ended, true);
	const lines = reader.lines();
	assert.is(lines.at(-1), 'totals');
	assert.match(lines.at(-2)!, /^slow \{"recv":\d+\}$/);
	output.detail('recv', () => 'late');
	output.essential('late');
	await delay(10);
	assert.is(reader.lines().at(-1), 'totals', 'nothing after the last line');
});

test('should give up on a reader that never reads, after the timeout', async () => {
	const reader = stallingReader({stalled: true});
	const output = new BoundedOutput(reader.stream, {limitBytes: LIMIT, describeSuppressed: describe});
	const started = performance.now();
	assert.is(await output.end('totals', 100), false);
	assert.ok(performance.now() - started < 2000);
});

test('should stop writing and say so when the stream fails (the reader is gone)', async () => {
	const stream = new Writable({
		write(_chunk, _encoding, callback) {
			callback(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}));
		},
	});
	const errors: Error[] = [];
	const output = new BoundedOutput(stream, {limitBytes: LIMIT, describeSuppressed: describe, onClosed: error => errors.push(error)});
	output.essential('listening');
	await delay(10);
	assert.is(errors.length, 1);
	assert.is((errors[0] as NodeJS.ErrnoException).code, 'EPIPE');
	assert.is(await output.end('totals', 1000), false);
});

test.run();
