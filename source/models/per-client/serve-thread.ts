// serveClient's loop for a client thread of the threads model, with its ring recording made part of it: a message costs its two system calls and a few stores.
import {MSG_DONTWAIT, MSG_NOSIGNAL} from '../../sys/constants.js';
import {errno, errnoName} from '../../sys/errors.js';
import {lastErrno, raw, syscallTotal} from '../../sys/libc.js';
import {close} from '../../sys/socket.js';
import {RECV_HEAD_BYTES, RECV_ZERO_DETAIL, type CloseReason} from '../probe/events.js';
import {sendAllBlocking} from './blocking-io.js';
import type {RecordRing} from './record-ring.js';
import type {RingRecorder} from './ring-recorder.js';
import {BUFFER_BYTES, type ServeContext} from './serve-blocking.js';

const SEND_FLAGS = MSG_DONTWAIT | MSG_NOSIGNAL;

/**
 * recv, echo, repeat, as serveClient does, with the same events and close reasons; closes the
 * fd at the end. Each recv is said before it is made (a blocked-in), without recvBlocking's
 * MSG_DONTWAIT try: the ring records it for a few stores, where the try costs a system call.
 *
 * Why a loop of its own: a client thread's code runs in an isolate of its own, mostly not yet
 * optimised (at 100 clients each thread echoes a few hundred messages a second: perf shows its
 * loop still in baseline code after seconds) and out of the CPU's caches after the other threads
 * ran, so each call, property load and allocation per message shows in CPU per message. The
 * common case (a recv, a send that takes it all) calls libc directly, allocates nothing, counts
 * its own system calls and writes one record; the rare ones (EINTR, a partial or blocked send,
 * an error, the end) go through the shared code.
 */
export function serveThreadClient(ring: RecordRing, recorder: RingRecorder, control: ServeContext['control'], fd: number): void {
	const memory = new ArrayBuffer(BUFFER_BYTES);
	const buffer = Buffer.from(memory);
	// The ring copies a recv's head from here as words (RecordRing.echo).
	const head = new Int32Array(memory, 0, RECV_HEAD_BYTES >> 2);
	const end = (reason: CloseReason, detail?: string): void => {
		control.disown(fd);
		close(fd);
		recorder.closed(fd, reason, detail);
	};

	// This thread's system calls, counted here as they are made: summing sys/libc's table costs more than the call.
	let syscalls = syscallTotal();
	// Whether the last record already says this thread is blocked in recv (an echo record ends so).
	let saidBlocked = false;
	for (;;) {
		if (!saidBlocked) {
			recorder.blockedInRecv(syscalls);
		}

		saidBlocked = false;
		// koffi hands back a number for an intptr_t that fits one.
		const received = raw.recv(fd, buffer, BUFFER_BYTES, 0) as number;
		if (received <= 0) {
			syscalls = syscallTotal();
			if (received === 0) {
				// A stop shuts the socket down to wake this recv; that is not the client leaving.
				end(control.stopping ? 'server-stopped' : 'peer-closed', control.stopping ? undefined : RECV_ZERO_DETAIL);
				return;
			}

			const error = lastErrno();
			if (error === errno.EINTR) {
				recorder.count('eintr');
				continue;
			}

			end(error === errno.ECONNRESET ? 'reset' : 'error', `recv: ${errnoName(error)}`);
			return;
		}

		// MSG_DONTWAIT as sendAllBlocking's first try: a send that would block says so first.
		const sent = raw.send(fd, buffer, received, SEND_FLAGS) as number;
		syscalls += 2;
		if (sent === received) {
			// The recv, the send, and the next recv this loop goes straight back to: the thread is
			// shown blocked in it while it waits, not running since its last message.
			ring.echo(received, head, syscalls);
			saidBlocked = true;
			continue;
		}

		recorder.recv(fd, received, buffer.subarray(0, received));
		const failure = sendRest(recorder, fd, buffer.subarray(0, received), sent);

		syscalls = syscallTotal();
		if (failure < 0) {
			const reset = failure === -errno.ECONNRESET || failure === -errno.EPIPE;
			end(control.stopping ? 'server-stopped' : reset ? 'reset' : 'error', `send: ${errnoName(-failure)}`);
			return;
		}
	}
}

/** After a first send that returned `sent` (fewer bytes than `data`, or -1), send the rest as sendAllBlocking would have: 0, or -errno. */
function sendRest(recorder: RingRecorder, fd: number, data: Buffer, sent: number): number {
	if (sent >= 0) {
		recorder.send(fd, sent, data.length);
		return sendAllBlocking(fd, data.subarray(sent), recorder);
	}

	const error = lastErrno();
	if (error === errno.EINTR) {
		recorder.count('eintr');
	} else if (error !== errno.EAGAIN) {
		return -error;
	}

	// Its first try again, then a blocking send: the peer's window is full, or a signal came.
	return sendAllBlocking(fd, data, recorder);
}
