// Checks the values of the flags the monitor and serve share; each failure is one line for the user, exit status 2.
import {modelIds} from '../models/index.js';
import {UsageError} from '../util/usage-error.js';

export {UsageError} from '../util/usage-error.js';

/** A TCP port from a flag: an integer 0-65535 (0 lets the kernel pick). */
export function parsePort(value: string): number {
	const port = Number(value);
	if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new UsageError(`--port must be a number from 0 to 65535, not "${value}"`);
	}

	return port;
}

/** Why TCP cannot listen on this IPv4 address, if it cannot (RFC 5735 / RFC 6890 special ranges). */
function unlistenable(octets: readonly number[]): string | undefined {
	const [first = 0] = octets;
	if (octets.every(octet => octet === 255)) {
		return 'the limited broadcast address';
	}

	if (first >= 224 && first <= 239) {
		return 'a multicast address (224.0.0.0/4)';
	}

	if (first >= 240) {
		return 'a reserved address (240.0.0.0/4)';
	}

	return undefined;
}

/**
 * An IPv4 address to listen on, as four decimal octets; `localhost` means 127.0.0.1. Multicast,
 * reserved and broadcast addresses are refused: Linux lets a TCP socket bind and listen on
 * 224.0.0.1 or 255.255.255.255, and no client can ever connect to it.
 */
export function parseHost(value: string): string {
	if (value === 'localhost') {
		return '127.0.0.1';
	}

	const parts = value.split('.');
	// A leading zero is refused: inet_aton reads 010 as octal (8), a user means 10.
	if (parts.length !== 4 || parts.some(part => !/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255)) {
		throw new UsageError(`--host must be an IPv4 address such as 127.0.0.1, not "${value}"`);
	}

	const reason = unlistenable(parts.map(Number));
	if (reason) {
		throw new UsageError(`--host ${value} is ${reason}: TCP cannot serve clients there; use 127.0.0.1 (or 0.0.0.0 for every interface)`);
	}

	return value;
}

/** The warning for a host outside loopback (127.0.0.0/8), if it is one: anyone who can reach it gets an echo server. */
export function openHostWarning(host: string): string | undefined {
	if (host.startsWith('127.')) {
		return undefined;
	}

	const where = host === '0.0.0.0' ? '0.0.0.0 (every interface)' : host;
	return `warning: listening on ${where}: the echo server is open to anyone who can reach this machine`;
}

/** A model id from the registry. */
export function parseModel(value: string): string {
	if (!modelIds.includes(value)) {
		throw new UsageError(`unknown model "${value}"; valid models: ${modelIds.join(', ')}`);
	}

	return value;
}

/** A count of clients: a whole number from 0 to `max`. */
export function parseCount(value: string, flag: string, max: number): number {
	const count = Number(value);
	if (!/^\d+$/.test(value.trim()) || count > max) {
		throw new UsageError(`--${flag} must be a whole number from 0 to ${max}, not "${value}"`);
	}

	return count;
}

/** The flags the monitor and serve share, checked: what the server listens on, and its model. */
export function parseServerFlags(flags: {readonly model: string; readonly host: string; readonly port: string; readonly backlog: string; readonly reserveFds: string}): {model: string; host: string; port: number; backlog: number; reserveFds: number} {
	return {
		model: parseModel(flags.model), host: parseHost(flags.host), port: parsePort(flags.port), backlog: parseLimit(flags.backlog, 'backlog'),
		reserveFds: parseCount(flags.reserveFds, 'reserve-fds', MAX_RESERVE_FDS),
	};
}

/** Most `--reserve-fds`: the kernel's own ceiling on a process's fds (fs.nr_open's default). */
const MAX_RESERVE_FDS = 1 << 20;

/** Largest `--max-procs` / `--max-threads` accepted. */
export const MAX_LIMIT = 65_536;

/** A limit from a flag (`--max-procs 128`): a whole number from 1 to MAX_LIMIT. */
export function parseLimit(value: string, flag: string): number {
	const limit = Number(value);
	if (!/^\d+$/.test(value.trim()) || limit < 1 || limit > MAX_LIMIT) {
		throw new UsageError(`--${flag} must be a whole number from 1 to ${MAX_LIMIT}, not "${value}"`);
	}

	return limit;
}
