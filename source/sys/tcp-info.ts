// getsockopt(TCP_INFO) on a listening socket: accept-queue length and limit, as `ss -lt` shows them (man 7 tcp).
import {raw, lastErrno} from './libc.js';
import {IPPROTO_TCP, TCP_INFO, TCP_LISTEN} from './constants.js';

// struct tcp_info (include/uapi/linux/tcp.h): 8 one-byte fields, then __u32s from offset 8:
// rto, ato, snd_mss, rcv_mss, unacked, sacked, ... For a LISTEN socket the kernel reuses
// tcpi_unacked for the current accept-queue length and tcpi_sacked for the backlog limit.
const STATE_OFFSET = 0;
const UNACKED_OFFSET = 24;
const SACKED_OFFSET = 28;

/** The accept queue of a listening socket. */
export type AcceptQueue = {
	/** Connections that completed the handshake and wait for accept(). */
	readonly depth: number;
	/** The backlog limit (listen()'s argument capped by net.core.somaxconn). */
	readonly limit: number;
};

const info = Buffer.alloc(232);
const length = Buffer.alloc(4);

/** The accept queue of a listening socket, or `-errno` (EBADF once it is closed). */
export function acceptQueue(fd: number): AcceptQueue | number {
	length.writeUInt32LE(info.length);
	if (raw.getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, length) < 0) {
		return -lastErrno();
	}

	if (info[STATE_OFFSET] !== TCP_LISTEN) {
		return -22; // EINVAL: not a listening socket, the fields mean something else
	}

	return {depth: info.readUInt32LE(UNACKED_OFFSET), limit: info.readUInt32LE(SACKED_OFFSET)};
}
