// Stopping a process the benchmark started: ask, then insist, and always reap.
import type {ChildProcess} from 'node:child_process';
import {once} from 'node:events';

/** How long a server may take to stop once the benchmark is interrupted: the user is waiting. */
export const ABORT_GRACE_MS = 2000;

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is reaped (at once if it never started). */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
		return;
	}

	const exited = once(child, 'exit');
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

/**
 * Stops `child` within `ABORT_GRACE_MS` as soon as `signal` aborts, for as long as it runs:
 * whoever started it may be waiting for something else (its port, the load) when the user stops.
 * `how` stops it (`stopGroup` for a process group's leader).
 */
export function stopOnAbort(child: ChildProcess, signal: AbortSignal | undefined, how: typeof stopChild = stopChild): void {
	if (!signal) {
		return;
	}

	const stop = (): void => {
		void how(child, ABORT_GRACE_MS);
	};

	if (signal.aborted) {
		stop();
		return;
	}

	signal.addEventListener('abort', stop, {once: true});
	const forget = (): void => {
		signal.removeEventListener('abort', stop);
	};

	child.once('exit', forget);
	child.once('error', forget);
}
