// Out of file descriptors: accept4 fails with EMFILE; the server says so, keeps serving, and neither spins nor crashes.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {CLI} from '../helpers/cli-process.js';
import {connectClient, type EchoClient} from '../helpers/echo-client.js';
import {delay, waitUntil, within} from '../helpers/time.js';

const FD_LIMIT = 64;
const CLIENTS = 60; // More than fit under the limit next to Node's own fds.

/** CPU time (user + system, in clock ticks) a process has used so far. */
function cpuTicks(pid: number): number {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return Number(fields[11]) + Number(fields[12]);
}

const test = suite('serve out of fds');

// Level-triggered, a listening socket left watched after EMFILE is reported ready forever: the spin to avoid.
for (const model of ['epoll-lt', 'epoll-et']) test(`${model} should report EMFILE, keep serving, not spin, and accept the waiting clients once fds free up`, async () => {
	const child = spawn('prlimit', [`--nofile=${FD_LIMIT}:${FD_LIMIT}`, process.execPath, CLI, 'serve', '--model', model, '--port', '0', '--json'], {stdio: ['ignore', 'pipe', 'inherit']});
	let output = '';
	child.stdout.on('data', chunk => {
		output += String(chunk);
	});
	const clients: EchoClient[] = [];
	try {
		const port = await waitUntil(10_000, 'listening', () => /"kind":"listening".*?"port":(\d+)/.exec(output)?.[1]);
		for (let index = 0; index < CLIENTS; index++) {
			clients.push(await connectClient(Number(port)));
		}

		await waitUntil(5000, 'an EMFILE event', () => output.includes('"code":"EMFILE"'));
		const first = clients[0]!;
		first.socket.write('served anyway');
		assert.is((await within(5000, 'echo while out of fds', first.waitForBytes(13))).toString(), 'served anyway');

		// prlimit execs the command, so the child's pid is the server's.
		const before = cpuTicks(child.pid!);
		await delay(1000);
		const ticks = cpuTicks(child.pid!) - before;
		assert.ok(ticks < 50, `the server used ${ticks} ticks of CPU in 1 s while out of fds (a spin would use ~100)`);

		const last = clients.at(-1)!;
		for (const client of clients.slice(1, -1)) {
			client.close();
		}

		last.socket.write('my turn');
		assert.is((await within(5000, 'the last client, once fds were free', last.waitForBytes(7))).toString(), 'my turn');
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

test.run();
