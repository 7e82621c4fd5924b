// The io_uring binding against the real kernel: struct layouts, a ring set up and torn down, requests submitted and completed in batches.
import fs from 'node:fs';
import net from 'node:net';
import {release} from 'node:os';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {
	IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IORING_CQE_F_MORE, IO_URING_CQE_SIZE, IO_URING_PARAMS_SIZE,
	IO_URING_SQE_SIZE, FixedFiles, IoUring, NO_IO_URING_ENV, ProvidedBuffers, close, errno, ioUringSwitchedOff, ioUringUnavailable, listenTcp,
	liveMappings, accept4,
} from '../../source/sys/index.js';
import {within} from '../helpers/time.js';

/** Mappings of io_uring's own file in this process: the rings and SQE arrays of every open ring. */
function ringMappings(): number {
	return fs.readFileSync('/proc/self/maps', 'utf8').split('\n').filter(line => line.includes('[io_uring]')).length;
}

/** Kernel version as a number, 6.1 -> 601. */
function kernelVersion(): number {
	const [major = 0, minor = 0] = release().split('.').map(part => Number.parseInt(part, 10));
	return (major * 100) + minor;
}

type Completion = {userData: number; result: number; flags: number};

/** Reap everything posted, as plain objects. */
function reapAll(ring: IoUring): Completion[] {
	const completions: Completion[] = [];
	ring.reap((userData, result, flags) => completions.push({userData, result, flags}));
	return completions;
}

/** Wait (bounded) until `count` completions have been reaped. */
function waitFor(ring: IoUring, count: number): Completion[] {
	const completions: Completion[] = [];
	const deadline = performance.now() + 5000;
	while (completions.length < count && performance.now() < deadline) {
		ring.enter(1, 100);
		completions.push(...reapAll(ring));
	}

	return completions;
}

const unavailable = ioUringUnavailable();

const test = suite('io_uring binding');

/**
 * A ring with provided buffers, and one loopback connection accepted (non-blocking) on the server
 * side: `body` runs with them, and everything is closed after, whatever it threw.
 */
async function withConnection(
	options: {readonly group: number; readonly bufferBytes: number; readonly count: number},
	body: (scene: {readonly ring: IoUring; readonly buffers: ProvidedBuffers; readonly client: net.Socket; readonly serverFd: number}) => Promise<void>,
): Promise<void> {
	const ring = IoUring.setup({entries: 8});
	const buffers = ProvidedBuffers.register(ring, options);
	const {fd: listenFd, address} = listenTcp('127.0.0.1', 0, 4);
	const client = net.connect(address.port, '127.0.0.1');
	let serverFd = -1;
	try {
		await within(2000, 'connected', new Promise(resolve => client.once('connect', resolve)));
		const accepted = accept4(listenFd, {nonBlocking: true});
		assert.type(accepted, 'object');
		serverFd = (accepted as {fd: number}).fd;
		await body({ring, buffers, client, serverFd});
	} finally {
		client.destroy();
		if (serverFd >= 0) {
			close(serverFd);
		}

		close(listenFd);
		buffers.close();
		ring.close();
	}
}

test('should lay out the kernel structs at their sizes', () => {
	assert.is(IO_URING_PARAMS_SIZE, 120);
	assert.is(IO_URING_SQE_SIZE, 64);
	assert.is(IO_URING_CQE_SIZE, 16);
});

test('should report io_uring unavailable, with the reason, when the environment switch is set', () => {
	const previous = process.env[NO_IO_URING_ENV];
	process.env[NO_IO_URING_ENV] = '1';
	try {
		assert.match(ioUringUnavailable() ?? '', /ECHO_TUI_NO_IO_URING=1/);
		assert.match(ioUringSwitchedOff() ?? '', /ECHO_TUI_NO_IO_URING=1/, 'the check without koffi says so too');
	} finally {
		if (previous === undefined) {
			delete process.env[NO_IO_URING_ENV];
		} else {
			process.env[NO_IO_URING_ENV] = previous;
		}
	}

	assert.is(ioUringUnavailable(), unavailable, 'the switch off again, the kernel\'s answer is back');
});

