// System calls in words (man 2 of each): `epoll_wait(epfd 7, max 512, timeout -1)` before, `-> 3: fd 9 EPOLLIN, ...` after.
import {
	EPOLLERR, EPOLLET, EPOLLHUP, EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD,
	F_GETFL, F_SETFL, FIONREAD, MSG_DONTWAIT, MSG_NOSIGNAL, O_NONBLOCK, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT,
	SHUT_RDWR, SIOCOUTQ,
} from './constants.js';
import {EPOLL_EVENT_SIZE, EpollEvents} from './epoll.js';
import {errnoName} from './errors.js';
import {
	IORING_ENTER_REGISTERED_RING, IORING_REGISTER_FILES2, IORING_REGISTER_FILES_UPDATE, IORING_REGISTER_PBUF_RING, IORING_REGISTER_RING_FDS, IORING_UNREGISTER_FILES,
	IORING_UNREGISTER_PBUF_RING, IORING_UNREGISTER_RING_FDS,
} from './io-uring-constants.js';
import type {LibcName} from './libc.js';
import {PollFds} from './poll.js';
import {FdSet} from './select.js';
import {decodeSockaddrIn, formatAddress} from './socket.js';

type Args = readonly unknown[];

const EPOLL_FLAGS: ReadonlyArray<readonly [number, string]> = [
	[EPOLLIN, 'EPOLLIN'], [EPOLLOUT, 'EPOLLOUT'], [EPOLLRDHUP, 'EPOLLRDHUP'], [EPOLLERR, 'EPOLLERR'], [EPOLLHUP, 'EPOLLHUP'], [EPOLLET, 'EPOLLET'],
];
const POLL_FLAGS: ReadonlyArray<readonly [number, string]> = [
	[POLLIN, 'POLLIN'], [POLLOUT, 'POLLOUT'], [POLLERR, 'POLLERR'], [POLLHUP, 'POLLHUP'], [POLLNVAL, 'POLLNVAL'],
];
const MSG_FLAGS: ReadonlyArray<readonly [number, string]> = [[MSG_DONTWAIT, 'MSG_DONTWAIT'], [MSG_NOSIGNAL, 'MSG_NOSIGNAL']];
const EPOLL_OPS = new Map([[EPOLL_CTL_ADD, 'EPOLL_CTL_ADD'], [EPOLL_CTL_DEL, 'EPOLL_CTL_DEL'], [EPOLL_CTL_MOD, 'EPOLL_CTL_MOD']]);
const FCNTL_COMMANDS = new Map([[F_GETFL, 'F_GETFL'], [F_SETFL, 'F_SETFL']]);
const IOCTL_REQUESTS = new Map([[FIONREAD, 'FIONREAD'], [SIOCOUTQ, 'SIOCOUTQ']]);
const REGISTER_OPS = new Map([
	[IORING_UNREGISTER_FILES, 'IORING_UNREGISTER_FILES'], [IORING_REGISTER_FILES_UPDATE, 'IORING_REGISTER_FILES_UPDATE'],
	[IORING_REGISTER_FILES2, 'IORING_REGISTER_FILES2'], [IORING_REGISTER_RING_FDS, 'IORING_REGISTER_RING_FDS'],
	[IORING_UNREGISTER_RING_FDS, 'IORING_UNREGISTER_RING_FDS'], [IORING_REGISTER_PBUF_RING, 'IORING_REGISTER_PBUF_RING'],
	[IORING_UNREGISTER_PBUF_RING, 'IORING_UNREGISTER_PBUF_RING'],
]);
const SHUT_HOW = new Map([[0, 'SHUT_RD'], [1, 'SHUT_WR'], [SHUT_RDWR, 'SHUT_RDWR']]);

/** Calls whose non-negative result is a new fd. */
const RETURNS_FD: ReadonlySet<string> = new Set<LibcName>(['socket', 'accept4', 'eventfd', 'epoll_create1', 'dup', 'dup3', 'io_uring_setup']);
/** Calls whose non-negative result is a byte count. */
const RETURNS_BYTES: ReadonlySet<string> = new Set<LibcName>(['recv', 'send', 'read', 'write']);

/** The call with its arguments, read before it is made: `recv(fd 9, 65536 bytes)`. Never the bytes themselves. */
export function describeCall(name: LibcName, args: Args): string {
	try {
		return describeArguments(name, args);
	} catch {
		return generic(name, args);
	}
}

