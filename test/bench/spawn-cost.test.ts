// fork() and pthread_create() in C on this machine: spawn-cost.c built like the C reference, its one JSON line, and no compiler.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {isUnavailable} from '../../source/bench/c-reference.js';
import {describeNativeFork, describeNativeThread, measureNativeSpawnCost, parseSpawnCost} from '../../source/bench/spawn-cost.js';

const test = suite('spawn cost in C');

test('should measure fork() and pthread_create() here, with the child\'s and the thread\'s memory', async () => {
	const cost = await measureNativeSpawnCost();
	if (isUnavailable(cost)) {
		assert.match(cost.unavailable, /no C compiler/, 'only a missing compiler excuses it');
		return;
	}

	assert.ok(cost.forkMs > 0 && cost.forkMs < 100, `fork ${cost.forkMs} ms`);
	assert.ok(cost.threadMs > 0 && cost.threadMs < cost.forkMs, `a thread (${cost.threadMs} ms) starts faster than a process (${cost.forkMs} ms)`);
	assert.ok(cost.forkPrivateKb > 0 && cost.forkPrivateKb < cost.forkRssKb, `a forked child shares most of its ${cost.forkRssKb} KiB (${cost.forkPrivateKb} KiB its own)`);
	assert.ok(cost.threadTouchedKb > 0 && cost.threadTouchedKb < cost.threadStackKb, `a thread touches ${cost.threadTouchedKb} KiB of the ${cost.threadStackKb} KiB it reserves`);
	assert.match(describeNativeFork(cost), /^fork\(\) in C: \d+ us, [\d.]+ KiB private$/);
	assert.match(describeNativeThread(cost), /^pthread_create\(\) in C: \d+ us, [\d.]+ KiB touched of [\d.]+ MiB stack reserved$/);
});

test('should say the figure is unavailable, not fail, where there is no C compiler', async () => {
	const scratch = mkdtempSync(join(tmpdir(), 'echo-tui-no-cc-'));
	const saved = {path: process.env.PATH, cache: process.env.ECHO_TUI_CACHE_DIR};
	// An empty PATH: no cc, no gcc; an empty cache: no binary built before.
	process.env.PATH = scratch;
	process.env.ECHO_TUI_CACHE_DIR = join(scratch, 'cache');
	try {
		const cost = await measureNativeSpawnCost();
		assert.ok(isUnavailable(cost));
		assert.is(describeNativeFork(cost), 'fork() in C: unavailable (no cc)');
		assert.is(describeNativeThread(cost), 'pthread_create() in C: unavailable (no cc)');
	} finally {
		process.env.PATH = saved.path;
		if (saved.cache === undefined) {
			delete process.env.ECHO_TUI_CACHE_DIR;
		} else {
			process.env.ECHO_TUI_CACHE_DIR = saved.cache;
		}

		rmSync(scratch, {recursive: true});
	}
});

test('should refuse a line without every figure', () => {
	assert.is(parseSpawnCost('{"forkMs":0.1}'), undefined);
	assert.is(parseSpawnCost('not json'), undefined);
	assert.equal(parseSpawnCost('{"forkMs":0.1,"forkPrivateKb":44,"forkRssKb":500,"threadMs":0.02,"threadStackKb":8192,"threadTouchedKb":16,"runs":201}')?.threadTouchedKb, 16);
});

test.run();
