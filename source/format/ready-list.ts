// The fds a wait call returned, with their flags: `7 EPOLLIN, 9 EPOLLIN|EPOLLOUT`.
import type {ReadyFd} from '../models/probe/events.js';

/** The same flag in every mechanism's words, for a narrow panel: select's sets, poll's and epoll's bits. */
const SHORT_FLAGS: Readonly<Record<string, string>> = {
	readfds: 'IN', writefds: 'OUT', hangup: 'HUP',
	POLLIN: 'IN', POLLOUT: 'OUT', POLLHUP: 'HUP', POLLERR: 'ERR', POLLNVAL: 'NVAL',
	EPOLLIN: 'IN', EPOLLOUT: 'OUT', EPOLLHUP: 'HUP', EPOLLERR: 'ERR',
};

/** How to write the list. */
export type ReadyListOptions = {
	/** Stop where the next fd would not fit, and say how many were left out. @default no limit */
	readonly maxChars?: number;
	/** `IN|OUT` instead of the native `EPOLLIN|EPOLLOUT`, `readfds`. @default false */
	readonly short?: boolean;
};

/**
 * The ready fds in the order the kernel returned them. With `maxChars` the list stops where the
 * next fd would not fit and says how many it left out (`7 EPOLLIN, +12 more`): an fd is never cut in half.
 */
export function formatReadyList(ready: readonly ReadyFd[], {maxChars = Number.POSITIVE_INFINITY, short = false}: ReadyListOptions = {}): string {
	let text = '';
	for (const [index, {fd, flags}] of ready.entries()) {
		const names = short ? flags.map(flag => SHORT_FLAGS[flag] ?? flag) : flags;
		const piece = `${index === 0 ? '' : ', '}${fd} ${names.join('|')}`;
		const after = ready.length - index - 1;
		const suffix = after > 0 ? `, +${after} more`.length : 0;
		if (text.length + piece.length + suffix > maxChars) {
			return `${text}${index === 0 ? '' : ', '}+${ready.length - index} more`;
		}

		text += piece;
	}

	return text;
}
