// The step gate on this thread: an accept4 started on libuv's pool waits for its step, announced before and after.
import net from 'node:net';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {SHUT_RDWR, close, listenTcp, shutdown} from '../../source/sys/index.js';
import {callsArePlain, raw} from '../../source/sys/libc.js';
import {StepGate} from '../../source/sys/step-gate.js';
import {SteppedCalls, type StepAnnouncement} from '../../source/sys/stepped-calls.js';
import {delay, waitUntil, within} from '../helpers/time.js';

const test = suite('step-gate');

/** accept4 through koffi's `.async`, as the fork and threads models call it. */
async function acceptAsync(listenFd: number): Promise<number> {
	const address = Buffer.alloc(16);
	const length = Buffer.alloc(4);
	length.writeUInt32LE(16);
	return new Promise((resolve, reject) => {
		raw.accept4.async(listenFd, address, length, 0, (error: unknown, fd: number) => {
			if (error) {
				reject(error as Error);
			} else {
				resolve(fd);
			}
		});
	});
}

test('should start an async call only once stepped, and announce it before and after', async () => {
	const {fd: listenFd, address} = listenTcp('127.0.0.1', 0, 8);
	const gate = StepGate.create();
	const steps: StepAnnouncement[] = [];
	const stepped = new SteppedCalls(gate, step => steps.push(step));
	stepped.scope = 'async-calls';
	const client = net.connect({port: address.port, host: '127.0.0.1'});
	try {
		await within(5000, 'connect', new Promise(resolve => client.once('connect', resolve)));
		gate.stepping = true;
		// Not stepped in this scope: a synchronous call passes unannounced.
		raw.getppid();
		assert.is(steps.length, 0);
		let accepted = -1;
		const accepting = acceptAsync(listenFd).then(fd => {
			accepted = fd;
		});
		assert.equal(steps, [{phase: 'before', call: 'accept4', text: `accept4(fd ${listenFd})`, seq: 1}]);
		assert.is(gate.held, 1);
		await delay(200);
		assert.is(accepted, -1, 'a connection waits, but accept was not started');
		assert.ok(gate.step());
		await within(5000, 'accept', accepting);
		assert.ok(accepted >= 0);
		assert.equal(steps[1], {phase: 'after', call: 'accept4', text: `-> fd ${accepted} (127.0.0.1:${client.localPort!})`, seq: 1});
		assert.is(gate.held, 0);
		assert.not.ok(gate.step(), 'nothing held: a step is not saved up');
		close(accepted);

		// Stop opens the gate: the held accept starts and, its socket shut down, fails at once.
		const failing = acceptAsync(listenFd);
		await waitUntil(2000, 'accept held', () => gate.held === 2);
		shutdown(listenFd, SHUT_RDWR);
		gate.stop();
		assert.ok(await within(2000, 'the held accept ends', failing) < 0);
		assert.match(steps.at(-1)!.text, /^-> -1 E/);
	} finally {
		client.destroy();
		stepped.close();
		close(listenFd);
	}

	assert.ok(callsArePlain());
});

test.run();
