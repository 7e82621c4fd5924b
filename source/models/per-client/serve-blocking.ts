// Serving one client over a blocking socket until it leaves: the body of the blocking, threads and fork models.
import {errno, errnoName} from '../../sys/errors.js';
import type {Control} from '../control.js';
import {RECV_ZERO_DETAIL, type CloseReason} from '../probe/events.js';
import type {Probe} from '../probe/probe.js';

/** Bytes one recv may take: the buffer each client's loop reuses. */
export const BUFFER_BYTES = 64 * 1024;

/** What serving a client reports to: the model's probe, or a recorder relaying to it from another thread or process. */
export type ServeProbe = Pick<Probe, 'recv' | 'send' | 'count' | 'beforeBlocking' | 'tick' | 'closed'>;

/**
 * The three calls serving a client makes, through libc (blocking-io.ts: recv(2) with MSG_DONTWAIT
 * first, so a thread says it blocks only when it does). A fork child has a loop of its own over
 * Node's fs instead (fork-child.ts, fs-blocking-io.ts), so that it loads no FFI.
 */
export type BlockingIo = {
	/** Bytes received (0: the peer closed), or -errno; waits for data, with EINTR retried. */
	recv(fd: number, buffer: Buffer, probe: Pick<ServeProbe, 'beforeBlocking' | 'count'>): number;
	/** Send all of `data`, blocking as needed; 0 when done, or -errno. */
	sendAll(fd: number, data: Buffer, probe: Pick<ServeProbe, 'beforeBlocking' | 'count' | 'send'>): number;
	close(fd: number): void;
};

/**
 * Send all of `data` through `write` (one write(2) or send(2) from `offset`: bytes written, or
 * -errno), with EINTR retried and each partial write reported; 0 when done, or -errno.
 */
export function sendAll(fd: number, data: Buffer, probe: Pick<ServeProbe, 'count' | 'send'>, write: (offset: number) => number): number {
	let offset = 0;
	while (offset < data.length) {
		const sent = write(offset);
		if (sent === -errno.EINTR) {
			probe.count('eintr');
			continue;
		}

		if (sent < 0) {
			return sent;
		}

		probe.send(fd, sent, data.length - offset);
		offset += sent;
	}

	return 0;
}

/** What serving one client needs from the model: a ModelContext and an io will do. */
export type ServeContext = {
	readonly probe: ServeProbe;
	readonly io: BlockingIo;
	/** A forked child has no shared memory with the engine: it is stopped by a signal instead. */
	readonly control: Pick<Control, 'stopping' | 'disown'>;
};

/** recv, echo, repeat; recv returning 0 means the client closed. Closes the fd at the end. */
export function serveClient(context: ServeContext, fd: number): void {
	const {probe, control, io} = context;
	const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
	const end = (reason: CloseReason, detail?: string): void => {
		control.disown(fd);
		io.close(fd);
		probe.closed(fd, reason, detail);
	};

	for (;;) {
		const received = io.recv(fd, buffer, probe);
		if (received === 0) {
			// A stop shuts the socket down to wake this recv; that is not the client leaving.
			if (control.stopping) {
				end('server-stopped');
			} else {
				end('peer-closed', RECV_ZERO_DETAIL);
			}

			return;
		}

		if (received < 0) {
			end(received === -errno.ECONNRESET ? 'reset' : 'error', `recv: ${errnoName(-received)}`);
			return;
		}

		probe.recv(fd, received, buffer.subarray(0, received));
		const sent = io.sendAll(fd, buffer.subarray(0, received), probe);
		if (sent < 0) {
			const reset = sent === -errno.ECONNRESET || sent === -errno.EPIPE;
			end(control.stopping ? 'server-stopped' : reset ? 'reset' : 'error', `send: ${errnoName(-sent)}`);
			return;
		}

		probe.tick();
	}
}
