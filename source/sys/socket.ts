// TCP sockets over IPv4: socket, bind, listen, accept4, recv, send, shutdown, close (man 2 socket, man 7 tcp).
import {raw, lastErrno} from './libc.js';
import {SysError} from './errors.js';
import {
	AF_INET, SOCK_STREAM, SOCK_CLOEXEC, SOCK_NONBLOCK, SOL_SOCKET, SO_REUSEADDR, IPPROTO_TCP,
	TCP_NODELAY, F_GETFL, F_SETFL, O_NONBLOCK, MSG_NOSIGNAL,
} from './constants.js';

/** An IPv4 address and port, as the kernel reported or was given it. */
export type SocketAddress = {
	/** Dotted quad. */
	readonly host: string;
	readonly port: number;
};

const SOCKADDR_IN_SIZE = 16;

function encodeSockaddrIn(host: string, port: number): Buffer {
	const octets = host.split('.').map(Number);
	if (octets.length !== 4 || octets.some(octet => !Number.isInteger(octet) || octet < 0 || octet > 255)) {
		throw new SysError('inet_aton', 22 /* EINVAL */, host);
	}

	const address = Buffer.alloc(SOCKADDR_IN_SIZE);
	address.writeUInt16LE(AF_INET, 0); // sa_family is host order
	address.writeUInt16BE(port, 2); // sin_port is network order
	for (const [index, octet] of octets.entries()) {
		address[4 + index] = octet;
	}

	return address;
}

/** struct sockaddr_in (man 7 ip): the port in network order at 2, the IPv4 address at 4. */
export function decodeSockaddrIn(address: Buffer): SocketAddress {
	return {host: `${address[4]}.${address[5]}.${address[6]}.${address[7]}`, port: address.readUInt16BE(2)};
}

function check(result: number, syscall: string, subject?: string): number {
	if (result < 0) {
		throw new SysError(syscall, lastErrno(), subject);
	}

	return result;
}

/** socket(AF_INET, SOCK_STREAM): a new TCP socket, close-on-exec. */
export function socketTcp({nonBlocking = false}: {readonly nonBlocking?: boolean} = {}): number {
	return check(raw.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (nonBlocking ? SOCK_NONBLOCK : 0), 0), 'socket');
}

/** setsockopt with an int value. */
export function setsockoptInt(fd: number, level: number, name: number, value: number): void {
	const buffer = Buffer.alloc(4);
	buffer.writeInt32LE(value);
	check(raw.setsockopt(fd, level, name, buffer, 4), 'setsockopt', `fd ${fd}`);
}

/** bind to an IPv4 address. */
export function bind(fd: number, host: string, port: number): void {
	check(raw.bind(fd, encodeSockaddrIn(host, port), SOCKADDR_IN_SIZE), 'bind', `${host}:${port}`);
}

/** listen with the given backlog (the kernel caps it at net.core.somaxconn). */
export function listen(fd: number, backlog: number): void {
	check(raw.listen(fd, backlog), 'listen', `fd ${fd}`);
}

/** The local address a socket is bound to. */
export function getsockname(fd: number): SocketAddress {
	const address = Buffer.alloc(SOCKADDR_IN_SIZE);
	const length = Buffer.alloc(4);
	length.writeUInt32LE(SOCKADDR_IN_SIZE);
	check(raw.getsockname(fd, address, length), 'getsockname', `fd ${fd}`);
	return decodeSockaddrIn(address);
}

const peerAddress = Buffer.alloc(SOCKADDR_IN_SIZE);
const peerLength = Buffer.alloc(4);

/**
 * getpeername(2) of an IPv4 socket, or `-errno` (ENOTCONN: the peer already left). For a loop
 * that accepted without asking for the address: io_uring's multishot accept cannot hand out each
 * peer's (one address buffer would be written over by every accept before it is read).
 */
export function getpeername(fd: number): SocketAddress | number {
	peerLength.writeUInt32LE(SOCKADDR_IN_SIZE);
	if (raw.getpeername(fd, peerAddress, peerLength) < 0) {
		return -lastErrno();
	}

	return decodeSockaddrIn(peerAddress);
}

/**
 * A listening TCP socket: socket, SO_REUSEADDR (so a restarted model rebinds at once, past
 * TIME_WAIT), bind, listen. Blocking unless asked; each model sets the mode it needs.
 */
export function listenTcp(host: string, port: number, backlog: number): {fd: number; address: SocketAddress} {
	const fd = socketTcp();
	try {
		setsockoptInt(fd, SOL_SOCKET, SO_REUSEADDR, 1);
		bind(fd, host, port);
		listen(fd, backlog);
		return {fd, address: getsockname(fd)};
	} catch (error) {
		raw.close(fd);
		throw error;
	}
}

