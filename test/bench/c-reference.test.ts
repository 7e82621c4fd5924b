// The C servers bench measures beside the models (reference-server.c, reference-threads.c): built once, every byte echoed.
import {once} from 'node:events';
import {readFileSync} from 'node:fs';
import net from 'node:net';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {buildCProgram, buildReferenceServer, isUnavailable, referenceSourcePath} from '../../source/bench/c-reference.js';
import {startReferenceServer} from '../../source/bench/reference-process.js';
import {waitUntil} from '../helpers/time.js';

const reference = suite('C reference server');

reference('should find its C source', () => {
	assert.ok(referenceSourcePath()?.endsWith('reference-server.c'));
});

reference('should build once and reuse the cached binary', async () => {
	const first = await buildReferenceServer();
	if (isUnavailable(first)) {
		console.log(`  (skipped: ${first.unavailable})`);
		return;
	}

	assert.is(await buildReferenceServer(), first);
});

reference('should echo a megabyte through partial sends, then stop on SIGTERM', async () => {
	const binary = await buildReferenceServer();
	if (isUnavailable(binary)) {
		return;
	}

	const server = await startReferenceServer(binary);
	try {
		const socket = net.connect(server.port, '127.0.0.1');
		await once(socket, 'connect');
		const sent = Buffer.alloc(1024 * 1024, 'echo-tui ');
		const chunks: Buffer[] = [];
		socket.on('data', (chunk: Buffer) => chunks.push(chunk));
		socket.end(sent); // the server must echo all of it before closing after our FIN
		await once(socket, 'close');
		assert.ok(Buffer.concat(chunks).equals(sent));
	} finally {
		await server.stop();
	}
});

reference.run();

const threads = suite('C thread-per-client server');

threads('should serve each client on a thread of its own, every byte echoed in order, then stop on SIGTERM', async () => {
	const binary = await buildCProgram('reference-threads');
	if (isUnavailable(binary)) {
		console.log(`  (skipped: ${binary.unavailable})`);
		return;
	}

	const server = await startReferenceServer(binary);
	try {
		const clients = await Promise.all([1, 2, 3].map(async () => {
			const socket = net.connect(server.port, '127.0.0.1');
			await once(socket, 'connect');
			return socket;
		}));
		// Each connected client has its thread beside the one that accepts: 4 in all, once accepted.
		await waitUntil(5000, 'a thread per client', () => threadCount(server.pid) === 4);
		await Promise.all(clients.map(async (socket, index) => {
			const sent = Buffer.from(Array.from({length: 300_000}, (_, at) => (at * (index + 7)) & 0xFF));
			const chunks: Buffer[] = [];
			socket.on('data', (chunk: Buffer) => chunks.push(chunk));
			socket.end(sent);
			await once(socket, 'close');
			assert.ok(Buffer.concat(chunks).equals(sent), `client ${index + 1} got its bytes back in order`);
		}));
		// A thread ends with its client.
		await waitUntil(5000, 'the client threads to end', () => threadCount(server.pid) === 1);
	} finally {
		await server.stop();
	}
});

function threadCount(pid: number): number {
	return Number(/^Threads:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

threads.run();
