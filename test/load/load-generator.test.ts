import {once} from 'node:events';
import net from 'node:net';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {buildReferenceServer, isUnavailable} from '../../source/bench/c-reference.js';
import {startReferenceServer, type ReferenceServer} from '../../source/bench/reference-process.js';
import {runLoad, type LoadOptions, type LoadResult} from '../../source/load/index.js';

/** A load run may take its warm-up, its second and its setup; past this it has hung. */
const runLimitMs = 20_000;

function load(options: LoadOptions): Promise<LoadResult> {
	return runLoad({clients: 10, seconds: 1, warmupSeconds: 0.1, ...options}, {signal: AbortSignal.timeout(runLimitMs)});
}

/** A Node `net` server on 127.0.0.1, port 0, that closes its connections when stopped. */
type TestServer = {readonly port: number; stop(): Promise<void>};

async function startNodeServer(onConnection: (socket: net.Socket) => void): Promise<TestServer> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {
			// Resets when the load closes at its end are expected.
		});
		onConnection(socket);
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	return {
		port: (server.address() as net.AddressInfo).port,
		async stop() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise(resolve => {
				server.close(resolve);
			});
		},
	};
}

/** An echo server; `transform` may tamper with each chunk before it goes back. */
async function startEchoServer(transform: (chunk: Buffer) => Buffer = chunk => chunk): Promise<TestServer> {
	return startNodeServer(socket => {
		socket.on('data', (chunk: Buffer) => socket.write(transform(chunk)));
	});
}

function assertClean(result: LoadResult, clients: number): void {
	assert.is(result.connected, clients);
	assert.ok(result.messages > 0, `messages: ${result.messages}`);
	assert.is(result.corruptBytes, 0);
	assert.equal(result.errors, {});
	assert.is(result.closedByServer, 0);
	assert.ok(result.latencyMs.p50 > 0 && result.latencyMs.p50 <= result.latencyMs.p99, JSON.stringify(result.latencyMs));
	assert.ok(result.latencyMs.p99 <= result.latencyMs.max);
}

// ---

type ReferenceContext = {server?: ReferenceServer; skipped?: string};
const reference = suite<ReferenceContext>('load against the C reference server', {});

reference.before(async context => {
	const binary = await buildReferenceServer();
	if (isUnavailable(binary)) {
		context.skipped = binary.unavailable;
		console.log(`  (skipped: ${binary.unavailable})`);
		return;
	}

	context.server = await startReferenceServer(binary);
});

reference.after(async context => {
	await context.server?.stop();
});

reference('should echo 10 clients for 1 s with no corrupt byte', async ({server}) => {
	if (!server) {
		return;
	}

	const result = await load({port: server.port});
	assertClean(result, 10);
	assert.is(result.mode, 'pingpong');
	assert.ok(result.seconds > 0.9 && result.seconds < 1.5, `seconds: ${result.seconds}`);
	assert.is(result.bytes, result.messages * 64);
});

reference('should keep several messages in flight when pipelined', async ({server}) => {
	if (!server) {
		return;
	}

	const result = await load({port: server.port, mode: 'pipelined', depth: 4, size: 1000});
	assertClean(result, 10);
	assert.is(result.depth, 4);
});

reference.run();

// ---

const nodeServer = suite('load against a Node net echo server');

nodeServer('should echo 10 clients for 1 s with no corrupt byte', async () => {
	const server = await startEchoServer();
	try {
		assertClean(await load({port: server.port}), 10);
	} finally {
		await server.stop();
	}
});

nodeServer('should send on schedule in open mode, with p99.9 between p99 and the max', async () => {
	const server = await startEchoServer();
	try {
		const result = await load({port: server.port, clients: 4, mode: 'open', rate: 200});
		assertClean(result, 4);
		assert.is(result.mode, 'open');
		assert.is(result.rate, 200);
		// 4 clients × 200 a second, whatever the server could do more: the schedule sets the pace.
		assert.ok(result.messagesPerSecond > 600 && result.messagesPerSecond < 1000, `${result.messagesPerSecond} msg/s`);
		assert.ok(result.latencyMs.p99 <= result.latencyMs.p999 && result.latencyMs.p999 <= result.latencyMs.max, JSON.stringify(result.latencyMs));
	} finally {
		await server.stop();
	}
});

