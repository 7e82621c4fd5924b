// epoll(7) behind the Multiplexer interface: a kernel-side interest list; a wait returns only the ready fds.
import {
	EPOLLERR, EPOLLET, EPOLLHUP, EPOLLIN, EPOLLOUT, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD,
	EpollEvents, SysError, close, epollCreate1, epollCtl, epollWait,
} from '../../sys/index.js';
import {HANGUP, READABLE, WRITABLE, type Multiplexer} from './multiplexer.js';

const NAMES: ReadonlyArray<[number, string]> = [[EPOLLIN, 'EPOLLIN'], [EPOLLOUT, 'EPOLLOUT'], [EPOLLHUP, 'EPOLLHUP'], [EPOLLERR, 'EPOLLERR']];

/** Ready events one epoll_wait call can return; more stay in the kernel's ready list for the next call. */
const MAX_EVENTS = 512;

/** The epoll backend, level-triggered or edge-triggered (EPOLLET on every fd). */
export function createEpollMultiplexer({edgeTriggered}: {readonly edgeTriggered: boolean}): Multiplexer {
	const epfd = epollCreate1();
	const events = new EpollEvents(MAX_EVENTS);
	const trigger = edgeTriggered ? EPOLLET : 0;
	let watched = 0;
	let scanned = 0;

	const control = (op: number, fd: number, interest: number): void => {
		const bits = (interest & READABLE ? EPOLLIN : 0) | (interest & WRITABLE ? EPOLLOUT : 0) | trigger;
		const result = epollCtl(epfd, op, fd, bits);
		if (result < 0) {
			throw new SysError('epoll_ctl', -result, `fd ${fd}`);
		}
	};

	return {
		call: 'epoll_wait',
		refusal: () => undefined,
		add(fd, interest) {
			control(EPOLL_CTL_ADD, fd, interest);
			watched++;
		},
		modify(fd, interest) {
			control(EPOLL_CTL_MOD, fd, interest);
		},
		remove(fd) {
			// Closing an fd removes it from the interest list too, but only once no dup of it is left.
			if (epollCtl(epfd, EPOLL_CTL_DEL, fd, 0) === 0) {
				watched--;
			}
		},
		wait(timeoutMs) {
			const count = epollWait(epfd, events, timeoutMs);
			scanned = Math.max(0, count);
			return count;
		},
		readyFd: index => events.fd(index),
		readyFlags(index) {
			const bits = events.events(index);
			return (bits & EPOLLIN ? READABLE : 0) | (bits & EPOLLOUT ? WRITABLE : 0) | (bits & (EPOLLHUP | EPOLLERR) ? HANGUP : 0);
		},
		readyFlagNames(index) {
			const bits = events.events(index);
			return NAMES.filter(([bit]) => bits & bit).map(([, name]) => name);
		},
		get watched() {
			return watched;
		},
		get scanned() {
			return scanned;
		},
		close() {
			close(epfd);
		},
	};
}