/**
 * What the call returned, read once it has: `-> 64 bytes`, `-> -1 EAGAIN`, `-> 3: fd 9 EPOLLIN`.
 * `errno` is the thread's errno right after the call; the arguments are those the call was given,
 * now holding what the kernel wrote into them.
 */
export function describeResult(name: LibcName, args: Args, result: unknown, errno: number): string {
	const value = typeof result === 'bigint' ? Number(result) : result;
	if (typeof value !== 'number') {
		return `-> ${String(value)}`;
	}

	if (value < 0) {
		return `-> ${value} ${errnoName(errno)}`;
	}

	try {
		return `-> ${describeReturned(name, args, value)}`;
	} catch {
		return `-> ${value}`;
	}
}

function describeArguments(name: LibcName, args: Args): string {
	switch (name) {
		case 'epoll_wait': {
			return `epoll_wait(epfd ${int(args[0])}, max ${int(args[2])}, timeout ${int(args[3])})`;
		}

		case 'epoll_ctl': {
			const op = int(args[1]);
			const events = op === EPOLL_CTL_DEL || !Buffer.isBuffer(args[3]) ? '' : `, ${flagNames(epollEvents(args[3], 1).events(0), EPOLL_FLAGS)}`;
			return `epoll_ctl(epfd ${int(args[0])}, ${EPOLL_OPS.get(op) ?? op}, fd ${int(args[2])}${events})`;
		}

		case 'select': {
			const nfds = int(args[0]);
			return `select(nfds ${nfds}, read ${fdSetText(args[1], nfds)}, write ${fdSetText(args[2], nfds)}, timeout ${timevalText(args[4])})`;
		}

		case 'poll': {
			const count = int(args[1]);
			const fds = pollFds(args[0], count);
			const entries = Array.from({length: count}, (_, index) => `${fds.fd(index)} ${flagNames(fds.events(index), POLL_FLAGS)}`);
			return `poll({${entries.join(', ')}}, nfds ${count}, timeout ${int(args[2])})`;
		}

		case 'recv':
		case 'send': {
			return `${name}(fd ${int(args[0])}, ${int(args[2])} bytes${msgFlags(int(args[3]))})`;
		}

		case 'read':
		case 'write': {
			return `${name}(fd ${int(args[0])}, ${int(args[2])} bytes)`;
		}

		case 'accept4':
		case 'close':
		case 'listen':
		case 'getsockname':
		case 'getpeername':
		case 'dup': {
			return `${name}(fd ${int(args[0])})`;
		}

		case 'shutdown': {
			return `shutdown(fd ${int(args[0])}, ${SHUT_HOW.get(int(args[1])) ?? int(args[1])})`;
		}

		case 'fcntl': {
			const command = int(args[1]);
			const value = command === F_SETFL ? `, ${int(args[2]) & O_NONBLOCK ? 'O_NONBLOCK' : 'blocking'}` : '';
			return `fcntl(fd ${int(args[0])}, ${FCNTL_COMMANDS.get(command) ?? command}${value})`;
		}

		case 'ioctl': {
			const request = int(args[1]);
			return `ioctl(fd ${int(args[0])}, ${IOCTL_REQUESTS.get(request) ?? `0x${request.toString(16)}`})`;
		}

		case 'io_uring_enter': {
			// Its first argument is the system call's number: syscall(2) has no io_uring wrapper in glibc.
			// With IORING_ENTER_REGISTERED_RING the ring is named by its slot in this thread's table, not by fd.
			const ring = int(args[4]) & IORING_ENTER_REGISTERED_RING ? `ring slot ${int(args[1])}` : `fd ${int(args[1])}`;
			return `io_uring_enter(${ring}, submit ${int(args[2])}, wait ${int(args[3])})`;
		}

		case 'io_uring_register': {
			const op = int(args[2]);
			// A file table update names its first slot in struct io_uring_files_update's `offset`.
			const what = op === IORING_REGISTER_FILES_UPDATE && Buffer.isBuffer(args[3]) ? `slot ${args[3].readUInt32LE(0)}` : String(int(args[4]));
			return `io_uring_register(fd ${int(args[1])}, ${REGISTER_OPS.get(op) ?? op}, ${what})`;
		}

		default: {
			return generic(name, args);
		}
	}
}

