// select(2)'s timeout: written as the kernel's timeval, whatever fraction of a millisecond it is given.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {select} from '../../source/sys/index.js';

const test = suite('select timeout');

test('should wait out the timeout given, whole seconds and microseconds, and say nothing was ready', () => {
	for (const timeoutMs of [30, 1000.5]) {
		const started = performance.now();
		assert.is(select(0, null, null, timeoutMs), 0);
		const waited = performance.now() - started;
		assert.ok(waited >= timeoutMs - 5, `waited ${Math.round(waited)} ms of ${timeoutMs}`);
	}
});

test.run();
