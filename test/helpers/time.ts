// Bounds for tests: every wait has a deadline, so a broken server fails a test instead of hanging the run.
import {setTimeout as delay} from 'node:timers/promises';

export {delay};

/** Reject with a named timeout if `promise` has not settled within `ms`. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}


/** Poll `check` every 10 ms until it returns a truthy value or `ms` pass. */
export async function waitUntil<T>(ms: number, what: string, check: () => T | undefined | false): Promise<T> {
	const deadline = performance.now() + ms;
	for (;;) {
		const value = check();
		if (value) {
			return value;
		}

		if (performance.now() > deadline) {
			throw new Error(`timed out after ${ms} ms waiting for ${what}`);
		}

		await delay(10);
	}
}
