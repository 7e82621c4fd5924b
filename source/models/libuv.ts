// Node's own net server on libuv's event loop (epoll on Linux): the reference every Node user knows.
import net from 'node:net';
import {acceptQueue, dup, getFileLimit, openFdCount} from '../sys/index.js';
import {ACCEPT_PAUSE_MS} from './accept.js';
import type {Model, ModelContext} from './model.js';

const POLL_MS = 20;
/** Most fds kept free for the rest of the process (Node's own files, a recount, a resume's dup). */
const MAX_FD_RESERVE = 16;

/** The fd libuv holds for a socket; not in Node's public API, but stable across versions. */
function fdOf(socket: net.Socket): number {
	return (socket as unknown as {_handle?: {fd?: number}})._handle?.fd ?? -1;
}

/** fds open in this process (every thread's); listing them takes an fd, so at the limit it fails: none free. */
function openFds(): number {
	try {
		return openFdCount();
	} catch {
		return Number.POSITIVE_INFINITY;
	}
}

/**
 * Keeps libuv's accept away from EMFILE. Out of fds, libuv sheds load on its own
 * (uv__emfile_trick in src/unix/stream.c): it closes a reserve fd, accepts every waiting
 * client and closes each at once, and tells no one: no callback, no Node event, nothing to
 * count them by. So the model counts fds instead and stops accepting while `reserve` are
 * still free; the clients then wait in the kernel's backlog, as in every other model.
 * Counting reads /proc/self/fd, so it runs only when half the room last seen is used up; should
 * another thread take all the rest in between, libuv's trick can still fire, uncounted.
 */
class FdHeadroom {
	readonly limit = getFileLimit().soft;
	/** fds left free when accepting stops; a quarter of the room at start when that is less than the most. */
	readonly reserve: number;
	private budget = 0;
	/** fds open at the last count. */
	open = openFds();

	constructor() {
		this.reserve = Math.max(1, Math.min(MAX_FD_RESERVE, Math.floor((this.limit - this.open) / 4)));
		this.recount();
	}

	/** An accept took an fd; false when accepting must stop. */
	take(): boolean {
		this.budget--;
		return this.budget > 0 || this.recount();
	}

	/** Count the fds open now; whether there is room to accept. Other threads open fds too: only half the room is spent before the next count. */
	recount(): boolean {
		this.open = openFds();
		const free = this.limit - this.open;
		this.budget = Math.floor((free - this.reserve) / 2);
		return free > this.reserve;
	}
}

/**
 * `net.createServer` echoing with `socket.write`: libuv does the non-blocking I/O, the
 * partial writes and the readiness loop; all that is visible is data in and data out.
 */
export const libuvModel: Model = {
	run: (context: ModelContext) => new Promise<void>((resolve, reject) => {
		const {probe, control} = context;
		const sockets = new Set<net.Socket>();
		const headroom = new FdHeadroom();
		let server: net.Server | undefined;
		let listened = false;
		let pausedAt = 0;
		let leftSincePause = false;

		const onConnection = (socket: net.Socket): void => {
			const fd = fdOf(socket);
			const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
			sockets.add(socket);
			control.own(fd);
			probe.accepted(fd, peer);
			let reset = false;
			socket.on('data', data => {
				probe.recv(fd, data.length, data);
				if (!socket.write(data)) {
					socket.pause(); // Backpressure: stop reading until the peer has taken what it is owed.
				}

				probe.send(fd, data.length, data.length);
				probe.appQueue(fd, socket.writableLength);
			});
			socket.on('drain', () => {
				probe.appQueue(fd, 0);
				socket.resume();
			});
			socket.on('end', () => socket.end());
			socket.on('error', error => {
				reset = (error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as NodeJS.ErrnoException).code === 'EPIPE';
				if (!reset) {
					probe.error('libuv', (error as NodeJS.ErrnoException).code ?? 'EIO', error.message, fd);
				}
			});
			socket.on('close', () => {
				sockets.delete(socket);
				control.disown(fd);
				leftSincePause = true;
				probe.closed(fd, control.stopping ? 'server-stopped' : reset ? 'reset' : 'peer-closed');
			});
			if (!headroom.take()) {
				stopAccepting();
			}
		};

		// Closing libuv's listening handle closes only its duplicate: the socket and its backlog stay with the engine.
		const stopAccepting = (): void => {
			server?.close();
			server = undefined;
			pausedAt = performance.now();
			leftSincePause = false;
			probe.error('accept', 'EMFILE', `almost out of file descriptors (${Number.isFinite(headroom.open) ? headroom.open : headroom.limit} of ${headroom.limit} open): not accepting until ${headroom.reserve + 1} are free, new clients wait in the backlog (libuv itself would accept and close every waiting client without a word: its EMFILE trick)`);
		};

		const startAccepting = (): void => {
			let fd: number;
			try {
				// libuv closes the fd it is given when the server closes; the listening socket belongs to the engine.
				fd = dup(context.listenFd);
			} catch {
				pausedAt = performance.now();
				return;
			}

			const next = net.createServer(onConnection);
			server = next;
			next.on('error', error => {
				if (control.stopping) {
					return;
				}

				if (!listened) {
					clearInterval(timer);
					reject(error);
					return;
				}

				probe.error('listen', (error as NodeJS.ErrnoException).code ?? 'EIO', `${error.message}; retrying in ${ACCEPT_PAUSE_MS} ms`);
				next.close();
				server = undefined;
				pausedAt = performance.now();
			});
			// listen({fd}) ignores a backlog in its options object and calls listen(2) again with
			// 511 unless one is passed as the second argument (lib/net.js, backlogFromArgs).
			next.listen({fd}, context.backlog, () => {
				if (listened) {
					return;
				}

				listened = true;
				const queue = acceptQueue(context.listenFd);
				// The kernel's limit: listen(2) silently caps the backlog at net.core.somaxconn.
				probe.listening(context.listenFd, context.host, context.port, typeof queue === 'number' ? context.backlog : queue.limit);
			});
		};

		const mayResume = (): boolean => pausedAt !== 0 && !server
			&& (leftSincePause || performance.now() - pausedAt >= ACCEPT_PAUSE_MS) && !control.stopping;

		let stopStarted = false;
		const timer = setInterval(() => {
			probe.tick();
			if (!control.stopping) {
				if (mayResume()) {
					leftSincePause = false;
					if (headroom.recount()) {
						pausedAt = 0;
						startAccepting();
					} else {
						pausedAt = performance.now();
					}
				}

				return;
			}

			if (!stopStarted) {
				stopStarted = true;
				server?.close();
				server = undefined;
				for (const socket of sockets) {
					socket.destroy();
				}
			}

			if (sockets.size === 0) {
				clearInterval(timer);
				probe.flush();
				resolve();
			}
		}, POLL_MS);

		startAccepting();
	}),
};
