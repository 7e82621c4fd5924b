// The load process: the Node flags it inherits (and those it must not), and its measured window's closing edge.
import {once} from 'node:events';
import fs from 'node:fs';
import net, {type AddressInfo} from 'node:net';
import {suite} from 'uvu';
import * as assert from 'uvu/assert';
import {childExecArgv, runLoad} from '../../source/load/run-load.js';
import {waitUntil} from '../helpers/time.js';

const test = suite('load process flags');

test('should hand on --import and the like, but no inspector and no code to evaluate', () => {
	assert.equal(childExecArgv(['--import', 'tsx', '--max-old-space-size=512']), ['--import', 'tsx', '--max-old-space-size=512']);
	assert.equal(childExecArgv(['--inspect=9229', '--import', 'tsx']), ['--import', 'tsx']);
	// `node -e "runLoad(...)"`: a child given the same code would start a load of its own, and so on.
	assert.equal(childExecArgv(['--import', 'tsx', '-e', 'import("./dist/load/index.js")']), ['--import', 'tsx']);
	assert.equal(childExecArgv(['--eval=code', '--import', 'tsx']), ['--import', 'tsx']);
	assert.equal(childExecArgv(['-pe', 'code', '--print', 'code', '-p', 'code']), []);
	assert.equal(childExecArgv(['-r', 'x']), ['-r', 'x']);
});

test.run();

const window = suite('load process window');

/** Server-side connections on `port` the kernel has ESTABLISHED (/proc/net/tcp: ports in hex, the state in the fourth column, 01). */
function establishedOn(port: number): number {
	const local = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
	return fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).map(line => line.trim().split(/\s+/))
		.filter(fields => fields[1]?.endsWith(local) && fields[3] === '01').length;
}

window('should keep every client connected until the closing edge has been handled, so the server\'s CPU is read with its clients alive', async () => {
	const server = net.createServer(socket => {
		// The load may end its clients with a reset: that is their business, not this test's.
		socket.on('error', () => undefined);
		socket.pipe(socket);
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const {port} = server.address() as AddressInfo;
	try {
		const connectedAtClose: number[] = [];
		const result = await runLoad({port, clients: 10, size: 64, seconds: 0.3}, {
			onWindow(edge) {
				if (edge === 'close') {
					// Handled late, as a busy bench handles it: a load that did not wait would have closed its clients meanwhile.
					Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
					connectedAtClose.push(establishedOn(port));
				}
			},
		});
		assert.ok(result.messagesPerSecond > 0, 'the load ran');
		assert.equal(connectedAtClose, [10], 'all ten still connected when the close edge was handled');
		await waitUntil(5000, 'the clients gone after', () => establishedOn(port) === 0 || undefined);
	} finally {
		server.close();
	}
});

window.run();
