// One shutdown for every way out: signals, an uncaught error, a terminal that went away.

/** Signals that end the program cleanly (exit status 0). */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Longest a shutdown may take before the process exits anyway: stop has its own 1 s bounds. */
const SHUTDOWN_DEADLINE_MS = 3000;

/** Errors that mean the terminal is gone (the pane closed, ssh dropped). */
const TERMINAL_GONE = new Set(['EIO', 'EPIPE', 'ENXIO']);

/**
 * Leave the process. When the terminal is gone, Node's own exit would try to restore its modes,
 * fail with EIO and abort (nodejs/node#51519); the default action of SIGHUP ends the process
 * without that step, and is the right status for a hangup anyway.
 */
let terminalGone = false;

function leave(code: number): never {
	if (terminalGone) {
		process.removeAllListeners('SIGHUP');
		process.kill(process.pid, 'SIGHUP');
	}

	process.exit(code);
}

/**
 * Run `cleanup` once on SIGINT, SIGTERM, SIGHUP (then exit 0) or on an uncaught error (then
 * print one line and exit 1). Threads blocked in a syscall keep the process alive, so exiting
 * without stopping the model first would hang or leave sockets behind.
 */
export function onEveryExit(cleanup: () => Promise<void>, {describeError = (error: unknown) => String(error)}: {readonly describeError?: (error: unknown) => string} = {}): void {
	let exiting = false;
	const exit = async (code: number): Promise<void> => {
		if (exiting) {
			return;
		}

		exiting = true;
		setTimeout(() => leave(code), SHUTDOWN_DEADLINE_MS);
		try {
			await cleanup();
		} catch {
			// Cleanup is best effort from here: the process ends either way.
		}

		leave(code);
	};

	for (const signal of SIGNALS) {
		process.on(signal, () => {
			// A hangup means the terminal closed only if there is one; without (pipes, scripts) it is
			// just a request to stop, answered with status 0.
			terminalGone ||= signal === 'SIGHUP' && Boolean(process.stdin.isTTY || process.stdout.isTTY);
			void exit(0);
		});
	}

	// A terminal that closes ends stdin before any SIGHUP arrives.
	if (process.stdin.isTTY) {
		process.stdin.once('end', () => {
			terminalGone = true;
		});
	}

	const crash = (error: unknown): void => {
		if (TERMINAL_GONE.has((error as NodeJS.ErrnoException | undefined)?.code ?? '')) {
			terminalGone = true;
			void exit(0);
			return;
		}

		process.stderr.write(`echo-tui: ${describeError(error)}\n`);
		void exit(1);
	};

	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
}

/** End the process after a normal shutdown, the safe way when the terminal is gone. */
export function exitProcess(code: number): never {
	return leave(code);
}
