// The io_uring model: completions reaped in batches, a quick stop, nothing left behind after many runs, a bounded queue, EMFILE, and a clear "unavailable".
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {Engine} from '../../source/engine/engine.js';
import {runLoad} from '../../source/load/index.js';
import {unavailableReason} from '../../source/models/index.js';
import {HIGH_WATER_BYTES} from '../../source/models/readiness/nonblocking-echo.js';
import {NO_IO_URING_ENV, ioUringUnavailable} from '../../source/sys/index.js';
import {CLI, runCli} from '../helpers/cli-process.js';
import {connectClient, type EchoClient} from '../helpers/echo-client.js';
import {closeClientsAndStop, startModel, type ModelSuiteContext} from '../helpers/model-harness.js';
import {delay, waitUntil, within} from '../helpers/time.js';

/** Mappings of io_uring's own file in this process: each ring's rings and SQE array. */
function ringMappings(): number {
	return fs.readFileSync('/proc/self/maps', 'utf8').split('\n').filter(line => line.includes('[io_uring]')).length;
}

/** What a model run may leave behind in this process. */
function footprint(): {fds: number; threads: number; rings: number; vmKb: number} {
	const vmKb = Number(/^VmSize:\s*(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1]);
	return {fds: fs.readdirSync('/proc/self/fd').length, threads: fs.readdirSync('/proc/self/task').length, rings: ringMappings(), vmKb};
}

/** CPU time (user + system, in clock ticks) a process has used so far. */
function cpuTicks(pid: number): number {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return Number(fields[11]) + Number(fields[12]);
}

/** Send `message` and check every byte comes back. */
async function echo(client: EchoClient, message: string): Promise<void> {
	const before = client.received().length;
	client.socket.write(message);
	const received = await within(5000, `echo of "${message}"`, client.waitForBytes(before + message.length));
	assert.is(received.subarray(before).toString(), message);
}

const unavailable = ioUringUnavailable();

const test = suite<ModelSuiteContext>('io-uring model', {clients: []});

test.after.each(closeClientsAndStop);

