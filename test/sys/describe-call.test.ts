// Step mode's words for real calls: epoll_wait, select, recv and accept4 on real sockets, read back from their own buffers.
import net from 'node:net';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {describeCall, describeResult} from '../../source/sys/describe-call.js';
import {callsArePlain, lastErrno, raw, type LibcName} from '../../source/sys/libc.js';
import {StepGate} from '../../source/sys/step-gate.js';
import {SteppedCalls} from '../../source/sys/stepped-calls.js';
import {
	EPOLLIN, EPOLL_CTL_ADD, EpollEvents, FdSet, MSG_DONTWAIT, SHUT_RDWR, close, epollCreate1, epollCtl, listenTcp, shutdown,
} from '../../source/sys/index.js';
import {waitUntil, within} from '../helpers/time.js';

type Context = {listenFd: number; port: number; fds: number[]; clients: net.Socket[]};

const test = suite<Context>('describe-call', {listenFd: -1, port: 0, fds: [], clients: []});

test.before.each(context => {
	const {fd, address} = listenTcp('127.0.0.1', 0, 16);
	context.listenFd = fd;
	context.port = address.port;
});

test.after.each(context => {
	for (const client of context.clients.splice(0)) {
		client.destroy();
	}

	for (const fd of context.fds.splice(0)) {
		close(fd);
	}

	shutdown(context.listenFd, SHUT_RDWR);
	close(context.listenFd);
});

/** Make a call as step mode sees it: described before, made through `raw`, its result described. */
function described(name: LibcName, args: unknown[]): {before: string; after: string; result: number} {
	const before = describeCall(name, args);
	const result = Number((raw[name] as unknown as (...args: unknown[]) => unknown)(...args));
	return {before, after: describeResult(name, args, result, lastErrno()), result};
}

/** Connect a node:net client and accept it with accept4, described. */
async function acceptOne(context: Context): Promise<{fd: number; client: net.Socket; after: string; before: string}> {
	const client = net.connect({port: context.port, host: '127.0.0.1'});
	context.clients.push(client);
	await within(5000, 'connect', new Promise(resolve => client.once('connect', resolve)));
	const address = Buffer.alloc(16);
	const length = Buffer.alloc(4);
	length.writeUInt32LE(16);
	const {before, after, result} = described('accept4', [context.listenFd, address, length, 0]);
	assert.ok(result >= 0, after);
	context.fds.push(result);
	return {fd: result, client, before, after};
}

/** Wait until `fd` is readable, without reading: select that returns at once, every 10 ms (node:net writes on this event loop). */
async function readable(fd: number): Promise<void> {
	const set = new FdSet();
	await waitUntil(5000, `fd ${fd} readable`, () => {
		set.zero();
		set.set(fd);
		return Number(raw.select(fd + 1, set.bytes, null, null, Buffer.alloc(16))) > 0;
	});
}

test('should describe accept4 with the peer the kernel wrote', async context => {
	const {fd, client, before, after} = await acceptOne(context);
	assert.is(before, `accept4(fd ${context.listenFd})`);
	assert.is(after, `-> fd ${fd} (127.0.0.1:${client.localPort!})`);
});

test('should describe recv by byte counts only, never the bytes, and EAGAIN by name', async context => {
	const {fd, client} = await acceptOne(context);
	const empty = described('recv', [fd, Buffer.alloc(65_536), 65_536, MSG_DONTWAIT]);
	assert.is(empty.before, `recv(fd ${fd}, 65536 bytes, MSG_DONTWAIT)`);
	assert.is(empty.after, '-> -1 EAGAIN');

	const hostile = Buffer.from('\u001B]0;pwned\u0007\u001B[2J64-byte-ish payload');
	client.write(hostile);
	await readable(fd);
	const {before, after} = described('recv', [fd, Buffer.alloc(65_536), 65_536, 0]);
	assert.is(before, `recv(fd ${fd}, 65536 bytes)`);
	assert.is(after, `-> ${hostile.length} bytes`);
	assert.not.ok(after.includes('pwned') || after.includes('\u001B'), 'no byte of the data');

	client.end();
	await readable(fd);
	assert.is(described('recv', [fd, Buffer.alloc(16), 16, 0]).after, '-> 0 (the peer closed)');
});

