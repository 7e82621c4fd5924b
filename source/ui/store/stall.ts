// Stuck bytes: a connection whose kernel receive queue holds bytes nobody has read for a while.
import type {SocketSample} from '../../engine/queue-sampler.js';

/**
 * How long bytes must sit unread before a connection counts as stalled: far longer than any
 * server takes to read what it was told about, far shorter than a person's patience.
 */
export const STALL_MS = 1000;

/**
 * Since when each fd's receive queue has held bytes without a break, from one sample to the
 * next: an fd drops out as soon as a sample finds its queue empty.
 */
export function trackQueued(since: ReadonlyMap<number, number>, sockets: readonly SocketSample[], t: number): ReadonlyMap<number, number> {
	const next = new Map<number, number>();
	for (const socket of sockets) {
		if (socket.receive > 0) {
			next.set(socket.fd, since.get(socket.fd) ?? t);
		}
	}

	return next;
}

/** Bytes queued since `queuedSince`, and no read since `lastReadAt`, both for STALL_MS or more. */
export function isStalled(receiveQueue: number | undefined, queuedSince: number | undefined, lastReadAt: number, now: number): boolean {
	return receiveQueue !== undefined && receiveQueue > 0 && queuedSince !== undefined
		&& now - Math.max(queuedSince, lastReadAt) >= STALL_MS;
}
