// Echoing over non-blocking sockets: what select, poll and epoll loops share once a fd is ready.
import {recv, send, errno, errnoName} from '../../sys/index.js';
import {closeClient} from '../accept.js';
import {OutputQueue} from './output-queue.js';
import {RECV_ZERO_DETAIL} from '../probe/events.js';
import type {ModelContext} from '../model.js';
import type {Probe} from '../probe/probe.js';

/**
 * Past this many queued bytes a connection is not read from until its queue drains:
 * a client that sends without reading must not grow the server's memory without bound.
 */
export const HIGH_WATER_BYTES = 1 << 20;

/** A client connection of a non-blocking server. */
export class Connection {
	readonly output = new OutputQueue();
	/** The peer sent FIN: nothing more to read, but what is queued is still owed to it. */
	readClosed = false;

	constructor(
		readonly fd: number,
		readonly peer: string,
	) {}

	/** Whether reading is paused because the output queue is over the high-water mark. */
	get isThrottled(): boolean {
		return this.output.bytes >= HIGH_WATER_BYTES;
	}
}

/** What happened to a connection after it was read from or written to. */
export type IoOutcome =
	| {readonly status: 'open'}
	| {readonly status: 'closed'}
	| {readonly status: 'failed'; readonly syscall: 'recv' | 'send'; readonly errno: number};

/** The outcome of most calls, one object for all: nothing is allocated per message. */
export const OPEN: IoOutcome = {status: 'open'};
const CLOSED: IoOutcome = {status: 'closed'};

/**
 * Send what is queued until the queue is empty or the kernel says EAGAIN.
 * Partial sends are normal here: the kernel took what fit in the socket's send buffer.
 */
export function flushOutput(connection: Connection, probe: Probe): IoOutcome {
	const {fd, output} = connection;
	for (let chunk = output.peek(); chunk; chunk = output.peek()) {
		const sent = sendNow(fd, chunk, chunk.length, probe);
		if (sent === -errno.EAGAIN) {
			break;
		}

		if (sent < 0) {
			return {status: 'failed', syscall: 'send', errno: -sent};
		}

		output.consume(sent);
	}

	probe.appQueue(fd, output.bytes);
	return OPEN;
}

/** How `readAndEcho` reads. */
export type ReadMode = {
	/** Keep reading until EAGAIN (required for edge-triggered epoll). */
	readonly drain: boolean;
	/** Read at most this many bytes per call. */
	readonly chunk: number;
	/**
	 * Queue everything and leave sending to the writable handler, as select-queue does;
	 * otherwise try to send at once and queue only what the kernel did not take.
	 */
	readonly queueOnly?: boolean;
};

/**
 * Read from a ready connection and echo what came in. Stops at EAGAIN, after one read when not
 * draining, or when the output queue reaches the high-water mark. Reports every call to the probe.
 */
export function readAndEcho(connection: Connection, buffer: Buffer, probe: Probe, {drain, chunk, queueOnly = false}: ReadMode): IoOutcome {
	const {fd, output} = connection;
	const length = Math.min(chunk, buffer.length);
	for (;;) {
		if (connection.isThrottled) {
			return OPEN;
		}

		const received = recv(fd, buffer, 0, length);
		if (received === 0) {
			return CLOSED;
		}

		if (received === -errno.EINTR) {
			probe.count('eintr');
			continue;
		}

		if (received === -errno.EAGAIN) {
			probe.count('eagain');
			return OPEN;
		}

		if (received < 0) {
			return {status: 'failed', syscall: 'recv', errno: -received};
		}

		probe.recv(fd, received, buffer);
		if (queueOnly || !output.isEmpty) {
			// Order: bytes already waiting must leave before these.
			output.push(buffer.subarray(0, received));
			probe.appQueue(fd, output.bytes);
		} else {
			// From the buffer with a length, not a view of it: a view per message is an allocation per message.
			const sent = sendNow(fd, buffer, received, probe);
			if (sent < 0 && sent !== -errno.EAGAIN) {
				return {status: 'failed', syscall: 'send', errno: -sent};
			}

			const taken = Math.max(0, sent);
			if (taken < received) {
				output.push(buffer.subarray(taken, received));
				probe.appQueue(fd, output.bytes);
			}
		}

		if (!drain) {
			return OPEN;
		}
	}
}

/** One send of `length` bytes from the start of `data`, EINTR retried and reported: bytes the kernel took, or `-errno` (EAGAIN counted). */
function sendNow(fd: number, data: Buffer, length: number, probe: Probe): number {
	for (;;) {
		const sent = send(fd, data, 0, length);
		if (sent >= 0) {
			probe.send(fd, sent, length);
			return sent;
		}

		if (sent === -errno.EINTR) {
			probe.count('eintr');
			continue;
		}

		if (sent === -errno.EAGAIN) {
			probe.count('eagain');
		}

		return sent;
	}
}

/**
 * readAndEcho, and when the peer has sent FIN while bytes are still owed to it, deliver them
 * before the connection ends: the peer is done sending but may still be reading.
 */
export function readAndEchoToEnd(connection: Connection, buffer: Buffer, probe: Probe, mode: ReadMode): IoOutcome {
	const outcome = readAndEcho(connection, buffer, probe, mode);
	if (outcome.status === 'closed' && !connection.output.isEmpty) {
		connection.readClosed = true;
		return flushOutput(connection, probe);
	}

	return outcome;
}

/** Whether a connection is over: it failed, or the peer closed and nothing more is owed to it. */
export function isOver(connection: Connection, outcome: IoOutcome): boolean {
	return outcome.status !== 'open' || (connection.readClosed && connection.output.isEmpty);
}

/**
 * Close a connection that is over and report why: the peer left (recv returned 0, maybe before
 * the bytes owed to it were delivered), reset, or a call failed.
 */
export function endConnection(context: Pick<ModelContext, 'probe' | 'control'>, connection: Connection, outcome: IoOutcome): void {
	const {reason, syscall, errno: code} = describeEnd(outcome.status === 'open' ? CLOSED : outcome);
	closeClient(context, connection.fd, reason, syscall ? `${syscall}: ${errnoName(code!)}` : RECV_ZERO_DETAIL);
}

/** Close reason and detail for an outcome that ended a connection. */
export function describeEnd(outcome: IoOutcome): {reason: 'peer-closed' | 'reset' | 'error'; syscall?: string; errno?: number} {
	if (outcome.status === 'failed') {
		const reset = outcome.errno === errno.ECONNRESET || outcome.errno === errno.EPIPE;
		return {reason: reset ? 'reset' : 'error', syscall: outcome.syscall, errno: outcome.errno};
	}

	return {reason: 'peer-closed'};
}
