import {once} from 'node:events';
import net from 'node:net';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {buildReferenceServer, isUnavailable, referenceSourcePath} from '../../source/bench/c-reference.js';
import {startReferenceServer} from '../../source/bench/reference-process.js';

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
