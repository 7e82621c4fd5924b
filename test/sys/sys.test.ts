// The syscall layer against the real kernel: errors carry names, fd_set stays in bounds, TCP_INFO reads the backlog.
import net from 'node:net';
import {arch} from 'node:process';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import {
	CLOCK_TICKS_PER_SECOND, EPOLL_EVENT_SIZE, FD_SETSIZE, FdSet, SHUT_RDWR, SysError, accept4, accept4Async, acceptQueue,
	close, dup3, errno, errnoName, gettid, listenTcp, pipe, read, recv, MSG_DONTWAIT, residentKb, setNonBlocking,
	shutdown, socketQueues, threadCpuTicks, writeAll,
} from '../../source/sys/index.js';
import {waitUntil, within} from '../helpers/time.js';

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

test('should accept on the thread pool while the event loop runs, and wake with EINVAL on shutdown', async () => {
	const {fd, address} = listenTcp('127.0.0.1', 0, 4);
	let ticks = 0;
	const timer = setInterval(() => ticks++, 5);
	try {
		const pending = accept4Async(fd);
		let client: net.Socket | undefined;
		setTimeout(() => {
			client = net.connect(address.port, '127.0.0.1');
		}, 50);
		const accepted = await within(2000, 'accept4Async', pending);
		assert.type(accepted, 'object');
		const {fd: connection, peer} = accepted as {fd: number; peer: {host: string; port: number}};
		assert.is(peer.host, '127.0.0.1');
		close(connection);
		client?.destroy();
		assert.ok(ticks > 0, 'timers ran while accept was pending');

		const blocked = accept4Async(fd);
		setTimeout(() => shutdown(fd, SHUT_RDWR), 20);
		assert.is(await within(2000, 'woken accept', blocked), -errno.EINVAL);
	} finally {
		clearInterval(timer);
		close(fd);
	}
});

test('should move bytes through a non-blocking pipe and put one fd over another with dup3', () => {
	const {read: readEnd, write: writeEnd} = pipe();
	const devNull = fs.openSync('/dev/null', 'r');
	try {
		setNonBlocking(readEnd, true);
		const buffer = Buffer.alloc(16);
		assert.is(read(readEnd, buffer), -errno.EAGAIN);
		assert.is(writeAll(writeEnd, Buffer.from('line\n')), 0);
		assert.is(read(readEnd, buffer), 5);
		assert.is(buffer.toString('utf8', 0, 5), 'line\n');
		dup3(devNull, writeEnd);
		assert.is(fs.readlinkSync(`/proc/self/fd/${writeEnd}`), '/dev/null', 'the pipe end was closed and its number reused');
		assert.is(read(readEnd, buffer), 0, 'end of file: no writer is left');
	} finally {
		close(readEnd);
		close(writeEnd);
		fs.closeSync(devNull);
	}
});

test('should read a thread\'s CPU time and the resident memory from /proc', () => {
	assert.is(CLOCK_TICKS_PER_SECOND, 100);
	const before = threadCpuTicks(gettid());
	const until = performance.now() + 100;
	while (performance.now() < until) {
		// Burn CPU on this thread for a tenth of a second.
	}

	assert.ok(threadCpuTicks(gettid()) - before >= 3, 'ticks counted for the busy thread');
	assert.is(threadCpuTicks(2 ** 22 + 1), -1, 'a thread that does not exist');
	assert.ok(residentKb() > 10_000, `resident ${residentKb()} KiB`);
	assert.is(residentKb(2 ** 22 + 1), -1);
});

test.run();
