// Node's own net server on libuv's event loop (epoll on Linux): the reference every Node user knows.
import net from 'node:net';
import {dup} from '../sys/index.js';
import type {Model, ModelContext} from './model.js';

const POLL_MS = 20;

/** The fd libuv holds for a socket; not in Node's public API, but stable across versions. */
function fdOf(socket: net.Socket): number {
	return (socket as unknown as {_handle?: {fd?: number}})._handle?.fd ?? -1;
}

/**
 * `net.createServer` echoing with `socket.write`: libuv does the non-blocking I/O, the
 * partial writes and the readiness loop; all that is visible is data in and data out.
 */
export const libuvModel: Model = {
	id: 'libuv',
	title: 'libuv (node:net)',
	summary: "Node's own net server: libuv runs epoll, non-blocking sockets and partial writes for you; you only see data in, data out",
	run: (context: ModelContext) => new Promise<void>((resolve, reject) => {
		const {probe, control} = context;
		const sockets = new Set<net.Socket>();
		const server = net.createServer(socket => {
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
				probe.closed(fd, control.stopping ? 'server-stopped' : reset ? 'reset' : 'peer-closed');
			});
		});

		server.on('error', error => {
			if (!control.stopping) {
				clearInterval(timer);
				reject(error);
			}
		});

		// libuv closes the fd it is given when the server closes; the listening socket belongs to
		// the engine, so libuv gets a duplicate.
		server.listen({fd: dup(context.listenFd)}, () => {
			probe.listening(context.listenFd, context.host, context.port, context.backlog);
		});

		const timer = setInterval(() => {
			probe.tick();
			if (!control.stopping) {
				return;
			}

			clearInterval(timer);
			for (const socket of sockets) {
				socket.destroy();
			}

			server.close(() => {
				probe.flush();
				resolve();
			});
		}, POLL_MS);
	}),
};
