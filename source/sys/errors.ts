// errno numbers -> names, and the error every failing syscall becomes (man 3 errno).
import os from 'node:os';

// Node's table, not koffi's: the same numbers, and this file stays loadable where koffi is not
// (the fork model's children, which load as little as they can).
const namesByNumber = new Map<number, string>();
for (const [name, number] of Object.entries(os.constants.errno)) {
	// EAGAIN and EWOULDBLOCK share a number on Linux; keep the name people grep for.
	if (!namesByNumber.has(number) || name === 'EAGAIN') {
		namesByNumber.set(number, name);
	}
}

/** Errno numbers by their C names, as this platform defines them. */
export const errno = os.constants.errno as Readonly<Record<string, number>> & {
	readonly EAGAIN: number;
	readonly EINTR: number;
	readonly EBADF: number;
	readonly EINVAL: number;
	readonly EMFILE: number;
	readonly ENFILE: number;
	readonly ENOBUFS: number;
	readonly ENOMEM: number;
	readonly ECONNRESET: number;
	readonly ECONNABORTED: number;
	readonly EPIPE: number;
	readonly EADDRINUSE: number;
	readonly EADDRNOTAVAIL: number;
	readonly EACCES: number;
	readonly ENOTCONN: number;
	readonly ENOTSOCK: number;
	readonly EINPROGRESS: number;
	readonly ETIMEDOUT: number;
	readonly ECONNREFUSED: number;
	readonly EPERM: number;
	readonly ESRCH: number;
	readonly EIO: number;
};

/** The C name of an errno number (`11` -> `'EAGAIN'`). */
export function errnoName(number: number): string {
	return namesByNumber.get(number) ?? `errno ${number}`;
}

/** A failed system call: carries which call failed and the errno, by name and number. */
export class SysError extends Error {
	/** The errno name, as in C: `'EADDRINUSE'`. */
	readonly code: string;

	constructor(
		/** The system call that failed, as named in its man page. */
		readonly syscall: string,
		/** The errno value the call left. */
		readonly errno: number,
		/** What the call was working on, for the message (`'127.0.0.1:7788'`, `'fd 7'`). */
		readonly subject?: string,
	) {
		const code = errnoName(errno);
		super(`${syscall}${subject ? ` ${subject}` : ''}: ${code}`);
		this.name = 'SysError';
		this.code = code;
	}
}

/** Whether a value is a SysError with the given errno name. */
export function isSysError(error: unknown, code?: string): error is SysError {
	return error instanceof SysError && (code === undefined || error.code === code);
}
