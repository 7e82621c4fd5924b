// io_uring(7): the completion model. The loop hands the kernel the accepts, reads and writes themselves and reaps their completions in batches.
import {performance} from 'node:perf_hooks'; // Not the global: see probe.ts.
import {
	FixedFiles, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IORING_CQE_F_MORE, IoUring, ProvidedBuffers, SysError,
	errno, errnoName, eventfdConsume, formatAddress, getFileLimit, getpeername, ioUringUnavailable, setNoDelay,
} from '../sys/index.js';
import {ACCEPT_PAUSE_MS, AcceptGate, closeClient} from './accept.js';
import {RECV_ZERO_DETAIL, type RingCompletions} from './probe/events.js';
import {RingConnection} from './completion/io-uring-connection.js';
import {describeEnd} from './readiness/nonblocking-echo.js';
import type {Model, ModelContext} from './model.js';

/** Submission queue entries: more than one loop turn fills with 100 busy clients (a fuller queue is submitted early). */
const SQ_ENTRIES = 1024;
/** Completion queue entries: multishot requests post many completions per submission. */
const CQ_ENTRIES = 8192;

/** The provided buffer group every recv picks from. */
const BUFFER_GROUP = 0;
/** Bytes per receive buffer: the most one recv completion carries. */
const BUFFER_BYTES = 64 * 1024;
/**
 * Buffers at most: 64 MiB of address space, reserved, not used, and the bound on what the server
 * holds for all its clients together. Buffers enter the ring only as the load needs them, so a
 * 100-client ping-pong touches a few hundred pages. A client that stops reading has its recv
 * cancelled once it is owed HIGH_WATER_BYTES; what that same io_uring_enter call had already
 * received for it is kept, so it may hold a few times the mark, never more than the pool.
 */
const BUFFER_COUNT = 1024;
/** Fresh buffers are added while fewer than this many, or fewer than those in use, wait in the ring. */
const MIN_FREE_BUFFERS = 32;
/** How long stop waits for cancelled requests to complete before giving up on them. */
const STOP_DRAIN_MS = 500;

// What a completion is for: the operation in the low 3 bits of user_data, the fd above them.
const OP_ACCEPT = 1;
const OP_RECV = 2;
const OP_SEND = 3;
const OP_STOP = 4;
const OP_CANCEL = 5;
const OP_SHIFT = 3;
const OP_MASK = (1 << OP_SHIFT) - 1;
// Bit operations, not `%` and `/`: user data comes back from the CQ as a double, and `%` of a
// double calls fmod. Every tag fits in 32 bits (an fd is below 2^28), so the CQE's high word is 0.
const tag = (fd: number, op: number): number => ((fd << OP_SHIFT) | op) >>> 0;

// Not in errors.ts's named list, but defined on every Linux architecture.
const ECANCELED = errno.ECANCELED!;
const ETIME = errno.ETIME!;
const EBUSY = errno.EBUSY!;

/** accept errors that mean the process is out of fds (or memory), as in accept.ts: pause, do not spin. */
const OUT_OF_FDS = new Set([errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM]);
/** io_uring_enter results that are not failures: a timeout, a signal, a full CQ (reap and go on), no memory for now. */
const ENTER_RETRY = new Set([ETIME, errno.EINTR, EBUSY, errno.EAGAIN]);

/** The completion model: one thread, one ring, every socket operation a request. */
export const ioUringModel: Model = {
	run: context => runIoUring(context),
};