test('should find io_uring usable where nothing forbids it', () => {
	const sysctl = fs.existsSync('/proc/sys/kernel/io_uring_disabled') ? fs.readFileSync('/proc/sys/kernel/io_uring_disabled', 'utf8').trim() : '0';
	const seccomp = /^Seccomp:\s*(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0';
	if (sysctl === '2') {
		assert.match(unavailable ?? '', /io_uring_disabled = 2/);
	} else if (sysctl === '0' && seccomp === '0' && kernelVersion() >= 519) {
		assert.is(unavailable, undefined);
	} else {
		console.log(`io_uring here: ${unavailable ?? 'available'} (sysctl ${sysctl}, seccomp mode ${seccomp})`);
	}
});

if (!unavailable) {
	test('should set up a ring with the kernel\'s sizes and the cheapest flags this kernel takes', () => {
		const ring = IoUring.setup({entries: 8, cqEntries: 64});
		try {
			assert.is(ring.sqSize, 8);
			assert.is(ring.cqSize, 64);
			assert.ok(ring.setupFlagNames.includes('CQSIZE'));
			if (kernelVersion() >= 601) {
				assert.ok(ring.setupFlagNames.includes('SINGLE_ISSUER') && ring.setupFlagNames.includes('DEFER_TASKRUN'), ring.setupFlagNames.join(' | '));
			}

			assert.is(ring.sqFree, 8);
			assert.is(ring.cqReady, 0);
		} finally {
			ring.close();
		}
	});

	test('should complete a batch of nops in one io_uring_enter, user data intact past 32 bits', () => {
		const ring = IoUring.setup({entries: 8});
		try {
			const tags = [1, 2 ** 32 + 5, 2 ** 52 + 7];
			for (const tag of tags) {
				ring.prepNop(tag);
			}

			assert.is(ring.sqFree, 5);
			assert.is(ring.enter(tags.length, 1000), tags.length, 'all three submitted');
			assert.is(ring.cqReady, tags.length);
			assert.equal(reapAll(ring), tags.map(userData => ({userData, result: 0, flags: 0})));
			assert.equal(ring.stats, {enterCalls: 1, submitted: 3, completed: 3});
			assert.is(ring.sqFree, 8);
		} finally {
			ring.close();
		}
	});

	test('should submit early when the submission queue is full, losing nothing', () => {
		const ring = IoUring.setup({entries: 4, cqEntries: 64});
		try {
			for (let tag = 0; tag < 10; tag++) {
				ring.prepNop(tag);
			}

			const completions = waitFor(ring, 10);
			assert.equal(completions.map(completion => completion.userData), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
			assert.ok(ring.stats.enterCalls >= 3, 'two early submissions and the last');
		} finally {
			ring.close();
		}
	});

	test('should time out a wait with ETIME when nothing completes', () => {
		const ring = IoUring.setup({entries: 4});
		try {
			const started = performance.now();
			assert.is(ring.enter(1, 50), -errno.ETIME!);
			const elapsed = performance.now() - started;
			assert.ok(elapsed >= 40 && elapsed < 1000, `waited ${elapsed} ms`);
		} finally {
			ring.close();
		}
	});

	test('should receive into a provided buffer and send from native memory', async () => {
		await withConnection({group: 3, bufferBytes: 4096, count: 8}, async ({ring, buffers, client, serverFd}) => {
			buffers.provide(5);
			buffers.publish();
			ring.prepRecvSelect(serverFd, 3, 77, {multishot: true});
			ring.enter(0, 0);
			client.write('over the ring');
			const [received] = waitFor(ring, 1);
			assert.is(received!.userData, 77);
			assert.is(received!.result, 13);
			assert.ok(received!.flags & IORING_CQE_F_BUFFER);
			assert.ok(received!.flags & IORING_CQE_F_MORE, 'a multishot recv stays armed');
			const bid = received!.flags >>> IORING_CQE_BUFFER_SHIFT;
			assert.is(bid, 5);
			const at = buffers.offset(bid);
			assert.is(Buffer.from(buffers.bytes.subarray(at, at + 13)).toString(), 'over the ring');

			const echoed = new Promise<string>(resolve => client.once('data', data => resolve(String(data))));
			ring.prepSend(serverFd, buffers.address(bid, 5), 8, 78);
			const [sent] = waitFor(ring, 1);
			assert.equal(sent, {userData: 78, result: 8, flags: 0});
			assert.is(await within(2000, 'the echo', echoed), 'the ring');

			ring.prepCancel(77, 79);
			const done = waitFor(ring, 2);
			const recvEnd = done.find(completion => completion.userData === 77);
			assert.is(recvEnd?.result, -errno.ECANCELED!);
			assert.not.ok(recvEnd!.flags & IORING_CQE_F_MORE, 'cancelled: no more completions');
		});
	});

	test('should name the ring by its registered slot, and leave a recv\'s completion to the call that asks for completions', async () => {
		await withConnection({group: 5, bufferBytes: 4096, count: 8}, async ({ring, buffers, client, serverFd}) => {
			if (kernelVersion() >= 601) {
				assert.ok(ring.registeredRing, 'IORING_REGISTER_RING_FDS since 5.18');
			}

			buffers.provide(1);
			buffers.publish();
			ring.prepRecvSelect(serverFd, 5, 55, {multishot: true});
			assert.is(ring.unsubmitted, 1);
			assert.is(ring.enter(0, 0), 1, 'submitted through the ring\'s slot or fd');
			assert.is(ring.unsubmitted, 0);
			client.write('ping');
			await new Promise(resolve => setTimeout(resolve, 50));
			if (ring.setupFlagNames.includes('DEFER_TASKRUN')) {
				assert.is(ring.cqReady, 0, 'the data came, but its recv waits for io_uring_enter');
				assert.not.ok(ring.hasTaskWork, 'and DEFER_TASKRUN does not say so in the SQ ring\'s flags');
			}

			ring.enter(1, 1000);
			const [received] = reapAll(ring);
			assert.is(received?.userData, 55);
			assert.is(received?.result, 4);
		});
	});

	test('should finish a silent send within the call that submits it: nothing posted when it all went, the count when it fell short', async () => {
		// 4 MiB to a peer that reads nothing: more than loopback's buffers hold.
		await withConnection({group: 4, bufferBytes: 1 << 20, count: 4}, async ({ring, buffers, client, serverFd}) => {
			assert.ok(ring.canSkipSuccess, 'Linux 5.17+ skips completions');
			buffers.bytes.fill(0x61, 0, 64);
			const echoed = new Promise<number>(resolve => client.once('data', data => resolve(data.length)));
			const small = ring.prepSendOrFail(serverFd, buffers.address(0), 64, 90);
			const mark = ring.consumed;
			assert.not.ok(ring.isConsumed(small, mark), 'not handed over before the call');
			assert.is(ring.enter(0, 0), 1);
			assert.ok(ring.isConsumed(small), 'handed over by the call');
			assert.equal(reapAll(ring), [], 'a send that went whole posts nothing');
			assert.is(await within(2000, 'the bytes', echoed), 64);

			client.pause();
			const large = 4 << 20;
			ring.prepSendOrFail(serverFd, buffers.address(0), large, 91);
			assert.is(ring.enter(0, 0), 1);
			const [short] = reapAll(ring);
			assert.ok(short, 'a send that fell short posted its completion before the call returned');
			assert.is(short!.userData, 91);
			assert.ok(short!.result === -errno.EAGAIN! || (short!.result > 0 && short!.result < large), `result ${short!.result}`);
		});
	});

	test('should name a socket by its registered slot, for recv and send, until the slot is emptied', async () => {
		await withConnection({group: 6, bufferBytes: 4096, count: 8}, async ({ring, buffers, client, serverFd}) => {
			const files = FixedFiles.register(ring.fd, 64);
			assert.ok(files, 'sparse file tables since Linux 5.19');
			try {
				assert.not.ok(files!.install(64), 'an fd past the table has no slot');
				assert.ok(files!.install(serverFd));
				buffers.provide(2);
				buffers.publish();
				ring.prepRecvSelect(serverFd, 6, 60, {multishot: false, fixed: true});
				ring.enter(0, 0);
				client.write('by slot');
				const [received] = waitFor(ring, 1);
				assert.equal({userData: received!.userData, result: received!.result}, {userData: 60, result: 7});

				const echoed = new Promise<string>(resolve => client.once('data', data => resolve(String(data))));
				ring.prepSend(serverFd, buffers.address(2), 7, 61, true);
				assert.equal(waitFor(ring, 1), [{userData: 61, result: 7, flags: 0}]);
				assert.is(await within(2000, 'the echo', echoed), 'by slot');

				files!.remove(serverFd);
				ring.prepSend(serverFd, buffers.address(2), 7, 62, true);
				assert.equal(waitFor(ring, 1), [{userData: 62, result: -errno.EBADF!, flags: 0}], 'an emptied slot names nothing');
			} finally {
				files!.close();
				files!.close();
			}
		});
	});

	test('should unmap every ring and buffer mapping and close its fd, once', () => {
		const mappingsBefore = liveMappings();
		const ringMapsBefore = ringMappings();
		const fdsBefore = fs.readdirSync('/proc/self/fd').length;
		for (let cycle = 0; cycle < 20; cycle++) {
			const ring = IoUring.setup({entries: 16});
			const buffers = ProvidedBuffers.register(ring, {group: 0, bufferBytes: 16_384, count: 64});
			assert.ok(ringMappings() > ringMapsBefore, 'mapped while open');
			buffers.close();
			buffers.close();
			ring.close();
			ring.close();
		}

		assert.is(liveMappings(), mappingsBefore);
		assert.is(ringMappings(), ringMapsBefore);
		assert.is(fs.readdirSync('/proc/self/fd').length, fdsBefore);
	});
}

test.run();
