// poll(2) behind the Multiplexer interface: an array of pollfd the kernel walks whole on every call.
import {POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, PollFds, poll} from '../../sys/index.js';
import {HANGUP, READABLE, WRITABLE, type Multiplexer} from './multiplexer.js';

const NAMES: ReadonlyArray<[number, string]> = [[POLLIN, 'POLLIN'], [POLLOUT, 'POLLOUT'], [POLLHUP, 'POLLHUP'], [POLLERR, 'POLLERR'], [POLLNVAL, 'POLLNVAL']];

function toPollEvents(flags: number): number {
	return (flags & READABLE ? POLLIN : 0) | (flags & WRITABLE ? POLLOUT : 0);
}

/** The poll() backend: no fd limit, but every call hands the kernel the whole array. */
export function createPollMultiplexer(): Multiplexer {
	const fds = new PollFds();
	const indexOf = new Map<number, number>();
	let ready: number[] = [];

	return {
		call: 'poll',
		refusal: () => undefined,
		add(fd, interest) {
			indexOf.set(fd, fds.push(fd, toPollEvents(interest)));
		},
		modify(fd, interest) {
			const index = indexOf.get(fd);
			if (index !== undefined) {
				fds.setEvents(index, toPollEvents(interest));
			}
		},
		remove(fd) {
			const index = indexOf.get(fd);
			if (index === undefined) {
				return;
			}

			indexOf.delete(fd);
			const last = fds.length - 1;
			if (index !== last) {
				indexOf.set(fds.fd(last), index);
			}

			fds.removeAt(index);
		},
		wait(timeoutMs) {
			const count = poll(fds, timeoutMs);
			ready = [];
			if (count <= 0) {
				return count;
			}

			// Like select, poll only marks entries: finding them is another walk of the array.
			for (let index = 0; index < fds.length && ready.length < count; index++) {
				if (fds.revents(index) !== 0) {
					ready.push(index);
				}
			}

			return ready.length;
		},
		readyFd: index => fds.fd(ready[index]!),
		readyFlags(index) {
			const revents = fds.revents(ready[index]!);
			return (revents & POLLIN ? READABLE : 0) | (revents & POLLOUT ? WRITABLE : 0) | (revents & (POLLHUP | POLLERR | POLLNVAL) ? HANGUP : 0);
		},
		readyFlagNames(index) {
			const revents = fds.revents(ready[index]!);
			return NAMES.filter(([bit]) => revents & bit).map(([, name]) => name);
		},
		get watched() {
			return fds.length;
		},
		get scanned() {
			return fds.length;
		},
		close() {
			fds.length = 0;
			indexOf.clear();
		},
	};
}
