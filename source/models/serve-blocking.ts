// Serving one client over a blocking socket until it leaves: the body of the blocking, threads and fork models.
import {errno, errnoName} from '../sys/index.js';
import {closeClient} from './accept.js';
import {recvBlocking, sendAllBlocking} from './blocking-io.js';
import type {Control} from './control.js';
import {RECV_ZERO_DETAIL} from './events.js';
import type {Probe} from './probe.js';

const BUFFER_BYTES = 64 * 1024;

/** What serving a client reports to: the model's probe, or a recorder relaying to it from another thread or process. */
export type ServeProbe = Pick<Probe, 'recv' | 'send' | 'count' | 'beforeBlocking' | 'tick' | 'closed'>;

/** What serving one client needs from the model: a ModelContext will do. */
export type ServeContext = {
	readonly probe: ServeProbe;
	/** A forked child has no shared memory with the engine: it is stopped by a signal instead. */
	readonly control: Pick<Control, 'stopping' | 'disown'>;
};

/** recv, echo, repeat; recv returning 0 means the client closed. Closes the fd at the end. */
export function serveClient(context: ServeContext, fd: number): void {
	const {probe, control} = context;
	const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
	for (;;) {
		const received = recvBlocking(fd, buffer, probe);
		if (received === 0) {
			// A stop shuts the socket down to wake this recv; that is not the client leaving.
			if (control.stopping) {
				closeClient(context, fd, 'server-stopped');
			} else {
				closeClient(context, fd, 'peer-closed', RECV_ZERO_DETAIL);
			}

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
