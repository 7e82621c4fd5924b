// /proc/net/netstat against the real kernel: a full accept queue makes the listen-drop counters rise.
import net from 'node:net';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {close, listenDrops, listenTcp} from '../../source/sys/index.js';
import {waitUntil} from '../helpers/time.js';

const test = suite('netstat');

test('should count the SYNs the kernel drops while an accept queue is full', async () => {
	const before = listenDrops();
	assert.ok(before, '/proc/net/netstat has TcpExt ListenOverflows and ListenDrops');
	assert.ok(before!.drops >= before!.overflows, 'ListenDrops counts the overflows too');

	const {fd, address} = listenTcp('127.0.0.1', 0, 1);
	const clients: net.Socket[] = [];
	try {
		// Nobody accepts: two fill the queue of backlog 1, the SYNs of the others are dropped.
		for (let index = 0; index < 5; index++) {
			const client = net.connect(address.port, '127.0.0.1');
			client.on('error', () => undefined);
			clients.push(client);
		}

		// Counters of the whole host only ever grow: three drops at least are this test's.
		const after = await waitUntil(5000, 'the drop counters to rise', () => {
			const now = listenDrops();
			return now && now.overflows >= before!.overflows + 3 && now;
		});
		assert.ok(after.drops >= before!.drops + 3);
	} finally {
		for (const client of clients) {
			client.destroy();
		}

		close(fd);
	}
});

test.run();