nodeServer('should time open-loop messages from when they were due: a stall shows in every message it held up', async () => {
	const stallMs = 300;
	// Holds one echo for stallMs, once, 0.3 s into each connection (after the 0.1 s warm-up).
	const server = await startNodeServer(socket => {
		const openedAt = performance.now();
		let stalled = false;
		socket.on('data', (chunk: Buffer) => {
			if (!stalled && performance.now() - openedAt > 300) {
				stalled = true;
				socket.pause();
				setTimeout(() => {
					socket.write(chunk);
					socket.resume();
				}, stallMs);
				return;
			}

			socket.write(chunk);
		});
	});
	try {
		const open = await load({port: server.port, clients: 1, mode: 'open', rate: 100});
		const closed = await load({port: server.port, clients: 1});
		assertClean(open, 1);
		assertClean(closed, 1);
		// Open loop: the ~30 messages due during the stall each waited part of it, more than 1 % of ~100.
		assert.ok(open.latencyMs.p99 > stallMs / 2, `open p99 ${open.latencyMs.p99} ms`);
		// Closed loop: only the one message in flight waited; the client sent nothing meanwhile.
		assert.ok(closed.latencyMs.max > stallMs * 0.9, `closed max ${closed.latencyMs.max} ms`);
		assert.ok(closed.latencyMs.p99 < stallMs / 2, `closed p99 ${closed.latencyMs.p99} ms: coordinated omission hides the stall`);
	} finally {
		await server.stop();
	}
});

nodeServer('should refuse a rate outside open mode, and open mode without a rate', async () => {
	for (const [options, message] of [[{mode: 'pingpong', rate: 10}, 'rate is for open mode'], [{mode: 'open'}, 'rate must be a number']] as const) {
		try {
			await runLoad({port: 7788, ...options});
			assert.unreachable('should have thrown');
		} catch (error) {
			assert.instance(error, RangeError);
			assert.match((error as Error).message, message);
		}
	}
});

nodeServer('should count the corrupt bytes of a server that flips one byte per chunk', async () => {
	const server = await startEchoServer(chunk => {
		chunk[chunk.length - 1]! ^= 0x20;
		return chunk;
	});
	try {
		const result = await load({port: server.port});
		assert.ok(result.messages > 0);
		// Counted from the first byte, warm-up included: corruption is never excused.
		assert.ok(result.corruptBytes > 0, `corruptBytes: ${result.corruptBytes}`);
		assert.equal(result.errors, {});
	} finally {
		await server.stop();
	}
});

nodeServer('should count the connections a server closes', async () => {
	const server = await startNodeServer(socket => socket.destroy());
	try {
		const result = await load({port: server.port, clients: 5, seconds: 0.3});
		assert.is(result.connected, 5);
		assert.is(result.messages, 0);
		assert.is(result.closedByServer + (result.errors.ECONNRESET ?? 0), 5);
	} finally {
		await server.stop();
	}
});

nodeServer('should name the errno of refused connections', async () => {
	const server = await startEchoServer();
	const {port} = server;
	await server.stop(); // the port is now closed: every connect is refused
	const result = await load({port, clients: 3, seconds: 0.2});
	assert.is(result.connected, 0);
	assert.is(result.connectFailures, 3);
	assert.equal(result.errors, {ECONNREFUSED: 3});
});

nodeServer('should reject invalid options before spawning anything', async () => {
	try {
		await runLoad({port: 7788, clients: 0});
		assert.unreachable('should have thrown');
	} catch (error) {
		assert.instance(error, RangeError);
		assert.match((error as Error).message, 'clients');
	}
});

nodeServer('should open its measured window once every client has had its first echo, and say when', async () => {
	// Like a server that starts a process per client: each connection waits longer for its first echo.
	let connections = 0;
	const server = await startNodeServer(socket => {
		const delay = 400 * connections++;
		setTimeout(() => {
			socket.on('data', (chunk: Buffer) => socket.write(chunk));
		}, delay);
	});
	try {
		const started = performance.now();
		const edges: Array<[string, number]> = [];
		const result = await runLoad({port: server.port, clients: 4, seconds: 0.5, warmupSeconds: 0.1}, {
			signal: AbortSignal.timeout(runLimitMs),
			onWindow: edge => edges.push([edge, performance.now() - started]),
		});
		assert.is(result.served, 4, 'every client served in the window');
		assert.equal(edges.map(([edge]) => edge), ['open', 'close']);
		assert.ok(edges[0]![1] >= 1100, `opened after the last first echo (at 1.2 s): ${edges[0]![1].toFixed(0)} ms`);
		assert.ok(edges[1]![1] - edges[0]![1] >= 450, 'the window lasts its seconds');
	} finally {
		await server.stop();
	}
});

nodeServer('should open its window anyway when clients stop getting their first echo (a server that serves one at a time)', async () => {
	let connections = 0;
	const server = await startNodeServer(socket => {
		if (connections++ === 0) {
			socket.on('data', (chunk: Buffer) => socket.write(chunk));
		}
	});
	try {
		const result = await runLoad({port: server.port, clients: 3, seconds: 0.5, warmupSeconds: 0.1}, {signal: AbortSignal.timeout(runLimitMs)});
		assert.is(result.served, 1);
		assert.ok(result.messages > 0);
	} finally {
		await server.stop();
	}
});

nodeServer.run();
