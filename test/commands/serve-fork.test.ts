// `echo-tui serve --model fork`: whichever way the server ends, no child process outlives it.
import fs from 'node:fs';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {startCli, type CliProcess} from '../helpers/cli-process.js';
import {connectClient, type EchoClient} from '../helpers/echo-client.js';
import {waitUntil, within} from '../helpers/time.js';

type Context = {cli?: CliProcess; clients: EchoClient[]};
const test = suite<Context>('serve --model fork', {clients: []});

/** Start the server with `count` clients echoed once each; the pids of their child processes. */
async function serveWithClients(context: Context, count: number): Promise<number[]> {
	const cli = startCli(['serve', '--model', 'fork', '--port', '0', '--json', '--max-procs', '4']);
	context.cli = cli;
	const lines = (): Array<{kind: string; port?: number; pid?: number}> =>
		cli.stdout().split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line) as {kind: string});
	const {port} = await waitUntil(10_000, 'the listening event', () => lines().find(event => event.kind === 'listening'));
	for (let index = 0; index < count; index++) {
		const client = await connectClient(port!);
		context.clients.push(client);
		client.socket.write('hi');
		await within(20_000, 'echo', client.waitForBytes(2));
	}

	const spawned = await waitUntil(5000, `${count} child-spawned lines`, () => {
		const events = lines().filter(event => event.kind === 'child-spawned');
		return events.length === count && events;
	});
	return spawned.map(event => event.pid!);
}

test.after.each(async context => {
	for (const client of context.clients.splice(0)) {
		client.close();
	}

	context.cli?.child.kill('SIGKILL');
});

for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
	test(`should leave no child process behind on ${signal}`, async context => {
		const pids = await serveWithClients(context, 3);
		assert.ok(pids.every(pid => fs.existsSync(`/proc/${pid}`)));
		context.cli!.child.kill(signal);
		const result = await within(5000, 'exit', context.cli!.exited);
		// SIGKILL gives the server no chance to clean up: its children die of their parent-death signal.
		assert.is(signal === 'SIGKILL' ? result.signal : result.code, signal === 'SIGKILL' ? 'SIGKILL' : 0, result.stderr);
		await waitUntil(5000, 'every child gone', () => pids.every(pid => !fs.existsSync(`/proc/${pid}`)));
		await within(5000, 'every client disconnected', Promise.all(context.clients.map(async client => client.closed)));
	});
}

test.run();
