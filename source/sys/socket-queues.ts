// ioctl(FIONREAD) and ioctl(SIOCOUTQ): the kernel's receive and send queues of one connection (man 7 tcp).
import {raw, lastErrno} from './libc.js';
import {FIONREAD, SIOCOUTQ} from './constants.js';

/** Bytes the kernel holds for one connection. */
export type SocketQueues = {
	/** Received and not yet read by the application. */
	readonly receive: number;
	/** Not yet sent, or sent and not yet acknowledged. */
	readonly send: number;
};

const value = Buffer.alloc(4);

function ioctlInt(fd: number, request: number): number {
	return raw.ioctl(fd, request, value) < 0 ? -lastErrno() : value.readInt32LE();
}

/** The receive and send queue of a connected TCP socket, or `-errno`. */
export function socketQueues(fd: number): SocketQueues | number {
	const receive = ioctlInt(fd, FIONREAD);
	if (receive < 0) {
		return receive;
	}

	const send = ioctlInt(fd, SIOCOUTQ);
	return send < 0 ? send : {receive, send};
}
