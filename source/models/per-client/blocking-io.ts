// recv(2) and send(2) on blocking sockets, for models where a thread or process waits in the call.
// Direct imports, not sys/index.js: every client thread of the threads model loads this, and
// starts faster for each sys module it does not (sock_diag, io_uring, ...).
import {MSG_DONTWAIT} from '../../sys/constants.js';
import {errno} from '../../sys/errors.js';
import {close, recv, send} from '../../sys/socket.js';
import type {Probe} from '../probe/probe.js';
import {sendAll, type BlockingIo} from './serve-blocking.js';

/**
 * recv that may block, with EINTR retried. It first tries without blocking (MSG_DONTWAIT) so
 * that the probe is flushed, and a `blocked-in` event sent, only when the thread really waits:
 * a blocked thread cannot report anything until the call returns.
 */
export function recvBlocking(fd: number, buffer: Buffer, probe: Pick<Probe, 'beforeBlocking' | 'count'>): number {
	for (;;) {
		let received = recv(fd, buffer, 0, buffer.length, MSG_DONTWAIT);
		if (received === -errno.EAGAIN) {
			probe.beforeBlocking('recv', fd);
			received = recv(fd, buffer);
		}

		if (received !== -errno.EINTR) {
			return received;
		}

		probe.count('eintr');
	}
}

/** Send all of `data`, blocking as needed; 0 when done, or `-errno`. */
export function sendAllBlocking(fd: number, data: Buffer, probe: Pick<Probe, 'beforeBlocking' | 'count' | 'send'>): number {
	return sendAll(fd, data, probe, offset => {
		const sent = send(fd, data, offset, data.length - offset, MSG_DONTWAIT);
		if (sent !== -errno.EAGAIN) {
			return sent;
		}

		// The peer is not reading and its receive window is full: this thread will wait.
		probe.beforeBlocking('send', fd);
		return send(fd, data, offset);
	});
}

/** Serving a client through libc, in a thread whose probe flushes before it blocks: the blocking model. */
export const libcIo: BlockingIo = {recv: recvBlocking, sendAll: sendAllBlocking, close};
