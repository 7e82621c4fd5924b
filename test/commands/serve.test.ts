// `echo-tui serve` as a user runs it: bad input gets one line and an exit status, signals stop it cleanly.
import net from 'node:net';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {runCli, startCli} from '../helpers/cli-process.js';
import {connectClient} from '../helpers/echo-client.js';
import {waitUntil, within} from '../helpers/time.js';

/** One line, no stack trace. */
function assertOneLine(stderr: string): void {
	const lines = stderr.trimEnd().split('\n');
	assert.is(lines.length, 1, `one line, got: ${stderr}`);
	assert.not.match(stderr, /\n\s+at /);
}

async function freePortInUse(): Promise<net.Server> {
	const server = net.createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	return server;
}

const test = suite('serve');

test('should name the valid models and exit 2 for an unknown one', async () => {
	const result = await runCli(['serve', '--model', 'fastest']);
	assert.is(result.code, 2);
	assertOneLine(result.stderr);
	assert.match(result.stderr, 'unknown model "fastest"');
	assert.match(result.stderr, 'blocking, fork, threads, nonblocking, select, select-queue, poll, epoll-lt, epoll-et, libuv');
});

test('should exit 2 for a --max-procs or --max-threads that is not a whole number from 1 up', async () => {
	for (const [flag, value] of [['--max-procs', '0'], ['--max-procs', 'many'], ['--max-threads', '-3'], ['--max-threads', '1.5']] as const) {
		const result = await runCli(['serve', '--model', 'fork', flag, value]);
		assert.is(result.code, 2, `${flag} ${value}`);
		assertOneLine(result.stderr);
		assert.match(result.stderr, `${flag} must be a whole number from 1 to`);
	}
});

test('should exit 2 for a port that is not a number or out of range', async () => {
	for (const port of ['abc', '65536', '-1', '7788x']) {
		const result = await runCli(['serve', '--port', port]);
		assert.is(result.code, 2, `--port ${port}`);
		assertOneLine(result.stderr);
		assert.match(result.stderr, '--port must be a number from 0 to 65535');
	}
});

test('should say a port is in use and exit 1', async () => {
	const blocker = await freePortInUse();
	const {port} = blocker.address() as net.AddressInfo;
	try {
		const result = await runCli(['serve', '--model', 'poll', '--port', String(port)]);
		assert.is(result.code, 1);
		assertOneLine(result.stderr);
		assert.match(result.stderr, 'EADDRINUSE');
		assert.match(result.stderr, '--port');
	} finally {
		blocker.close();
	}
});

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
	test(`should echo, write NDJSON, and exit 0 on ${signal}`, async () => {
		const cli = startCli(['serve', '--model', 'epoll-et', '--port', '0', '--json']);
		try {
			const listening = await waitUntil(10_000, 'the listening event', () => {
				const line = cli.stdout().split('\n').find(text => text.includes('"listening"'));
				return line ? JSON.parse(line) as {port: number; host: string} : undefined;
			});
			assert.is(listening.host, '127.0.0.1');
			const client = await connectClient(listening.port);
			client.socket.write('over the wire');
			assert.is((await within(5000, 'echo', client.waitForBytes(13))).toString(), 'over the wire');
			client.close();
			await waitUntil(5000, 'the recv event', () => cli.stdout().includes('"recv"'));
			cli.child.kill(signal);
			const result = await within(5000, 'exit', cli.exited);
			assert.is(result.code, 0, result.stderr);
			assert.is(result.stderr, '');
			for (const line of result.stdout.trim().split('\n')) {
				assert.type((JSON.parse(line) as {kind: unknown}).kind, 'string');
			}
		} finally {
			cli.child.kill('SIGKILL');
		}
	});
}

test('should print readable lines without --json', async () => {
	const cli = startCli(['serve', '--model', 'blocking', '--port', '0']);
	try {
		const line = await waitUntil(10_000, 'the listening line', () => cli.stdout().split('\n').find(text => text.includes('listening')));
		assert.match(line, /^\d\d:\d\d:\d\d\.\d{3} listening\s+fd \d+\s+127\.0\.0\.1:\d+\s+backlog 128$/);
		cli.child.kill('SIGTERM');
		assert.is((await within(5000, 'exit', cli.exited)).code, 0);
	} finally {
		cli.child.kill('SIGKILL');
	}
});

test.run();