function runIoUring(context: ModelContext): void {
	const {listenFd, controlFd, probe, control} = context;
	// The catalog may have asked only what needs no system call: a seccomp filter shows here.
	const unavailable = ioUringUnavailable();
	if (unavailable) {
		throw new Error(`io_uring is not available here: ${unavailable}`);
	}

	const ring = IoUring.setup({entries: SQ_ENTRIES, cqEntries: CQ_ENTRIES});
	let buffers: ProvidedBuffers;
	try {
		buffers = ProvidedBuffers.register(ring, {group: BUFFER_GROUP, bufferBytes: BUFFER_BYTES, count: BUFFER_COUNT});
	} catch (error) {
		ring.close();
		throw error;
	}

	// Sockets named by slot, not fd: the kernel skips an atomic file lookup per request (see FixedFiles).
	const files = FixedFiles.register(ring.fd, getFileLimit().soft);

	/** Open connections by fd: an array, not a Map, since every completion looks one up. */
	const clients: Array<RingConnection | undefined> = [];
	const starved = new Set<RingConnection>();
	const gate = new AcceptGate();
	const completions: RingCompletions = {accept: 0, recv: 0, send: 0, other: 0};
	// Fallbacks for kernels that reject a multishot request with EINVAL (accept before 5.19, recv before 6.0).
	let multishotAccept = true;
	let multishotRecv = true;
	let acceptArmed = false;
	const silentSendsWork = ring.canSkipSuccess;
	let inFlight = 0;
	let fresh = 0;
	let draining = false;
	/** Busy loop turns, to offer the probe a flush on every 16th (it reads the clock). */
	let turns = 0;

	const giveBack = (bid: number): void => buffers.provide(bid);

	const armRecv = (connection: RingConnection): void => {
		ring.prepRecvSelect(connection.fd, BUFFER_GROUP, tag(connection.fd, OP_RECV), {multishot: multishotRecv, fixed: connection.fixed});
		connection.recvArmed = true;
		connection.recvCancelled = false;
		inFlight++;
	};

	const canRead = (connection: RingConnection): boolean =>
		!connection.recvArmed && !connection.readClosed && !connection.isOver && !connection.isThrottled && !draining;

	/**
	 * Sends that post no completion unless they fall short (`prepSendOrFail`), in SQE order, with
	 * their SQE positions: once io_uring_enter has consumed one and the CQ is reaped without its
	 * completion, it sent every byte. Two arrays used as a queue, so a message allocates nothing.
	 */
	const silentSends: RingConnection[] = [];
	const silentPositions: number[] = [];
	let silentDone = 0;
	/** Silent sends prepared since the last io_uring_enter: a call that submits only those may wait. */
	let silentUnsubmitted = 0;

	/**
	 * Send the head of the queue. The first send of a reply that is all the connection owes goes
	 * silently: it is done within the call that submits it, so that call can go on to wait for the
	 * next recv instead of returning for a send completion. What is left after a short send, and
	 * any queue longer than one buffer, goes as an ordinary send that waits for room.
	 */
	const startSend = (connection: RingConnection, silentAllowed: boolean): void => {
		const head = connection.segments[0]!;
		connection.sending = head.end - head.start;
		const address = buffers.address(head.bid, head.start);
		if (silentAllowed && silentSendsWork && connection.segments.length === 1 && !connection.readClosed && !connection.isThrottled) {
			const position = ring.prepSendOrFail(connection.fd, address, connection.sending, tag(connection.fd, OP_SEND), connection.fixed);
			silentPositions[silentSends.length] = position;
			silentSends.push(connection);
			connection.silentSend = true;
			connection.silentPosition = position;
			silentUnsubmitted++;
		} else {
			ring.prepSend(connection.fd, address, connection.sending, tag(connection.fd, OP_SEND), connection.fixed);
		}

		inFlight++;
	};

	/**
	 * Complete every silent send consumed by the time `mark` was read (`ring.consumed`, before the
	 * CQ was reaped) that posted no completion: each sent all it asked. One consumed later (the SQ
	 * filled up while reaping, and was submitted) may have a completion the reap did not reach.
	 */
	const sweepSilentSends = (mark: number): void => {
		// Overflowed completions are not in the CQ yet: a short send's may be among them.
		if (silentDone === silentSends.length || ring.cqOverflowed) {
			return;
		}

		while (silentDone < silentSends.length && ring.isConsumed(silentPositions[silentDone]!, mark)) {
			const position = silentPositions[silentDone]!;
			const connection = silentSends[silentDone++]!;
			if (connection.silentSend && connection.silentPosition === position) {
				connection.silentSend = false;
				inFlight--;
				onSend(connection, connection.sending);
				settle(connection);
			}
		}

		if (silentDone === silentSends.length) {
			silentSends.length = 0;
			silentDone = 0;
		}
	};

	const reportAppQueue = (connection: RingConnection): void => {
		const waiting = connection.waiting;
		if (waiting !== connection.reportedAppQueue) {
			connection.reportedAppQueue = waiting;
			probe.appQueue(connection.fd, waiting);
		}
	};

	const end = (connection: RingConnection): void => {
		connection.releaseAll(giveBack);
		clients[connection.fd] = undefined;
		starved.delete(connection);
		if (connection.fixed) {
			files!.remove(connection.fd); // The table holds the socket open of its own: the peer would not see the close.
		}

		const {reason, syscall, errno: code} = describeEnd(connection.failure
			? {status: 'failed', ...connection.failure}
			: {status: 'closed'});
		closeClient(context, connection.fd, reason, syscall ? `${syscall}: ${errnoName(code!)}` : RECV_ZERO_DETAIL);
		gate.resume();
	};

	/** After any completion of a connection: pause or resume reading, and close it once it is over and idle. */
	const settle = (connection: RingConnection): void => {
		if (draining) {
			return; // Stop closes every connection once the cancelled requests are in.
		}

		if (connection.failure && connection.isBusy && !connection.cancelledAll) {
			ring.prepCancelFd(connection.fd, tag(connection.fd, OP_CANCEL));
			connection.cancelledAll = true;
			inFlight++;
		} else if (connection.isThrottled && connection.recvArmed && !connection.recvCancelled) {
			ring.prepCancel(tag(connection.fd, OP_RECV), tag(connection.fd, OP_CANCEL));
			connection.recvCancelled = true;
			inFlight++;
		} else if (canRead(connection) && !starved.has(connection)) {
			armRecv(connection);
		}

		if (connection.isOver && !connection.isBusy) {
			end(connection);
		}
	};

	const onAccept = (result: number): void => {
		if (result >= 0) {
			control.own(result);
			// A multishot recv hands over each segment as it arrives, so echoes go out in pieces; with
			// Nagle on, a small tail behind an unacknowledged piece waits for the peer's delayed ACK (40 ms).
			try {
				setNoDelay(result);
			} catch {
				// A client already gone: its first recv says so.
			}

			const peer = getpeername(result);
			const connection = new RingConnection(result, typeof peer === 'number' ? `? (${errnoName(-peer)})` : formatAddress(peer), BUFFER_BYTES);
			connection.fixed = files?.install(result) ?? false;
			clients[result] = connection;
			probe.accepted(result, connection.peer);
			settle(connection);
			return;
		}

		if (result === -ECANCELED || result === -errno.ECONNABORTED || result === -errno.EINTR) {
			return; // Stopping, or a client that reset while it waited: the loop posts the accept again.
		}

		if (result === -errno.EINVAL && multishotAccept && !control.stopping) {
			multishotAccept = false;
			return;
		}

		if (OUT_OF_FDS.has(-result)) {
			probe.error('accept', result, `out of file descriptors: not accepting for ${ACCEPT_PAUSE_MS} ms; new clients wait in the backlog`);
		} else if (!control.stopping) {
			probe.error('accept', result, 'accept failed; retrying shortly');
		}

		gate.pause();
	};

	const onRecv = (connection: RingConnection, result: number, flags: number): void => {
		const bid = flags & IORING_CQE_F_BUFFER ? flags >>> IORING_CQE_BUFFER_SHIFT : -1;
		if (bid >= 0) {
			buffers.taken();
		}

		if (result > 0) {
			const at = buffers.offset(bid);
			probe.recv(connection.fd, result, probe.wants() ? buffers.bytes.subarray(at, at + result) : undefined);
			if (connection.failure || draining) {
				giveBack(bid);
				return;
			}

			if (connection.take(buffers.bytes, bid, result)) {
				giveBack(bid);
			}

			if (connection.sending === 0) {
				startSend(connection, true);
			}

			reportAppQueue(connection);
			return;
		}

		if (bid >= 0) {
			giveBack(bid);
		}

		if (result === 0) {
			connection.readClosed = true;
		} else if (result === -errno.ENOBUFS) {
			starved.add(connection); // Every buffer is in use: read again once some come back.
		} else if (result === -errno.EINVAL && multishotRecv) {
			multishotRecv = false;
		} else if (result !== -ECANCELED) {
			connection.failure ??= {syscall: 'recv', errno: -result};
		}
	};

	const onSend = (connection: RingConnection, result: number): void => {
		const requested = connection.sending;
		connection.sending = 0;
		if (result < 0) {
			if (result !== -ECANCELED) {
				connection.failure ??= {syscall: 'send', errno: -result};
			}

			return;
		}

		// Partial sends are normal: the rest of the buffer goes in the next request.
		probe.send(connection.fd, result, requested);
		connection.consume(result, giveBack);
		if (connection.segments.length > 0 && !connection.failure && !draining) {
			startSend(connection, false);
		}

		reportAppQueue(connection);
	};

	const onCompletion = (userData: number, result: number, flags: number): void => {
		const op = userData & OP_MASK;
		const fd = userData >>> OP_SHIFT;
		const more = (flags & IORING_CQE_F_MORE) !== 0;
		if (!more) {
			inFlight--;
		}

		switch (op) {
			case OP_RECV: {
				const connection = clients[fd]!;
				if (!more) {
					connection.recvArmed = false;
				}

				onRecv(connection, result, flags);
				settle(connection);
				break;
			}

			case OP_SEND: {
				const connection = clients[fd]!;
				// A silent send that fell short: EAGAIN means none of it went, and the rest goes the ordinary way.
				const silent = connection.silentSend;
				connection.silentSend = false;
				onSend(connection, silent && result === -errno.EAGAIN ? 0 : result);
				settle(connection);
				break;
			}

			case OP_ACCEPT: {
				if (!more) {
					acceptArmed = false;
				}

				onAccept(result);
				break;
			}

			case OP_STOP: {
				if (!control.stopping && !draining) {
					eventfdConsume(controlFd);
					ring.prepPollIn(controlFd, tag(controlFd, OP_STOP));
					inFlight++;
				}

				break;
			}

			case OP_CANCEL: {
				break; // How many requests the cancel found: their own completions say the rest.
			}

			default: {
				throw new Error(`io_uring completion with unknown user_data ${userData}`);
			}
		}
	};

	/** Completions waiting, by operation, and how many of them end their request: for the call's event, before they are reaped. */
	let ending = 0;
	const tally = (): void => {
		completions.accept = 0;
		completions.recv = 0;
		completions.send = 0;
		completions.other = 0;
		ending = 0;
		ring.peek((userData, flags) => {
			const op = userData & OP_MASK;
			if (op === OP_RECV) {
				completions.recv++;
			} else if (op === OP_SEND) {
				completions.send++;
			} else if (op === OP_ACCEPT) {
				completions.accept++;
			} else {
				completions.other++;
			}

			if (!(flags & IORING_CQE_F_MORE)) {
				ending++;
			}
		});
	};

	/** Keep the ring stocked: fresh buffers (never touched, so never resident) only when those circulating run short. */
	const stockBuffers = (): void => {
		const wanted = Math.max(MIN_FREE_BUFFERS, fresh - buffers.inRing);
		while (buffers.inRing < wanted && fresh < BUFFER_COUNT) {
			buffers.provide(fresh++);
		}

		// Checked first: iterating even an empty Set allocates an iterator, every turn of the loop.
		if (starved.size > 0) {
			for (const connection of starved) {
				if (buffers.inRing === 0) {
					break;
				}

				starved.delete(connection);
				settle(connection);
			}
		}

		buffers.publish();
	};

	probe.emitEssential({
		kind: 'io-uring-setup',
		setupFlags: [
			...ring.setupFlagNames, ...(ring.registeredRing ? ['REGISTERED_RING'] : []), ...(silentSendsWork ? ['CQE_SKIP_SUCCESS'] : []), ...(files ? ['FIXED_FILES'] : []),
		],
		sqSize: ring.sqSize, cqSize: ring.cqSize,
		bufferBytes: BUFFER_BYTES, bufferCount: BUFFER_COUNT,
	});
	probe.listening(listenFd, context.host, context.port, context.backlog, controlFd);
	ring.prepPollIn(controlFd, tag(controlFd, OP_STOP));
	inFlight++;

	try {
		while (!control.stopping) {
			if (!acceptArmed && gate.isOpen) {
				ring.prepAccept(listenFd, tag(listenFd, OP_ACCEPT), {multishot: multishotAccept});
				acceptArmed = true;
				inFlight++;
			}

			stockBuffers();
			// Only a call that may block is given a timeout (one the kernel copies in and arms). With
			// requests that complete at once, or completion work the ring says waits (COOP_TASKRUN's
			// flag), it returns at once; silent sends post nothing, so a call that submits only those waits.
			const mayBlock = ring.unsubmitted === silentUnsubmitted && !ring.hasTaskWork;
			silentUnsubmitted = 0;
			const timeoutMs = mayBlock ? gate.bound(probe.waitTimeout(-1)) : 0;
			// Timed only when the call's event will be kept: past the batch's budget the clock is not read.
			const started = probe.wants() ? performance.now() : -1;
			const submitted = ring.enter(1, timeoutMs);
			const durationUs = started < 0 ? 0 : Math.round((performance.now() - started) * 1000);
			if (submitted < 0 && !ENTER_RETRY.has(-submitted)) {
				throw new SysError('io_uring_enter', -submitted);
			}

			if (submitted === -errno.EINTR) {
				probe.count('eintr');
			}

			// The call's event goes before the events of its completions, as a wait's does before its reads.
			const ready = ring.cqReady;
			if (ready > 0 || submitted > 0) {
				if (probe.wants()) {
					tally();
					probe.ringEnter({
						submitted: Math.max(0, submitted), completed: ready, inFlight: inFlight - ending, sqSize: ring.sqSize,
						cqSize: ring.cqSize, durationUs, timeoutMs: timeoutMs < 0 ? -1 : timeoutMs,
					}, completions);
				} else {
					// Past the batch's budget the call is only counted: no event object is built for it, once or twice a message.
					probe.ringEnterLeftOut();
				}
			}

			const consumed = ring.consumed;
			ring.reap(onCompletion, ready);
			sweepSilentSends(consumed);
			probe.ringTotals(ring.stats);
			// The clock is read on a turn that found nothing (its wait may have run to the flush's time) and every
			// 16th busy one: a busy turn takes microseconds, and a flush falling due meanwhile makes the next wait 0.
			if (ready === 0 || (++turns & 15) === 0) {
				probe.tick();
			}
		}
	} finally {
		draining = true;
		const drained = drain();
		if (drained) {
			// No request uses the table now; dropping it lets each socket close with its fd below.
			// Undrained, the ring's close drops it: before Linux 6.x, unregistering waits for requests in flight.
			files?.close();
		}

		for (const connection of clients) {
			if (connection) {
				connection.releaseAll(giveBack);
				closeClient(context, connection.fd, 'server-stopped');
			}
		}

		clients.length = 0;
		if (drained) {
			buffers.close();
		} else {
			// A request the kernel still holds may write a buffer: leaking the mapping is safe, unmapping it is not.
			probe.error('io_uring_enter', 'ETIME', `${inFlight} requests still in flight ${STOP_DRAIN_MS} ms after cancelling them: buffers left mapped`);
		}

		ring.close();
		probe.ringTotals(ring.stats);
		probe.flush();
	}

	/** Cancel every request and reap until none is in flight (or the time is up): only then may buffers go. */
	function drain(): boolean {
		try {
			ring.prepCancelAll(tag(0, OP_CANCEL));
			inFlight++;
			const deadline = performance.now() + STOP_DRAIN_MS;
			while (inFlight > 0 && performance.now() < deadline) {
				const result = ring.enter(1, Math.max(1, deadline - performance.now()));
				if (result < 0 && !ENTER_RETRY.has(-result)) {
					break;
				}

				const consumed = ring.consumed;
				ring.reap(onCompletion);
				sweepSilentSends(consumed);
			}
		} catch {
			// The ring failed while stopping: what is in flight stays unknown, so the buffers stay mapped.
		}

		return inFlight === 0;
	}
}
