// Why a server could not start, as one line the user can act on.
import {isSysError} from '../sys/errors.js';

/** Thrown when the server cannot start for a reason outside the user's typing (exit status 1). */
export class StartError extends Error {
	readonly exitCode = 1;
}

/** A StartError for the errors a user can fix with a flag; anything else unchanged. */
export function describeStartError(error: unknown, host: string, port: number): unknown {
	if (isSysError(error, 'EADDRINUSE')) {
		return new StartError(`port ${port} on ${host} is already in use (EADDRINUSE); try another with --port`);
	}

	if (isSysError(error, 'EADDRNOTAVAIL')) {
		return new StartError(`${host} is not an address of this machine (EADDRNOTAVAIL); try --host 127.0.0.1`);
	}

	if (isSysError(error, 'EMFILE')) {
		return new StartError(`${(error as Error).message}: the open-files limit has no room for them (ulimit -n); ask for fewer with --reserve-fds`);
	}

	if (isSysError(error, 'EACCES')) {
		return new StartError(`not allowed to listen on port ${port} (EACCES); ports below 1024 need privileges, try --port 7788`);
	}

	return error;
}