function describeReturned(name: LibcName, args: Args, value: number): string {
	switch (name) {
		case 'epoll_wait': {
			const events = epollEvents(args[1], value);
			const ready = Array.from({length: value}, (_, index) => `fd ${events.fd(index)} ${flagNames(events.events(index), EPOLL_FLAGS)}`);
			return value === 0 ? '0 (timed out)' : `${value}: ${ready.join(', ')}`;
		}

		case 'select': {
			const nfds = int(args[0]);
			return value === 0 ? '0 (timed out)' : `${value}: read ${fdSetText(args[1], nfds)}, write ${fdSetText(args[2], nfds)}`;
		}

		case 'poll': {
			const count = int(args[1]);
			const fds = pollFds(args[0], count);
			const ready: string[] = [];
			for (let index = 0; index < count; index++) {
				if (fds.revents(index) !== 0) {
					ready.push(`fd ${fds.fd(index)} ${flagNames(fds.revents(index), POLL_FLAGS)}`);
				}
			}

			return value === 0 ? '0 (timed out)' : `${value}: ${ready.join(', ')}`;
		}

		case 'io_uring_enter': {
			return `${value} submitted`;
		}

		case 'accept4': {
			const peer = Buffer.isBuffer(args[1]) ? ` (${formatAddress(decodeSockaddrIn(args[1]))})` : '';
			return `fd ${value}${peer}`;
		}

		default: {
			if (RETURNS_BYTES.has(name)) {
				return value === 0 && name === 'recv' ? '0 (the peer closed)' : `${value} bytes`;
			}

			return RETURNS_FD.has(name) ? `fd ${value}` : String(value);
		}
	}
}

/** `name(arg, arg…)`: numbers as they are, buffers by their size only (they may hold network data). */
function generic(name: string, args: Args): string {
	const parts = args.map(arg => {
		if (typeof arg === 'number' || typeof arg === 'bigint') {
			return String(arg);
		}

		if (arg === null || arg === undefined) {
			return 'NULL';
		}

		if (Buffer.isBuffer(arg) || arg instanceof Uint8Array) {
			return `[${arg.length} bytes]`;
		}

		return typeof arg;
	});
	return `${name}(${parts.join(', ')})`;
}

function int(value: unknown): number {
	return typeof value === 'bigint' ? Number(value) : Number(value ?? 0);
}

function flagNames(bits: number, names: ReadonlyArray<readonly [number, string]>): string {
	const set = names.filter(([bit]) => (bits & bit) !== 0).map(([, flag]) => flag);
	return set.length > 0 ? set.join('|') : '0';
}

function msgFlags(flags: number): string {
	return flags === 0 ? '' : `, ${flagNames(flags, MSG_FLAGS)}`;
}

/** The first `count` epoll_events of a buffer, read through sys/epoll's own accessors. */
function epollEvents(bytes: unknown, count: number): EpollEvents {
	const events = new EpollEvents(count);
	if (Buffer.isBuffer(bytes)) {
		bytes.copy(events.bytes, 0, 0, count * EPOLL_EVENT_SIZE);
	}

	return events;
}

/** The first `count` pollfd entries of a buffer, read through sys/poll's own accessors. */
function pollFds(bytes: unknown, count: number): PollFds {
	const fds = new PollFds();
	for (let index = 0; index < count; index++) {
		fds.push(-1, 0);
	}

	if (Buffer.isBuffer(bytes)) {
		bytes.copy(fds.bytes, 0, 0, Math.min(bytes.length, fds.bytes.length));
	}

	return fds;
}

/** The fds set below `nfds` in an fd_set (`{3,5,9}`); NULL (not watched) shows as `{}`. */
function fdSetText(bytes: unknown, nfds: number): string {
	if (!Buffer.isBuffer(bytes)) {
		return '{}';
	}

	const set = new FdSet();
	bytes.copy(set.bytes);
	const fds: number[] = [];
	for (let fd = 0; fd < nfds; fd++) {
		if (set.has(fd)) {
			fds.push(fd);
		}
	}

	return `{${fds.join(',')}}`;
}

/** A struct timeval pointer: NULL waits forever. */
function timevalText(bytes: unknown): string {
	if (!Buffer.isBuffer(bytes)) {
		return 'none';
	}

	const ms = (Number(bytes.readBigInt64LE(0)) * 1000) + (Number(bytes.readBigInt64LE(8)) / 1000);
	return `${ms} ms`;
}
