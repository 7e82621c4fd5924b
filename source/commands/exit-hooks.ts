// One shutdown for every way out: signals, an uncaught error, a terminal that went away.
import {constants} from 'node:os';

/** Signals that end the program cleanly (exit status 0, or by the signal itself with `dieBySignal`). */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Longest a shutdown may take before the process exits anyway: stop has its own 1 s bounds. */
const SHUTDOWN_DEADLINE_MS = 3000;

/** Errors that mean the terminal is gone (the pane closed, ssh dropped). */
const TERMINAL_GONE = new Set(['EIO', 'EPIPE', 'ENXIO']);

/** Why the program is ending: a stop signal, or an error nobody caught. */
export type ExitCause = {readonly signal: NodeJS.Signals} | {readonly error: unknown};

/** How `onEveryExit` ends the process. */
export type ExitHookOptions = {
	/** One line for an uncaught error, after `echo-tui: `. @default its message */
	readonly describeError?: (error: unknown) => string;
	/**
	 * After a signal, end by that same signal, so a shell sees 128 + its number (130 for SIGINT)
	 * and a script running the program stops too, instead of status 0.
	 * @default false
	 */
	readonly dieBySignal?: boolean;
};

/** Set once a hangup, an ended stdin or an EIO/EPIPE says the terminal is gone. */
let terminalGone = false;

/** onEveryExit's handler of an error nobody caught, once a command has set one up. */
let crashHandler: ((error: unknown) => void) | undefined;

/** Whether an error says the reader or the terminal went away (a pipe's reader, a closed pane): no failure to report. */
export function isTerminalGone(error: unknown): boolean {
	return TERMINAL_GONE.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}

/** A failed write to stdout, as one line that keeps the errno's code: `ENOSPC (no space left on device)`. */
export function outputError(error: NodeJS.ErrnoException): Error {
	// A system call's error reads "ENOSPC: no space left on device, write": the middle is the description.
	const reason = error.code ? `${error.code}${error.syscall ? ` (${error.message.replace(/^[A-Z]+: /, '').replace(/, \w+$/, '')})` : ''}` : error.message;
	return Object.assign(new Error(`cannot write to standard output: ${reason}`), {code: error.code});
}

/**
 * A write to stdout that fails (a full disk, a reader gone) is an 'error' event, which with no
 * listener Node turns into a stack trace. Here it becomes one line and an exit: through the
 * command's shutdown when it has one (its servers stop first), or at once for the commands that
 * run none (help, the list of lessons). A reader gone is no failure: status 0, nothing said. A
 * command that watches its own output (serve's BoundedOutput) decides for itself.
 */
export function reportOutputErrors(): void {
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (process.stdout.listenerCount('error') > 1) {
			return;
		}

		const failure = outputError(error);
		if (crashHandler) {
			crashHandler(failure);
			return;
		}

		if (!isTerminalGone(error)) {
			process.stderr.write(`echo-tui: ${failure.message}\n`);
		}

		process.exit(isTerminalGone(error) ? 0 : 1);
	});
}

/**
 * Leave the process, by `signal` when one is given. When the terminal is gone, Node's own exit
 * would try to restore its modes, fail with EIO and abort (nodejs/node#51519); the default action
 * of SIGHUP ends the process without that step, and is the right status for a hangup anyway.
 */
function leave(code: number, signal?: NodeJS.Signals): never {
	const ending = terminalGone ? 'SIGHUP' : signal;
	if (ending) {
		// With no listener left the signal's default action applies: the process ends by it, here.
		process.removeAllListeners(ending);
		process.kill(process.pid, ending);
	}

	process.exit(code);
}

/**
 * Run `cleanup` once on SIGINT, SIGTERM, SIGHUP (then exit 0, or end by the signal) or on an
 * uncaught error (then print one line and exit 1). Threads blocked in a syscall keep the process
 * alive, so exiting without stopping the model first would hang or leave sockets behind.
 */
export function onEveryExit(cleanup: (cause: ExitCause) => Promise<void>, {describeError = (error: unknown) => (error instanceof Error ? error.message : String(error)), dieBySignal = false}: ExitHookOptions = {}): void {
	let exiting = false;
	const exit = async (code: number, cause: ExitCause): Promise<void> => {
		if (exiting) {
			return;
		}

		exiting = true;
		const signal = dieBySignal && 'signal' in cause ? cause.signal : undefined;
		setTimeout(() => leave(code, signal), SHUTDOWN_DEADLINE_MS);
		try {
			await cleanup(cause);
		} catch {
			// Cleanup is best effort from here: the process ends either way.
		}

		leave(code, signal);
	};

	for (const signal of SIGNALS) {
		process.on(signal, () => {
			// A hangup means the terminal closed only if there is one; without (pipes, scripts) it is
			// just a request to stop.
			terminalGone ||= signal === 'SIGHUP' && Boolean(process.stdin.isTTY || process.stdout.isTTY);
			void exit(dieBySignal ? 128 + constants.signals[signal] : 0, {signal});
		});
	}

	// A terminal that closes ends stdin before any SIGHUP arrives.
	if (process.stdin.isTTY) {
		process.stdin.once('end', () => {
			terminalGone = true;
		});
	}

	const crash = (error: unknown): void => {
		if (isTerminalGone(error)) {
			terminalGone = true;
			void exit(0, {error});
			return;
		}

		process.stderr.write(`echo-tui: ${describeError(error)}\n`);
		void exit(1, {error});
	};

	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
	crashHandler = crash;
}

/** End the process after a normal shutdown, the safe way when the terminal is gone. */
export function exitProcess(code: number): never {
	return leave(code);
}
