// The one interface select, poll and epoll hide behind, as redis's ae.h does for ae_select.c and ae_epoll.c.
import type {WaitCallName} from '../probe/events.js';

/** Interest and readiness flags in the common shape; each backend translates its native bits. */
export const READABLE = 1;
export const WRITABLE = 2;
/** The peer hung up or the socket has an error: reading will say which. */
export const HANGUP = 4;

/** A readiness mechanism: watches fds, waits, and reports which are ready. */
export type Multiplexer = {
	/** The system call it waits in, for events and the readiness panel. */
	readonly call: WaitCallName;
	/** Why this fd cannot be watched at all (select's FD_SETSIZE wall), or undefined. */
	refusal(fd: number): string | undefined;
	add(fd: number, interest: number): void;
	/** Change what is watched for an fd already added. */
	modify(fd: number, interest: number): void;
	remove(fd: number): void;
	/** Wait for readiness; the number of ready fds, or `-errno`. `timeoutMs` < 0 waits forever. */
	wait(timeoutMs: number): number;
	/** The fd of the `index`th ready entry of the last wait. */
	readyFd(index: number): number;
	/** Its flags in the common shape (READABLE | WRITABLE | HANGUP). */
	readyFlags(index: number): number;
	/** Its flags by their native names (`['EPOLLIN', 'EPOLLOUT']`), for the event log. */
	readyFlagNames(index: number): string[];
	/** fds the last wait watched (select: bits set; poll: entries; epoll: the interest list). */
	readonly watched: number;
	/** What the last wait walked: select's maxfd+1 bits, poll's entries, epoll's ready list. */
	readonly scanned: number;
	close(): void;
};
