// Serving one client over a blocking socket until it leaves: the body of the blocking, thread and process models.
import {errno, errnoName} from '../sys/index.js';
import {closeClient} from './accept.js';
import {recvBlocking, sendAllBlocking} from './blocking-io.js';
import type {ModelContext} from './model.js';

const BUFFER_BYTES = 64 * 1024;

/** recv, echo, repeat; recv returning 0 means the client closed. Closes the fd at the end. */
export function serveClient(context: ModelContext, fd: number): void {
	const {probe, control} = context;
	const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
	for (;;) {
		const received = recvBlocking(fd, buffer, probe);
		if (received === 0) {
			// A stop shuts the socket down to wake this recv; that is not the client leaving.
			closeClient(context, fd, control.stopping ? 'server-stopped' : 'peer-closed');
			return;
		}

		if (received < 0) {
			closeClient(context, fd, received === -errno.ECONNRESET ? 'reset' : 'error', `recv: ${errnoName(-received)}`);
			return;
		}

		probe.recv(fd, received, buffer.subarray(0, received));
		const sent = sendAllBlocking(fd, buffer.subarray(0, received), probe);
		if (sent < 0) {
			const reset = sent === -errno.ECONNRESET || sent === -errno.EPIPE;
			closeClient(context, fd, control.stopping ? 'server-stopped' : reset ? 'reset' : 'error', `send: ${errnoName(-sent)}`);
			return;
		}

		probe.tick();
	}
}