test('should describe select with the fds of each set, before and after', async context => {
	const first = await acceptOne(context);
	const second = await acceptOne(context);
	second.client.write('x');
	await readable(second.fd);
	const read = new FdSet();
	read.set(context.listenFd);
	read.set(first.fd);
	read.set(second.fd);
	const nfds = Math.max(context.listenFd, first.fd, second.fd) + 1;
	const timeout = Buffer.alloc(16); // 0 s, 0 µs: return at once.
	const {before, after} = described('select', [nfds, read.bytes, null, null, timeout]);
	const watched = [context.listenFd, first.fd, second.fd].sort((x, y) => x - y).join(',');
	assert.is(before, `select(nfds ${nfds}, read {${watched}}, write {}, timeout 0 ms)`);
	assert.is(after, `-> 1: read {${second.fd}}, write {}`);
	assert.is(describeCall('select', [nfds, read.bytes, null, null, null]), `select(nfds ${nfds}, read {${second.fd}}, write {}, timeout none)`);
});

test('should describe epoll_wait with each ready fd and its flags', async context => {
	const first = await acceptOne(context);
	const second = await acceptOne(context);
	const epfd = epollCreate1();
	context.fds.push(epfd);
	for (const fd of [first.fd, second.fd]) {
		assert.is(epollCtl(epfd, EPOLL_CTL_ADD, fd, EPOLLIN), 0);
	}

	const events = new EpollEvents(512);
	const idle = described('epoll_wait', [epfd, events.bytes, events.capacity, 0]);
	assert.is(idle.before, `epoll_wait(epfd ${epfd}, max 512, timeout 0)`);
	assert.is(idle.after, '-> 0 (timed out)');

	first.client.write('a');
	second.client.write('b');
	await readable(first.fd);
	await readable(second.fd);
	const {after, result} = described('epoll_wait', [epfd, events.bytes, events.capacity, -1]);
	assert.is(result, 2);
	const listed = after.replace(/^-> 2: /, '').split(', ').sort();
	assert.equal(listed, [`fd ${first.fd} EPOLLIN`, `fd ${second.fd} EPOLLIN`].sort(), after);
	assert.is(describeResult('epoll_wait', [epfd, events.bytes, 512, -1], -1, 4), '-> -1 EINTR');
});

test('should describe io_uring_register by its operation, a file table update by its slot, and a registered ring by its slot', () => {
	const update = Buffer.alloc(16);
	update.writeUInt32LE(45, 0);
	assert.is(describeCall('io_uring_register', [427, 21, 6, update, 1]), 'io_uring_register(fd 21, IORING_REGISTER_FILES_UPDATE, slot 45)');
	assert.is(describeCall('io_uring_register', [427, 21, 22, Buffer.alloc(40), 1]), 'io_uring_register(fd 21, IORING_REGISTER_PBUF_RING, 1)');
	assert.is(describeCall('io_uring_register', [427, 21, 99, null, 0]), 'io_uring_register(fd 21, 99, 0)');
	assert.is(describeCall('io_uring_enter', [426, 0, 1, 1, 1 | 16, 0, 0]), 'io_uring_enter(ring slot 0, submit 1, wait 1)', 'IORING_ENTER_REGISTERED_RING');
	assert.is(describeCall('io_uring_enter', [426, 21, 1, 1, 1, 0, 0]), 'io_uring_enter(fd 21, submit 1, wait 1)');
});

test('should describe an unknown call generically, buffers by size', () => {
	assert.is(describeCall('getrlimit', [7, Buffer.alloc(16)]), 'getrlimit(7, [16 bytes])');
	assert.is(describeCall('kill', [1234, 15]), 'kill(1234, 15)');
});

test('should leave every thread\'s calls the plain counted ones unless it watches them', () => {
	assert.ok(callsArePlain(), 'never switched on');
	const recv = raw.recv;
	const gate = StepGate.create();
	const stepped = new SteppedCalls(gate, () => {
		throw new Error('nothing steps with stepping off');
	});
	try {
		assert.not.ok(callsArePlain());
		// Stepping off: calls go straight through, counted as before.
		const [a, b] = [raw.eventfd(0, 0), raw.eventfd(0, 0)];
		assert.ok(a >= 0 && b >= 0);
		raw.close(a);
		raw.close(b);
	} finally {
		stepped.close();
	}

	assert.ok(callsArePlain());
	assert.is(raw.recv, recv);
});

test.run();
