// sock_diag against the real kernel: connections waiting in the accept queue, their bytes, clients that cannot connect.
import net from 'node:net';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {
	SockDiag, TCP_SYN_SENT, accept4, close, errno, listenTcp, recv, tcpStates, type TcpSocketInfo,
} from '../../source/sys/index.js';
import {waitUntil} from '../helpers/time.js';

type Context = {diag: SockDiag; listenFds: number[]; clients: net.Socket[]};
const test = suite<Context>('sock_diag', {diag: new SockDiag(), listenFds: [], clients: []});

test.before.each(context => {
	context.diag = new SockDiag();
	context.listenFds = [];
	context.clients = [];
});

test.after.each(context => {
	for (const client of context.clients) {
		client.destroy();
	}

	for (const fd of context.listenFds) {
		close(fd);
	}

	context.diag.close();
});

/** A listening socket nobody accepts on, as a blocking server busy with another client leaves it. */
function listener(context: Context, backlog: number): number {
	const {fd, address} = listenTcp('127.0.0.1', 0, backlog);
	context.listenFds.push(fd);
	return address.port;
}

/** Connect without waiting; send `data` once connected. */
function client(context: Context, port: number, data?: string): net.Socket {
	const socket = net.connect(port, '127.0.0.1');
	socket.on('error', () => undefined); // Destroyed mid-handshake at the end of a test.
	if (data) {
		socket.on('connect', () => socket.write(data));
	}

	context.clients.push(socket);
	return socket;
}

function list(diag: SockDiag, query: Parameters<SockDiag['tcpSockets']>[0]): TcpSocketInfo[] {
	const sockets = diag.tcpSockets(query);
	if (typeof sockets === 'number') {
		throw new Error(`sock_diag: errno ${-sockets}`);
	}

	return sockets;
}

test('should list connections waiting in the accept queue with the bytes their clients sent and no inode', async context => {
	const port = listener(context, 8);
	for (let index = 0; index < 3; index++) {
		client(context, port, 'hello');
	}

	const waiting = await waitUntil(3000, 'three connections with 5 bytes each', () => {
		const sockets = list(context.diag, {localPort: port}).filter(socket => socket.state === 'ESTABLISHED');
		return sockets.length === 3 && sockets.every(socket => socket.receiveQueue === 5) && sockets;
	});
	for (const socket of waiting) {
		assert.is(socket.inode, 0, 'nobody holds a file for a connection not yet accepted');
		assert.equal(socket.local, {host: '127.0.0.1', port});
		assert.is(socket.remote.host, '127.0.0.1');
		assert.is(socket.sendQueue, 0);
	}

	const [listening] = list(context.diag, {localPort: port}).filter(socket => socket.state === 'LISTEN');
	assert.ok(listening, 'the listening socket itself');
	assert.is(listening!.receiveQueue, 3, 'LISTEN: the accept queue');
	assert.is(listening!.sendQueue, 8, 'LISTEN: the backlog');
	assert.ok(listening!.inode > 0);

	const clientSide = list(context.diag, {remotePort: port});
	assert.is(clientSide.length, 3, 'the clients\' own ends, found by their remote port');
	assert.ok(clientSide.every(socket => socket.state === 'ESTABLISHED' && socket.inode > 0 && socket.remote.port === port));
});

test('should give an accepted connection an inode, and take it away when the server closes it', async context => {
	const port = listener(context, 8);
	const socket = client(context, port, 'hi');
	const fd = context.listenFds[0]!;
	await waitUntil(3000, 'a queued connection', () => list(context.diag, {localPort: port}).some(entry => entry.state === 'ESTABLISHED'));
	const accepted = accept4(fd);
	assert.type(accepted, 'object');
	const {fd: connection, peer} = accepted as {fd: number; peer: {port: number}};
	const byPeer = (): TcpSocketInfo | undefined => list(context.diag, {localPort: port}).find(entry => entry.remote.port === peer.port);
	assert.ok(byPeer()!.inode > 0, 'accept() gave it a file');
	assert.is(byPeer()!.receiveQueue, 2);

	// Read first: closing a socket with unread bytes resets it, and the kernel forgets it at once.
	assert.is(recv(connection, Buffer.alloc(8)), 2);
	close(connection);
	const closing = await waitUntil(3000, 'the server\'s end closing', () => {
		const entry = byPeer();
		return entry?.state.startsWith('FIN-WAIT') && entry;
	});
	assert.is(closing.inode, 0, 'a closed socket the kernel still holds has no file');
	socket.destroy();
});

test('should show a client stuck in SYN-SENT when the accept queue is full', async context => {
	const port = listener(context, 1);
	// Backlog 1 holds two connections (the queue is full past its limit); the rest wait in SYN-SENT.
	for (let index = 0; index < 5; index++) {
		client(context, port);
	}

	const connecting = await waitUntil(5000, 'a client in SYN-SENT', () => {
		const sockets = list(context.diag, {remotePort: port, states: tcpStates(TCP_SYN_SENT)});
		return sockets.length > 0 && sockets;
	});
	for (const socket of connecting) {
		assert.is(socket.state, 'SYN-SENT');
		assert.equal(socket.remote, {host: '127.0.0.1', port});
		assert.ok(socket.inode > 0, 'the client holds its socket');
	}

	const server = list(context.diag, {localPort: port}).filter(socket => socket.state !== 'LISTEN');
	assert.ok(server.length >= 2, 'the two the queue holds');
	assert.not.ok(server.some(socket => socket.inode !== 0), 'none of them accepted');
});

test('should say EBADF once closed', context => {
	assert.ok(Array.isArray(context.diag.tcpSockets({localPort: 1})));
	context.diag.close();
	assert.is(context.diag.tcpSockets({localPort: 1}), -errno.EBADF);
	context.diag.close();
});

test.run();
