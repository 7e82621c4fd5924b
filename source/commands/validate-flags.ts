// Checks the flags every command shares; each failure is one line for the user, exit status 2.
import {modelIds} from '../models/index.js';
import {UsageError} from '../util/usage-error.js';

export {UsageError} from '../util/usage-error.js';

/** A TCP port from a flag: an integer 0-65535 (0 lets the kernel pick). */
export function parsePort(value: string | undefined, fallback: number): number {
	if (value === undefined) {
		return fallback;
	}

	const port = Number(value);
	if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new UsageError(`--port must be a number from 0 to 65535, not "${value}"`);
	}

	return port;
}

/** An IPv4 address to listen on; `localhost` means 127.0.0.1. */
export function parseHost(value: string | undefined): string {
	if (value === undefined || value === 'localhost') {
		return '127.0.0.1';
	}

	const octets = value.split('.');
	if (octets.length !== 4 || octets.some(octet => !/^\d{1,3}$/.test(octet) || Number(octet) > 255)) {
		throw new UsageError(`--host must be an IPv4 address such as 127.0.0.1, not "${value}"`);
	}

	return value;
}

/** A model id from the registry. */
export function parseModel(value: string | undefined, fallback: string): string {
	const id = value ?? fallback;
	if (!modelIds.includes(id)) {
		throw new UsageError(`unknown model "${id}"; valid models: ${modelIds.join(', ')}`);
	}

	return id;
}

/** A count of clients: a whole number from 0 to `max`. */
export function parseCount(value: string | undefined, flag: string, max: number): number {
	if (value === undefined) {
		return 0;
	}

	const count = Number(value);
	if (!/^\d+$/.test(value.trim()) || count > max) {
		throw new UsageError(`--${flag} must be a whole number from 0 to ${max}, not "${value}"`);
	}

	return count;
}

/** Largest `--max-procs` / `--max-threads` accepted. */
export const MAX_LIMIT = 65_536;

/** A limit from a flag (`--max-procs 128`): a whole number from 1 to MAX_LIMIT. */
export function parseLimit(value: string | undefined, flag: string, fallback: number): number {
	const limit = value === undefined ? fallback : Number(value);
	if (value !== undefined && (!/^\d+$/.test(value.trim()) || limit < 1 || limit > MAX_LIMIT)) {
		throw new UsageError(`--${flag} must be a whole number from 1 to ${MAX_LIMIT}, not "${value}"`);
	}

	return limit;
}
