// One shutdown for every way out: signals, an uncaught error, a normal end.

/** Signals that end the program cleanly (exit status 0). */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

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
		try {
			await cleanup();
		} finally {
			process.exit(code);
		}
	};

	for (const signal of SIGNALS) {
		process.on(signal, () => {
			void exit(0);
		});
	}

	const crash = (error: unknown): void => {
		process.stderr.write(`echo-tui: ${describeError(error)}\n`);
		void exit(1);
	};

	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
}