if (unavailable) {
	test('should be listed as unavailable, with the kernel\'s reason', () => {
		console.log(`io_uring unavailable here: ${unavailable}; the model's tests that need it are skipped`);
		assert.is(unavailableReason('io-uring'), unavailable);
	});
} else {
	test('should make fewer io_uring_enter calls than it echoes messages, with 100 busy clients', async context => {
		context.harness = await startModel('io-uring');
		const {port, batches} = context.harness;
		const load = await runLoad({port, clients: 100, size: 64, seconds: 1, warmupSeconds: 0.2});
		assert.is(load.connected, 100);
		assert.equal(load.errors, {});
		assert.is(load.corruptBytes, 0);
		const {counters} = await waitUntil(5000, 'the counters of every message', () => {
			const last = batches.at(-1);
			return last && last.counters.sendCalls >= load.messages ? last : undefined;
		});
		// Each message is a recv completion; its echo completes silently unless it falls short. One call submits and reaps many.
		assert.ok(counters.completed >= load.messages, `${counters.completed} completions for ${load.messages} messages`);
		assert.ok(counters.sendCalls >= load.messages, `${counters.sendCalls} sends for ${load.messages} messages`);
		assert.ok(counters.enterCalls < load.messages, `${counters.enterCalls} io_uring_enter calls for ${load.messages} messages`);
		const batched = context.harness.eventsOf('io-uring-enter').some(event => event.completed > 1);
		assert.ok(batched, 'some call reaped more than one completion');
		const setup = context.harness.eventsOf('io-uring-setup')[0];
		assert.ok(setup && setup.setupFlags.length > 0, 'the ring says which flags it runs with');
	});

	test('should stop from an idle loop within a second', async context => {
		context.harness = await startModel('io-uring');
		const client = await connectClient(context.harness.port);
		context.clients.push(client);
		await echo(client, 'one before the quiet');
		await delay(300); // Blocked in io_uring_enter, nothing to flush: no timeout to wake it.
		const started = performance.now();
		await context.harness.stop();
		const stopMs = performance.now() - started;
		// Past 1000 ms the engine terminates the worker instead: the loop would not have stopped itself.
		assert.ok(stopMs < 1000, `stop took ${Math.round(stopMs)} ms`);
		assert.equal(context.harness.failures, []);
		const closed = context.harness.eventsOf('closed');
		assert.equal(closed.map(event => event.reason), ['server-stopped']);
		await within(2000, 'the client sees the close', client.closed);
	});

	test('should leave fds, threads and ring mappings where they were after 20 switches to and from io-uring', async () => {
		const engine = new Engine({port: 0, sampleMs: 50});
		const clients: EchoClient[] = [];
		let listening = 0;
		engine.on('batch', batch => {
			listening += batch.events.filter(event => event.kind === 'listening').length;
		});
		const startAndEcho = async (modelId: string, message: string): Promise<void> => {
			const wanted = listening + 1;
			await engine.start(modelId);
			await waitUntil(10_000, `${modelId} listening`, () => listening >= wanted);
			const client = await connectClient(engine.address!.port);
			clients.push(client);
			await echo(client, message);
		};

		try {
			// One round first: the first run loads koffi and the models' modules for good.
			await startAndEcho('io-uring', 'warm-up');
			await startAndEcho('epoll-lt', 'warm-up');
			await engine.stop();
			const before = footprint();
			for (let round = 0; round < 20; round++) {
				await startAndEcho('io-uring', `round ${round}`); // Its client stays connected: a recv is armed at the switch.
				await startAndEcho('epoll-lt', `round ${round}`);
			}

			await engine.stop();
			for (const client of clients.splice(0)) {
				client.close();
			}

			const after = await waitUntil(5000, 'threads and fds back to where they were', () => {
				const now = footprint();
				return now.threads <= before.threads && now.fds <= before.fds ? now : undefined;
			}).catch(() => footprint());
			assert.is(after.rings, before.rings, 'every ring unmapped');
			assert.ok(after.fds <= before.fds, `fds: ${before.fds} before, ${after.fds} after`);
			assert.ok(after.threads <= before.threads, `threads: ${before.threads} before, ${after.threads} after`);
			// Each run reserves 64 MiB for its buffers: 20 left mapped would add 1.25 GiB.
			assert.ok(after.vmKb - before.vmKb < 256 * 1024, `address space grew by ${after.vmKb - before.vmKb} KiB`);
		} finally {
			for (const client of clients) {
				client.close();
			}

			await engine.stop();
		}
	});

	test('should stop reading a client that sends without reading, then echo every byte once it reads', async context => {
		context.harness = await startModel('io-uring');
		const {port, batches} = context.harness;
		const client = await connectClient(port);
		context.clients.push(client);
		client.socket.pause();
		const message = Buffer.alloc(16 * 1024 * 1024, 'abcdefghijklmnopqrstuvwxyz');
		client.socket.write(message);
		await delay(1000);
		// Reading pauses once the high-water mark is owed: what the call that crossed it had already
		// received stays, a few MiB at most; the rest waits in the kernel's socket buffers.
		const held = Math.max(0, ...batches.flatMap(batch => batch.clients.map(stats => stats.appQueue)));
		assert.ok(held >= HIGH_WATER_BYTES / 2, `the server holds ${held} B of unsent bytes`);
		assert.ok(held < message.length / 2, `the server holds ${held} B for one client: it kept reading`);
		client.socket.resume();
		const received = await within(20_000, 'every byte echoed', client.waitForBytes(message.length));
		assert.ok(received.equals(message), 'every byte in order');
		assert.equal(context.harness.failures, []);
	});

	test('should report EMFILE, keep serving, not spin, and accept the waiting clients once fds free up', async () => {
		const fdLimit = 64;
		const child = spawn('prlimit', [`--nofile=${fdLimit}:${fdLimit}`, process.execPath, CLI, 'serve', '--model', 'io-uring', '--port', '0', '--json'], {stdio: ['ignore', 'pipe', 'inherit']});
		let output = '';
		child.stdout.on('data', chunk => {
			output += String(chunk);
		});
		const clients: EchoClient[] = [];
		try {
			const port = Number(await waitUntil(10_000, 'listening', () => /"kind":"listening".*?"port":(\d+)/.exec(output)?.[1]));
			for (let index = 0; index < 60; index++) {
				clients.push(await connectClient(port));
			}

			await waitUntil(5000, 'an EMFILE event', () => output.includes('"code":"EMFILE"'));
			await echo(clients[0]!, 'served anyway');
			const before = cpuTicks(child.pid!);
			await delay(1000);
			const ticks = cpuTicks(child.pid!) - before;
			assert.ok(ticks < 50, `the server used ${ticks} ticks of CPU in 1 s while out of fds (a spin would use ~100)`);
			for (const client of clients.slice(1, -1)) {
				client.close();
			}

			await echo(clients.at(-1)!, 'my turn');
		} finally {
			for (const client of clients) {
				client.close();
			}

			child.kill('SIGTERM');
			await within(5000, 'serve exit', new Promise(resolve => {
				child.on('close', resolve);
			}));
		}
	});
}

test('should say in one line that io-uring is unavailable when io_uring is switched off', async () => {
	const previous = process.env[NO_IO_URING_ENV];
	process.env[NO_IO_URING_ENV] = '1';
	try {
		assert.match(unavailableReason('io-uring') ?? '', /ECHO_TUI_NO_IO_URING=1/);
		const engine = new Engine({port: 0});
		try {
			await engine.start('io-uring');
			assert.unreachable('started');
		} catch (error) {
			assert.match((error as Error).message, /io-uring.*not available.*ECHO_TUI_NO_IO_URING=1/);
		} finally {
			await engine.stop();
		}

		const served = await runCli(['serve', '--model', 'io-uring', '--port', '0']);
		assert.is.not(served.code, 0);
		const lines = served.stderr.trim().split('\n');
		assert.is(lines.length, 1, served.stderr);
		assert.match(lines[0]!, /ECHO_TUI_NO_IO_URING=1/);
	} finally {
		if (previous === undefined) {
			delete process.env[NO_IO_URING_ENV];
		} else {
			process.env[NO_IO_URING_ENV] = previous;
		}
	}
});

test.run();
