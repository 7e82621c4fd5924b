// bench's flags checked before anything runs: the peers, the open loop's rate, one line for every mistake.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {parseBenchOptions} from '../../source/bench/bench-options.js';

const test = suite('bench options');

const parse = (flags: Omit<Parameters<typeof parseBenchOptions>[0], 'json'>) => parseBenchOptions({json: false, ...flags});

function refusal(flags: Omit<Parameters<typeof parseBenchOptions>[0], 'json'>): string {
	try {
		parse(flags);
	} catch (error) {
		assert.is((error as {exitCode?: number}).exitCode, 2, 'a usage error');
		return (error as Error).message;
	}

	return assert.unreachable('should have been refused') as never;
}

test('should name each --peer command after its first word, numbering a second of the same name', () => {
	assert.equal(parse({peer: 'python3 srv.py {port}, ./bin/echo --port={port},python3 -m other {port}'}).peers, [
		{name: 'peer:python3', command: 'python3 srv.py {port}'},
		{name: 'peer:echo', command: './bin/echo --port={port}'},
		{name: 'peer:python3#2', command: 'python3 -m other {port}'},
	]);
});

test('should keep the commas a command has before its {port}', () => {
	assert.equal(parse({peer: 'python3 -c "import a, b; serve({port})"'}).peers.map(peer => peer.command), ['python3 -c "import a, b; serve({port})"']);
});

test('should refuse a --peer command without {port}', () => {
	assert.match(refusal({peer: './server 9000'}), '--peer needs {port} in each command');
	assert.match(refusal({peer: './a {port}, ./b 9000'}), '"./b 9000"');
});

test('should turn --rate into the open loop, and refuse it with --mode pipelined or out of range', () => {
	const options = parse({rate: '250'});
	assert.is(options.mode, 'open');
	assert.is(options.rate, 250);
	assert.is(parse({rate: '0.5'}).rate, 0.5);
	assert.is(parse({}).rate, undefined);
	assert.match(refusal({rate: '0'}), '--rate must be a number of messages a second above 0');
	assert.match(refusal({rate: 'fast'}), '--rate must be');
	assert.match(refusal({rate: '10', mode: 'pipelined'}), '--rate sends on a schedule (open loop) and --mode pipelined waits for echoes');
});

test('should take --warmup as seconds from 0 to 600, 1.5 when not given', () => {
	assert.is(parse({}).warmupSeconds, 1.5);
	assert.is(parse({warmup: '20'}).warmupSeconds, 20);
	assert.is(parse({warmup: '0'}).warmupSeconds, 0);
	for (const bad of ['-1', '601', 'long', '1,2', '']) {
		assert.match(refusal({warmup: bad}), `--warmup must be a number of seconds from 0 to 600, not "${bad}"`);
	}
});

test('should take --rounds as one whole number from 1 to 20, 1 when not given', () => {
	assert.is(parse({}).rounds, 1);
	assert.is(parse({rounds: '3'}).rounds, 3);
	for (const bad of ['0', '21', '2.5', '2,3', 'many']) {
		assert.match(refusal({rounds: bad}), `--rounds takes a whole number from 1 to 20, not "${bad}"`);
	}
});

test('should measure C\'s thread per client with threads, or when named alone, and not otherwise', () => {
	assert.is(parse({}).cThreads, true, 'all models include threads');
	assert.is(parse({models: 'epoll-lt,threads'}).cThreads, true);
	assert.equal(parse({models: 'c-threads'}), {...parse({models: 'c-reference'}), cThreads: true});
	assert.equal(parse({models: 'c-threads'}).models, []);
	assert.is(parse({models: 'epoll-lt,fork'}).cThreads, false);
	assert.match(refusal({models: 'c-thread'}), 'valid: all, blocking,');
	assert.match(refusal({models: 'c-thread'}), ', c-reference, c-threads');
});

test('should take python in --peers and nothing else', () => {
	assert.is(parse({peers: 'python'}).python, true);
	assert.is(parse({}).python, false);
	assert.match(refusal({peers: 'ruby'}), 'unknown peers "ruby" in --peers; valid: python');
});

test.run();