/** Result of accept4: the new fd and the peer, or a negative errno. */
export type Accepted = {readonly fd: number; readonly peer: SocketAddress};

const acceptAddress = Buffer.alloc(SOCKADDR_IN_SIZE);
const acceptLength = Buffer.alloc(4);

/**
 * accept4: the next connection of the accept queue, or `-errno` (EAGAIN, EMFILE, EINTR, ...).
 * Returns a negative number instead of throwing because every caller handles these in its loop.
 */
export function accept4(fd: number, {nonBlocking = false}: {readonly nonBlocking?: boolean} = {}): Accepted | number {
	acceptLength.writeUInt32LE(SOCKADDR_IN_SIZE);
	const client = raw.accept4(fd, acceptAddress, acceptLength, SOCK_CLOEXEC | (nonBlocking ? SOCK_NONBLOCK : 0));
	if (client < 0) {
		return -lastErrno();
	}

	return {fd: client, peer: decodeSockaddrIn(acceptAddress)};
}

/**
 * accept4 on a blocking listening socket, run on libuv's thread pool (koffi's async call): the
 * call really blocks a thread, and the calling thread's event loop stays free meanwhile. Resolves
 * like `accept4`; koffi hands back the errno of the thread that made the call.
 */
export async function accept4Async(fd: number): Promise<Accepted | number> {
	const address = Buffer.alloc(SOCKADDR_IN_SIZE);
	const length = Buffer.alloc(4);
	length.writeUInt32LE(SOCKADDR_IN_SIZE);
	return new Promise((resolve, reject) => {
		raw.accept4.async(fd, address, length, SOCK_CLOEXEC, (error: unknown, client: number) => {
			if (error) {
				reject(error as Error);
			} else {
				resolve(client < 0 ? -lastErrno() : {fd: client, peer: decodeSockaddrIn(address)});
			}
		});
	});
}

/** connect to an IPv4 address; `-errno` on failure (EINPROGRESS for a non-blocking socket). */
export function connect(fd: number, host: string, port: number): number {
	return raw.connect(fd, encodeSockaddrIn(host, port), SOCKADDR_IN_SIZE) < 0 ? -lastErrno() : 0;
}

/** recv into `buffer` from `offset`: bytes read, 0 at end of stream, or `-errno`. */
export function recv(fd: number, buffer: Buffer, offset = 0, length = buffer.length - offset, flags = 0): number {
	// The length argument bounds the kernel; a view is only needed to move the start.
	const target = offset === 0 ? buffer : buffer.subarray(offset, offset + length);
	const result = Number(raw.recv(fd, target, Math.min(length, target.length), flags));
	return result < 0 ? -lastErrno() : result;
}

/**
 * send from `buffer`: bytes accepted by the kernel (maybe fewer than asked), or `-errno`.
 * MSG_NOSIGNAL: a peer that reset must give EPIPE here, not a SIGPIPE that kills the process.
 */
export function send(fd: number, buffer: Buffer, offset = 0, length = buffer.length - offset, flags = 0): number {
	const source = offset === 0 ? buffer : buffer.subarray(offset, offset + length);
	const result = Number(raw.send(fd, source, Math.min(length, source.length), flags | MSG_NOSIGNAL));
	return result < 0 ? -lastErrno() : result;
}

/** shutdown(how); returns `-errno` on failure (ENOTCONN is common and harmless). */
export function shutdown(fd: number, how: number): number {
	return raw.shutdown(fd, how) < 0 ? -lastErrno() : 0;
}

/** close; returns `-errno` on failure. EINTR from close must not be retried on Linux (man 2 close). */
export function close(fd: number): number {
	return raw.close(fd) < 0 ? -lastErrno() : 0;
}

/** Switch O_NONBLOCK on or off. */
export function setNonBlocking(fd: number, on: boolean): void {
	const flags = check(raw.fcntl(fd, F_GETFL, 0), 'fcntl', `fd ${fd}`);
	check(raw.fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK), 'fcntl', `fd ${fd}`);
}

/** TCP_NODELAY: echo replies go out at once instead of waiting on Nagle. */
export function setNoDelay(fd: number): void {
	setsockoptInt(fd, IPPROTO_TCP, TCP_NODELAY, 1);
}

/** Format an address as `host:port`. */
export function formatAddress({host, port}: SocketAddress): string {
	return `${host}:${port}`;
}

/** dup: a second fd for the same socket (close-on-exec is not inherited). */
export function dup(fd: number): number {
	return check(raw.dup(fd), 'dup', `fd ${fd}`);
}
