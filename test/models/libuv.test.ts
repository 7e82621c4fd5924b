// The libuv model: the kernel's backlog is the one asked for, and out of fds no client is closed unannounced.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {ServeLog} from '../../source/soak/serve-log.js';
import {CLI} from '../helpers/cli-process.js';
import {connectClient, type EchoClient} from '../helpers/echo-client.js';
import {closeClientsAndStop, startModel, type ModelSuiteContext} from '../helpers/model-harness.js';
import {delay, waitUntil, within} from '../helpers/time.js';

const FD_LIMIT = 64;
/** More than fit under the limit beside Node's own fds, fewer than the backlog holds. */
const CLIENTS = 80;
const SOMAXCONN = Number(fs.readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));

const test = suite<ModelSuiteContext>('libuv', {clients: []});

test.after.each(closeClientsAndStop);

for (const [asked, kernel] of [[5, 5], [300, Math.min(300, SOMAXCONN)], [65_536, SOMAXCONN]] as const) {
	test(`should listen with the backlog asked for (${asked}) as the kernel caps it, and say so`, async context => {
		const harness = await startModel('libuv', {backlog: asked});
		context.harness = harness;
		const listening = await harness.waitForEvent('listening');
		// The engine samples TCP_INFO of the listening socket: tcpi_sacked is the limit `ss -lt` shows as Send-Q.
		const sample = await waitUntil(5000, 'a queue sample after listening', () => harness.samples.find(entry => entry.t > listening.t && entry.acceptQueue));
		assert.is(sample.acceptQueue!.limit, kernel, 'the kernel\'s backlog limit');
		assert.is(listening.backlog, kernel, 'the listening event says the kernel\'s limit');
	});
}

// ---

type Client = EchoClient & {readonly index: number};

const outOfFds = suite('libuv out of fds');

outOfFds(`should stop accepting before EMFILE under a ${FD_LIMIT}-fd limit, close no waiting client, and serve every one once fds free up`, async () => {
	const child = spawn('prlimit', [`--nofile=${FD_LIMIT}:${FD_LIMIT}`, process.execPath, CLI, 'serve', '--model', 'libuv', '--port', '0', '--json'], {stdio: ['ignore', 'pipe', 'inherit']});
	let output = '';
	child.stdout.on('data', chunk => {
		output += String(chunk);
	});
	const exited = new Promise<number | null>(resolve => {
		child.on('close', code => resolve(code));
	});
	const clients: Client[] = [];
	const closedUnechoed = new Set<number>();
	const message = (index: number): string => `client ${String(index).padStart(3, '0')}`;
	try {
		const port = Number(await waitUntil(10_000, 'listening', () => /"kind":"listening".*?"port":(\d+)/.exec(output)?.[1]));
		for (let index = 0; index < CLIENTS; index++) {
			const client = {...await connectClient(port), index};
			void client.closed.then(() => {
				if (client.received().length < message(index).length) {
					closedUnechoed.add(index);
				}
			});
			client.socket.write(message(index));
			clients.push(client);
		}

		// Out of fds, libuv's own EMFILE handling accepts and closes every waiting client without an event.
		await waitUntil(10_000, 'the out-of-fds event or a client closed', () => output.includes('"code":"EMFILE"') || closedUnechoed.size > 0);
		await delay(1500);
		const echoed = clients.filter(client => client.received().length === message(client.index).length);
		assert.ok(echoed.length > 0 && echoed.length < CLIENTS, `some clients served, the rest waiting (${echoed.length} of ${CLIENTS} echoed)`);
		assert.is(closedUnechoed.size, 0, `no waiting client closed (closed before their echo: ${[...closedUnechoed].join(', ')})`);

		for (const client of echoed) {
			client.close();
		}

		for (const client of clients.filter(client => !echoed.includes(client))) {
			const data = await within(10_000, `client ${client.index} served once fds were free`, client.waitForBytes(message(client.index).length));
			assert.is(data.toString(), message(client.index));
			client.close();
		}
	} finally {
		for (const client of clients) {
			client.close();
		}

		child.kill('SIGTERM');
	}

	assert.is(await within(10_000, 'serve exit', exited), 0, 'serve exits 0');
	const log = new ServeLog();
	for (const line of output.trim().split('\n')) {
		log.add(line);
	}

	assert.is(log.accepted, CLIENTS, 'every client accepted, by its events');
	assert.is(log.closed, CLIENTS, 'every accepted client closed, by its events');
	if (log.totals) {
		assert.is(log.totals.accepted, CLIENTS, 'every client accepted, by its totals');
		assert.is(log.totals.closed, CLIENTS, 'every accepted client closed, by its totals');
	}
});

test.run();
outOfFds.run();
