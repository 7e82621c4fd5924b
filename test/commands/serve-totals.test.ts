// serve's last line: the exact totals, whichever signal ends it, matching what the clients did.
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {delay, waitUntil, within} from '../helpers/time.js';
import {countLines, pingPong, startServe, type JsonLine, type TotalsLine} from './serve-load.js';

const CLIENTS = 5;
const LOAD_MS = 1500;

const test = suite('serve totals');

for (const [model, signal] of [['epoll-et', 'SIGTERM'], ['epoll-et', 'SIGINT'], ['epoll-et', 'SIGHUP'], ['threads', 'SIGTERM']] as const) {
	test(`${model} should end on ${signal} with the totals as its last NDJSON line, exact`, async () => {
		const served = await startServe(['--model', model, '--json']);
		try {
			const load = await pingPong(served.port, CLIENTS);
			await delay(LOAD_MS);
			const did = await load.stop();
			await waitUntil(5000, 'every close, shown or counted', () => {
				const {detail, counted} = countLines(served.lines().map(line => JSON.parse(line) as JsonLine));
				return (detail.closed ?? 0) + (counted.closed ?? 0) === CLIENTS;
			});
			served.child.kill(signal);
			const result = await within(5000, 'exit', served.exited);
			assert.is(result.code, 0, result.stderr);
			assert.is(result.stderr, '');
			const lines = result.stdout.trim().split('\n').map(line => JSON.parse(line) as JsonLine);
			const totals = lines.at(-1) as TotalsLine;
			assert.is(totals.kind, 'totals');
			assert.is(totals.model, model);
			assert.is(totals.accepted, did.connections);
			assert.is(totals.closed, did.connections);
			assert.is(totals.refused, 0);
			assert.is(totals.errors, 0);
			assert.is(totals.recvBytes, did.bytes, 'bytes in: every byte the clients sent');
			assert.is(totals.sendBytes, did.bytes, 'bytes out: every byte echoed');
			assert.ok(totals.recvCalls >= did.messages, `${totals.recvCalls} recv calls for ${did.messages} messages`);
			assert.is(totals.summarised.output, 0, 'the test read everything at once');
			const {detail, counted} = countLines(lines);
			assert.is((detail.recv ?? 0) + (counted.recv ?? 0), totals.recvCalls, 'every recv shown or counted, once');
			assert.is((detail.send ?? 0) + (counted.send ?? 0), totals.sendCalls, 'every send shown or counted, once');
			assert.is(Object.values(counted).reduce((sum, count) => sum + count, 0), totals.summarised.probe);
		} finally {
			served.child.kill('SIGKILL');
		}
	});
}

test('should end with a readable totals line without --json', async () => {
	const served = await startServe(['--model', 'blocking']);
	try {
		const load = await pingPong(served.port, 1, Buffer.from('0123456789'));
		await waitUntil(5000, 'a few echoes', () => load.messages() >= 10);
		const did = await load.stop();
		await waitUntil(5000, 'the close', () => served.stdout().includes(' closed '));
		served.child.kill('SIGTERM');
		const result = await within(5000, 'exit', served.exited);
		assert.is(result.code, 0, result.stderr);
		const last = result.stdout.trimEnd().split('\n').at(-1)!;
		const bytes = did.bytes.toLocaleString('en-US');
		assert.match(last, new RegExp(String.raw`^\d\d:\d\d:\d\d\.\d{3} totals\s+blocking  accepted 1  closed 1  refused 0  in ${bytes} B in [\d,]+ recv  out ${bytes} B in [\d,]+ send  errors 0  summarised [\d,]+ by the probe, 0 for a slow reader$`));
	} finally {
		served.child.kill('SIGKILL');
	}
});

test.run();
