// The syscall layer against the real kernel: errors carry names, fd_set stays in bounds, TCP_INFO reads the backlog.
import net from 'node:net';
import {arch} from 'node:process';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {
	EPOLL_EVENT_SIZE, FD_SETSIZE, FdSet, SysError, accept4, acceptQueue, close, errno, errnoName, listenTcp,
	recv, MSG_DONTWAIT, socketQueues,
} from '../../source/sys/index.js';
import {waitUntil} from '../helpers/time.js';

const test = suite('sys');

test('should name errno values as C does', () => {
	assert.is(errnoName(errno.EAGAIN), 'EAGAIN');
	assert.is(errnoName(errno.EADDRINUSE), 'EADDRINUSE');
	assert.is(errnoName(99_999), 'errno 99999');
});

test('should throw a SysError naming the syscall and errno when a port is taken', () => {
	const first = listenTcp('127.0.0.1', 0, 4);
	try {
		listenTcp('127.0.0.1', first.address.port, 4);
		assert.unreachable('bound twice');
	} catch (error) {
		assert.instance(error, SysError);
		assert.is((error as SysError).code, 'EADDRINUSE');
		assert.is((error as SysError).syscall, 'bind');
	} finally {
		close(first.fd);
	}
});

test('should refuse to set an fd_set bit at or past FD_SETSIZE', () => {
	const set = new FdSet();
	set.set(FD_SETSIZE - 1);
	assert.ok(set.has(FD_SETSIZE - 1));
	assert.is(set.bytes.length, FD_SETSIZE / 8);
	assert.throws(() => set.set(FD_SETSIZE), /FD_SETSIZE/);
	assert.not.ok(set.has(FD_SETSIZE));
	set.clear(FD_SETSIZE - 1);
	assert.ok(set.bytes.every(byte => byte === 0));
});

test('should lay out epoll_event as the architecture does', () => {
	assert.is(EPOLL_EVENT_SIZE, arch === 'x64' ? 12 : 16);
});

test('should read the accept queue and a connection\'s queues from the kernel', async () => {
	const {fd, address} = listenTcp('127.0.0.1', 0, 7);
	const client = net.connect(address.port, '127.0.0.1');
	try {
		await waitUntil(2000, 'a queued connection', () => {
			const queue = acceptQueue(fd);
			return typeof queue !== 'number' && queue.depth === 1;
		});
		assert.equal(acceptQueue(fd), {depth: 1, limit: 7});
		const accepted = accept4(fd);
		assert.type(accepted, 'object');
		const connection = (accepted as {fd: number}).fd;
		client.write('12345');
		await waitUntil(2000, 'bytes in the receive queue', () => {
			const queues = socketQueues(connection);
			return typeof queues !== 'number' && queues.receive === 5;
		});
		const buffer = Buffer.alloc(16);
		assert.is(recv(connection, buffer), 5);
		assert.is(recv(connection, buffer, 0, 16, MSG_DONTWAIT), -errno.EAGAIN);
		close(connection);
	} finally {
		client.destroy();
		close(fd);
	}
});

test.run();
