// accept4(2) on a non-blocking listening socket, and what to do when the process runs out of fds.
import {performance} from 'node:perf_hooks'; // Not the global: see probe.ts.
import {accept4, close, errno, formatAddress} from '../sys/index.js';
import type {Control} from './control.js';
import type {ModelContext} from './model.js';
import type {CloseReason} from './probe/events.js';
import type {Probe} from './probe/probe.js';

/** How long accepting pauses after EMFILE/ENFILE before trying again (a client leaving resumes it sooner). */
export const ACCEPT_PAUSE_MS = 200;

const OUT_OF_FDS = new Set([errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM]);

/**
 * Whether the loop should watch the listening socket. After EMFILE a level-triggered listening
 * socket stays readable, and a loop that keeps watching it spins at 100% CPU accepting nothing:
 * instead it stops watching for a while and the new clients wait in the kernel's backlog.
 */
export class AcceptGate {
	private pausedUntil = 0;

	get isOpen(): boolean {
		return this.pausedUntil === 0 || performance.now() >= this.pausedUntil;
	}

	pause(): void {
		this.pausedUntil = performance.now() + ACCEPT_PAUSE_MS;
	}

	/** A client left: an fd is free again. */
	resume(): void {
		this.pausedUntil = 0;
	}

	/** A wait timeout shortened so the loop wakes when the pause ends. */
	bound(timeoutMs: number): number {
		if (this.pausedUntil === 0) {
			return timeoutMs;
		}

		const remaining = Math.max(0, this.pausedUntil - performance.now());
		return timeoutMs < 0 ? remaining : Math.min(timeoutMs, remaining);
	}
}

/**
 * Accept every pending connection (until EAGAIN), handing each to `onClient` non-blocking.
 * Returns false when accepting had to pause (out of fds); the gate then says when to retry.
 */
export function acceptPending(context: ModelContext, gate: AcceptGate, onClient: (fd: number, peer: string) => void): boolean {
	const {listenFd, probe, control} = context;
	for (;;) {
		const accepted = accept4(listenFd, {nonBlocking: true});
		if (typeof accepted !== 'number') {
			control.own(accepted.fd);
			onClient(accepted.fd, formatAddress(accepted.peer));
			continue;
		}

		if (accepted === -errno.EAGAIN) {
			return true;
		}

		if (accepted === -errno.EINTR) {
			probe.count('eintr');
			continue;
		}

		if (accepted === -errno.ECONNABORTED) {
			continue; // The client reset before we got to it; nothing to serve.
		}

		if (OUT_OF_FDS.has(-accepted)) {
			probe.error('accept4', accepted, `out of file descriptors: not accepting for ${ACCEPT_PAUSE_MS} ms; new clients wait in the backlog`);
		} else if (!control.stopping) {
			probe.error('accept4', accepted, 'accept failed; retrying shortly');
		}

		gate.pause();
		return false;
	}
}

/**
 * After accept4 on a blocking listening socket failed (and not for a stop): count EINTR, skip a
 * client that reset while it waited (ECONNABORTED), report anything else. Returns whether to
 * pause before accepting again: the clients wait in the backlog meanwhile.
 */
export function reportAcceptFailure(probe: Probe, result: number): boolean {
	if (result === -errno.EINTR) {
		probe.count('eintr');
		return false;
	}

	if (result === -errno.ECONNABORTED) {
		return false;
	}

	probe.error('accept4', result, `accept failed; retrying in ${ACCEPT_PAUSE_MS} ms, clients wait in the backlog`);
	return true;
}

/** Close a client the model owns and report why. */
export function closeClient(context: {readonly probe: Pick<Probe, 'closed'>; readonly control: Pick<Control, 'disown'>}, fd: number, reason: CloseReason, detail?: string): void {
	context.control.disown(fd);
	close(fd);
	context.probe.closed(fd, reason, detail);
}
