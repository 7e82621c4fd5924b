// serve's output to a reader that stalls (bounded, counted, memory flat) and its readable lines in time order.
import net from 'node:net';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {delay, waitUntil, within} from '../helpers/time.js';
import {countLines, pingPong, rssMebibytes, startServe, type JsonLine, type TotalsLine} from './serve-load.js';

/**
 * Long enough for serve's 256 KiB bound to be passed: under this load the probe keeps 640
 * detailed events a second (it flushes every 100 ms while busy), some 70 KB of lines a second.
 */
const STALL_MS = 9000;
/** How far the server's memory may grow while its reader stalls (issue 8: it grew without end). */
const RSS_MARGIN_MIB = 20;
/**
 * Most bytes queued for the reader before the line saying what it missed: the kernel's pipe
 * (64 KiB), serve's bound (256 KiB), the test's own read buffer, with room to spare (about 450 KB
 * are queued here). Unbounded, the queue grew with every second of this load, without end.
 */
const MAX_QUEUED_BYTES = 1024 * 1024;

const test = suite('serve output');

test('should keep memory flat while its reader stalls, and say how many events it left out', async () => {
	const served = await startServe(['--model', 'epoll-et', '--json']);
	let received = 0;
	served.child.stdout!.on('data', (chunk: Buffer) => {
		received += chunk.length;
	});
	try {
		const load = await pingPong(served.port, 4);
		// Let the server warm up (JIT, heaps) while the output is read.
		await delay(1000);
		served.child.stdout!.pause();
		const readBeforeStall = received;
		const startRss = rssMebibytes(served.child.pid!);
		let maxRss = startRss;
		const stallEnds = performance.now() + STALL_MS;
		while (performance.now() < stallEnds) {
			await delay(250);
			maxRss = Math.max(maxRss, rssMebibytes(served.child.pid!));
		}

		served.child.stdout!.resume();
		const slowReaderAt = await waitUntil(10_000, 'the slow-reader summary', () => {
			const at = served.stdout().indexOf('"reason":"slow-reader"');
			return at >= 0 ? at : undefined;
		});
		const did = await load.stop();
		assert.ok(did.messages > 10_000, `a load worth the name: ${did.messages} messages`);
		assert.ok(maxRss - startRss <= RSS_MARGIN_MIB, `RSS grew from ${startRss.toFixed(1)} to ${maxRss.toFixed(1)} MiB while the reader stalled`);
		// Offsets in characters, bytes counted in bytes: the output is ASCII.
		const queued = slowReaderAt - readBeforeStall;
		assert.ok(queued < MAX_QUEUED_BYTES, `${queued} bytes were queued for a stalled reader`);

		served.child.kill('SIGTERM');
		const result = await within(5000, 'exit', served.exited);
		assert.is(result.code, 0, result.stderr);
		const lines = result.stdout.trim().split('\n').map(line => JSON.parse(line) as JsonLine);
		const totals = lines.at(-1) as TotalsLine;
		assert.is(totals.kind, 'totals');
		assert.ok(totals.summarised.output > 1000, `${totals.summarised.output} lines left out for the slow reader`);
		assert.is(totals.recvBytes, did.bytes);
		const {detail, counted} = countLines(lines);
		assert.is((detail.recv ?? 0) + (counted.recv ?? 0), totals.recvCalls, 'every recv shown or counted, once');
		assert.is((detail.send ?? 0) + (counted.send ?? 0), totals.sendCalls, 'every send shown or counted, once');
		const countedInAll = Object.values(counted).reduce((sum, count) => sum + count, 0);
		assert.is(countedInAll, totals.summarised.probe + totals.summarised.output, 'the summaries add up to the totals');
		assert.is(lines.filter(line => line.kind === 'listening').length, 1);
	} finally {
		served.child.kill('SIGKILL');
	}
});

// ---

/** Clock of a readable line (`12:00:01.123 ...`) in ms since midnight. */
function lineTime(line: string): number {
	const [hours, minutes, seconds] = line.slice(0, 12).split(':').map(Number) as [number, number, number];
	return ((hours * 60) + minutes) * 60_000 + (seconds * 1000);
}

/** Few enough open files that most of the extra clients wait in the accept queue (accept4: EMFILE). */
const FILE_LIMIT = 64;
const EXTRA_CLIENTS = 80;
/** Between two closes, so that each freed fd lets one waiting client in and a sample sees the queue shrink. */
const CLOSE_EVERY_MS = 40;

const order = suite('serve readable lines');

// Queue samples are taken on the main thread, events in the model's worker and delivered up to
// 25 ms later in batches: unordered, a busy server printed an accept-queue line before earlier events.
order('should come in time order, accept-queue lines among busy events', async () => {
	const served = await startServe(['--model', 'epoll-et'], {fileLimit: FILE_LIMIT});
	const extra: net.Socket[] = [];
	try {
		const load = await pingPong(served.port, 4);
		for (let index = 0; index < EXTRA_CLIENTS; index++) {
			extra.push(await new Promise<net.Socket>((resolve, reject) => {
				const socket = net.connect({port: served.port, host: '127.0.0.1'}, () => resolve(socket));
				socket.once('error', reject);
			}));
		}

		await waitUntil(5000, 'clients waiting in the accept queue', () => / accept-queue +[1-9]\d* of /.test(served.stdout()));
		for (const socket of extra) {
			socket.destroy();
			await delay(CLOSE_EVERY_MS);
		}

		await load.stop();
		served.child.kill('SIGTERM');
		const result = await within(5000, 'exit', served.exited);
		assert.is(result.code, 0, result.stderr);
		const lines = result.stdout.trimEnd().split('\n');
		const acceptQueueLines = lines.filter(line => line.includes(' accept-queue ')).length;
		assert.ok(acceptQueueLines >= 5, `${acceptQueueLines} accept-queue lines among the events`);
		for (let index = 1; index < lines.length; index++) {
			const [before, after] = [lines[index - 1]!, lines[index]!];
			assert.ok(lineTime(after) >= lineTime(before) || lineTime(before) - lineTime(after) > 43_200_000, `out of order:\n${before}\n${after}`);
		}
	} finally {
		for (const socket of extra) {
			socket.destroy();
		}

		served.child.kill('SIGKILL');
	}
});

test.run();
order.run();
