// Reads queue depths straight from the kernel: TCP_INFO of the listening socket, FIONREAD/SIOCOUTQ per connection.
import {acceptQueue, socketQueues, type AcceptQueue} from '../sys/index.js';
import type {Control} from '../models/control.js';

/** Kernel queues of one connection at one instant. */
export type SocketSample = {
	readonly fd: number;
	/** Bytes received, not yet read by the server. */
	readonly receive: number;
	/** Bytes not yet sent or not yet acknowledged. */
	readonly send: number;
};

/** One reading of every queue. */
export type QueueSample = {
	/** Wall-clock time, ms since the epoch. */
	readonly t: number;
	/** The listening socket's accept queue, or undefined if it could not be read. */
	readonly acceptQueue?: AcceptQueue;
	/** Connections sampled this time (at most `maxSockets`, rotating through the rest). */
	readonly sockets: readonly SocketSample[];
	/** Connections the model holds in all. */
	readonly connections: number;
};

/**
 * Most connections read per sample: two ioctls each, from the engine's thread, so with ten
 * thousand clients a sample covers a window and the next one continues where it stopped.
 */
export const MAX_SAMPLED_SOCKETS = 1000;

/** Samples the queues of a running model. */
export class QueueSampler {
	private cursor = 0;

	constructor(
		private readonly listenFd: number,
		private readonly control: Control,
		private readonly maxSockets = MAX_SAMPLED_SOCKETS,
	) {}

	sample(): QueueSample {
		const accept = acceptQueue(this.listenFd);
		const fds = this.control.ownedFds();
		const window = fds.length <= this.maxSockets ? fds : this.rotate(fds);
		const sockets: SocketSample[] = [];
		for (const fd of window) {
			const queues = socketQueues(fd);
			if (typeof queues !== 'number') {
				sockets.push({fd, ...queues});
			}
		}

		return {t: Date.now(), ...(typeof accept === 'number' ? {} : {acceptQueue: accept}), sockets, connections: fds.length};
	}

	private rotate(fds: number[]): number[] {
		this.cursor %= fds.length;
		const window = fds.slice(this.cursor, this.cursor + this.maxSockets);
		this.cursor += this.maxSockets;
		return window;
	}
}
