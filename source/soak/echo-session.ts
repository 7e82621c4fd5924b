// One client connection of the soak: send, check every echoed byte in order, leave the way the fault says.
import {randomFillSync} from 'node:crypto';
import net from 'node:net';
import {EchoCheck} from '../load/echo-check.js';

/** Largest message the soak sends: the conformance suite's. */
export const MAX_MESSAGE = 64 * 1024;

/** A message of 1 B to `max` bytes, sizes spread evenly over the powers of two (as many 10-byte as 10 KiB messages). */
export function randomMessage(max = MAX_MESSAGE): Buffer {
	const size = Math.max(1, Math.min(max, Math.floor(2 ** (Math.random() * Math.log2(max + 1)))));
	return randomFillSync(Buffer.allocUnsafe(size));
}

/** Connections made so far, by server port: what a server must account for, accepted or refused. */
const connected = new Map<number, number>();

/** Connections the soak has made to `port` (their handshake completed). */
export function connectionsTo(port: number): number {
	return connected.get(port) ?? 0;
}

/**
 * Start counting afresh for a new server on `port`. The kernel may give a server asked for port 0
 * a port an earlier one had: poll once got select's, and was held to select's 13,724 connections
 * beside its own 4,548.
 */
export function countConnectionsAfresh(port: number): void {
	connected.delete(port);
}

/** How a session ended. */
export type Outcome =
	/** Every byte came back, then the connection closed as planned. */
	| 'echoed'
	/** The server closed or reset the connection with bytes still owed. */
	| 'cut'
	/** Every byte came back, but the server never closed after the client's FIN. */
	| 'left-open'
	/** Nothing ended it within its time, with bytes still owed. */
	| 'timeout'
	| 'connect-failed'
	/** The client reset it on purpose (the reset fault). */
	| 'reset';

/** What one session saw. */
export type SessionResult = {
	readonly outcome: Outcome;
	/** Echoed bytes equal to what was sent at that position. */
	readonly matched: number;
	/** Echoed bytes that differ, or that were never sent. */
	readonly corrupt: number;
	/** The error that ended it, if any (`ECONNRESET`). */
	readonly error?: string;
};

/** How a session behaves. */
export type SessionPlan = {
	readonly port: number;
	readonly messages: readonly Buffer[];
	/**
	 * `close`: wait for every byte, then close; `half-close`: send everything, shut down the write
	 * side at once, then read every byte; `reset`: reset (SO_LINGER 0) once the first echoed
	 * bytes arrive, or at once if `resetAtOnce`.
	 */
	readonly leave: 'close' | 'half-close' | 'reset';
	readonly resetAtOnce?: boolean;
	/** Read at most this many bytes per 100 ms (a slow reader); unlimited if unset. */
	readonly readBytesPer100Ms?: number;
	/** The whole session's deadline. */
	readonly timeoutMs: number;
};

/** Run one session; never rejects. */
export async function echoSession(plan: SessionPlan): Promise<SessionResult> {
	const check = new EchoCheck();
	const socket = net.connect({port: plan.port, host: '127.0.0.1'});
	const total = plan.messages.reduce((sum, message) => sum + message.length, 0);
	let isConnected = false;
	let error: string | undefined;
	let readThisTick = 0;
	let throttle: NodeJS.Timeout | undefined;
	let timer: NodeJS.Timeout | undefined;

	const outcome = await new Promise<Outcome>(resolve => {
		const finish = (result: Outcome): void => {
			clearTimeout(timer);
			clearInterval(throttle);
			socket.destroy();
			resolve(result);
		};

		const allBack = (): boolean => check.tally.pending === 0 && check.tally.matched + check.tally.mismatched === total;
		timer = setTimeout(() => finish(isConnected && allBack() ? 'left-open' : 'timeout'), plan.timeoutMs);
		socket.on('error', (cause: NodeJS.ErrnoException) => {
			error ??= cause.code ?? cause.message;
		});
		socket.on('close', () => {
			if (!isConnected) {
				finish('connect-failed');
			} else {
				finish(allBack() ? 'echoed' : 'cut');
			}
		});
		socket.on('connect', () => {
			isConnected = true;
			connected.set(plan.port, connectionsTo(plan.port) + 1);
			for (const message of plan.messages) {
				check.sent(message);
				socket.write(message);
			}

			if (plan.leave === 'half-close') {
				socket.end();
			} else if (plan.leave === 'reset' && plan.resetAtOnce) {
				setTimeout(() => {
					socket.resetAndDestroy();
					finish('reset');
				}, 5);
			}
		});
		socket.on('data', (data: Buffer) => {
			check.received(data);
			if (plan.leave === 'reset') {
				socket.resetAndDestroy();
				finish('reset');
				return;
			}

			if (plan.readBytesPer100Ms !== undefined) {
				readThisTick += data.length;
				if (readThisTick >= plan.readBytesPer100Ms) {
					socket.pause();
				}
			}

			// Everything back: leave. After a half-close the server's FIN ends it instead.
			if (check.tally.pending === 0 && plan.leave === 'close') {
				socket.end();
			}
		});
		if (plan.readBytesPer100Ms !== undefined) {
			throttle = setInterval(() => {
				readThisTick = 0;
				socket.resume();
			}, 100);
		}
	});

	const {matched, mismatched} = check.tally;
	return {outcome, matched, corrupt: mismatched, ...(error && outcome !== 'echoed' && outcome !== 'reset' ? {error} : {})};
}
