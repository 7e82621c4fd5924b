// The event loop shared by the select, poll and epoll models: wait, accept, read, echo, write, close.
import {performance} from 'node:perf_hooks'; // Not the global: see probe.ts.
import {SysError, close, errno, eventfdConsume, setNonBlocking} from '../../sys/index.js';
import {AcceptGate, acceptPending, closeClient} from '../accept.js';
import {HANGUP, READABLE, WRITABLE, type Multiplexer} from './multiplexer.js';
import {
	Connection, OPEN, endConnection, flushOutput, isOver, readAndEchoToEnd, type IoOutcome, type ReadMode,
} from './nonblocking-echo.js';
import type {ReadyFd} from '../probe/events.js';
import {READ_ONCE_BYTES, type ModelContext} from '../model.js';

/** How a model drives the shared loop. */
export type ReactorOptions = {
	/**
	 * Edge-triggered: readiness is reported once per change, so every read drains until EAGAIN
	 * (unless read-once is on, which reproduces the stall) and interest is set once, at accept.
	 * @default false
	 */
	readonly edgeTriggered?: boolean;
	/**
	 * Queue what is read and send only when the socket is reported writable (select-queue's
	 * message queues and write list), instead of sending at once.
	 * @default false
	 */
	readonly queueOnly?: boolean;
};

const BUFFER_BYTES = 64 * 1024;

/** Run a non-blocking echo server on `mux` until the engine asks to stop. */
export function runReactor(context: ModelContext, mux: Multiplexer, {edgeTriggered = false, queueOnly = false}: ReactorOptions = {}): void {
	const {listenFd, controlFd, probe, control} = context;
	const clients = new Map<number, Connection & {interest: number}>();
	const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
	const gate = new AcceptGate();
	let listening = true;
	// The two ways to read, made once: an object per service call would be an allocation per message.
	const usual: ReadMode = {drain: edgeTriggered, chunk: BUFFER_BYTES, queueOnly};
	const once: ReadMode = {drain: false, chunk: READ_ONCE_BYTES, queueOnly};

	setNonBlocking(listenFd, true);
	mux.add(controlFd, READABLE);
	mux.add(listenFd, READABLE);
	probe.listening(listenFd, context.host, context.port, context.backlog, controlFd);

	// Level-triggered interest follows the connection: read unless throttled or the peer is
	// done sending; write only while bytes wait (a writable socket is almost always writable).
	const wantedInterest = (connection: Connection): number =>
		(connection.isThrottled || connection.readClosed ? 0 : READABLE) | (connection.output.isEmpty ? 0 : WRITABLE);

	const end = (connection: Connection, outcome: IoOutcome): void => {
		mux.remove(connection.fd);
		clients.delete(connection.fd);
		endConnection(context, connection, outcome);
		gate.resume();
	};

	const accept = (fd: number, peer: string): void => {
		const refusal = mux.refusal(fd);
		if (refusal) {
			// Refused before it is ever put in a set: FD_SET on it would write past the fd_set.
			control.disown(fd);
			close(fd);
			probe.refused(fd, peer, refusal);
			return;
		}

		const connection = Object.assign(new Connection(fd, peer), {interest: READABLE | (edgeTriggered ? WRITABLE : 0)});
		clients.set(fd, connection);
		probe.accepted(fd, peer);
		mux.add(fd, connection.interest);
	};

	const service = (connection: Connection & {interest: number}, flags: number): void => {
		let outcome = OPEN;
		const wasThrottled = connection.isThrottled;
		if (flags & (WRITABLE | HANGUP) && !connection.output.isEmpty) {
			outcome = flushOutput(connection, probe);
		}

		// Edge-triggered: bytes left unread while throttled get no new edge, so read them now.
		const resumeAfterThrottle = edgeTriggered && wasThrottled && !connection.isThrottled;
		if (outcome.status === 'open' && !connection.readClosed && (flags & (READABLE | HANGUP) || resumeAfterThrottle)) {
			outcome = readAndEchoToEnd(connection, buffer, probe, control.readOnce ? once : usual);
		}

		if (isOver(connection, outcome)) {
			end(connection, outcome);
			return;
		}

		if (!edgeTriggered) {
			const interest = wantedInterest(connection);
			if (interest !== connection.interest) {
				connection.interest = interest;
				mux.modify(connection.fd, interest);
			}
		}
	};

	// Made once, not per wait: the probe calls it only while the batch has room for detail.
	let readyCount = 0;
	const readyList = (): ReadyFd[] => Array.from({length: readyCount}, (_, index) => ({fd: mux.readyFd(index), flags: mux.readyFlagNames(index)}));

	try {
		while (!control.stopping) {
			if (!listening && gate.isOpen) {
				mux.add(listenFd, READABLE);
				listening = true;
			}

			const timeoutMs = gate.bound(probe.waitTimeout(-1));
			const started = performance.now();
			const count = mux.wait(timeoutMs);
			const durationUs = Math.round((performance.now() - started) * 1000);
			if (count < 0) {
				if (count === -errno.EINTR) {
					probe.count('eintr');
					continue;
				}

				throw new SysError(mux.call, -count);
			}

			// A wait that timed out only so the probe could flush is not worth an event.
			if (count > 0) {
				readyCount = count;
				// Whole ms, as poll and epoll_wait take it.
				probe.readiness(mux.call, mux.watched, mux.scanned, count, durationUs, timeoutMs < 0 ? -1 : Math.ceil(timeoutMs), readyList);
			}

			for (let index = 0; index < count; index++) {
				const fd = mux.readyFd(index);
				if (fd === controlFd) {
					eventfdConsume(controlFd);
				} else if (fd === listenFd) {
					if (!acceptPending(context, gate, accept)) {
						mux.remove(listenFd);
						listening = false;
					}
				} else {
					const connection = clients.get(fd);
					if (connection) {
						service(connection, mux.readyFlags(index));
					}
				}
			}

			probe.tick();
		}
	} finally {
		for (const connection of clients.values()) {
			closeClient(context, connection.fd, 'server-stopped');
		}

		mux.close();
		probe.flush();
	}
}
