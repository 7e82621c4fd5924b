// A child of the fork model: one client on an inherited fd, served with blocking read(2)/write(2) until it leaves; no FFI loaded.
import fs from 'node:fs';
import {errno, errnoName} from '../../sys/errors.js';
import {residentKb} from '../../sys/proc-status.js';
import {RECV_ZERO_DETAIL, type CloseReason} from '../probe/events.js';
import {closeOnce, countCall, fsSyscallTotal, readOnce, writeOnce} from './fs-blocking-io.js';
import {RelayRecorder} from './relay-recorder.js';

/** The stdio slots fork.ts hands over: the client's connection, and the write end of the event pipe. */
const CLIENT_FD = 3;
const EVENTS_FD = 4;
/** The read buffer, as the blocking and threads models' (serve-blocking.ts). */
const BUFFER_BYTES = 64 * 1024;
/**
 * One message in this many ms is recorded in detail (its recv with the head, its sends, the
 * blocked-in after it); the others are only counted. Under load the model's probe keeps 64
 * events per 100 ms batch in detail across all clients and counts the rest in its summary
 * anyway: building and parsing records it would drop cost a busy child more than its read and
 * write. A client typing by hand has every message shown.
 */
const DETAIL_MS = 100;
/** The errors the loop tells apart, negative as fs reports them: read once, not once a message. */
const EINTR = -errno.EINTR;
const ECONNRESET = -errno.ECONNRESET;
const EPIPE = -errno.EPIPE;

// fork.ts starts this child under `setpriv --pdeathsig KILL` where it can, so that even a SIGKILL
// of the server ends it: the signal is armed before node runs. The parent may have died first.
if (process.ppid !== Number(process.argv[2])) {
	process.exit(1); // Nobody would reap or hear this child.
}

/**
 * Each line is shorter than PIPE_BUF, so the kernel writes it whole and children's lines never
 * interleave. Written as a string, with no Buffer made for it: this runs once a message.
 */
function writeLine(line: string): void {
	countCall();
	const written = fs.writeSync(EVENTS_FD, line);
	// `written` counts bytes: all of an ASCII line is line.length of them.
	if (written !== line.length && written < Buffer.byteLength(line)) {
		const bytes = Buffer.from(line);
		for (let offset = written; offset < bytes.length;) {
			countCall();
			offset += fs.writeSync(EVENTS_FD, bytes, offset);
		}
	}
}

const recorder = new RelayRecorder(writeLine, process.pid, fsSyscallTotal);

// What has been counted and not yet said. Plain variables, not an object's fields: before V8
// optimizes echoOnce each field access is an inline cache lookup, and at 100 clients those were
// most of a child's CPU per message.
let leftRecv = 0;
let leftRecvBytes = 0;
let leftSend = 0;
let leftSendBytes = 0;
let leftPartial = 0;
let leftBlocked = 0;

/** Say what was counted, with anything recorded: before every read, which may block. */
function flushCounts(): void {
	if (leftRecv + leftSend + leftBlocked === 0) {
		recorder.flush();
		return;
	}

	recorder.counted(leftRecv, leftRecvBytes, leftSend, leftSendBytes, leftPartial, leftBlocked);
	leftRecv = 0;
	leftRecvBytes = 0;
	leftSend = 0;
	leftSendBytes = 0;
	leftPartial = 0;
	leftBlocked = 0;
}

function end(fd: number, reason: CloseReason, detail: string): void {
	closeOnce(fd);
	recorder.closed(reason, detail);
}

/** When the last message recorded in detail came (Date.now()), and whether the last one was. */
let lastDetail = Number.NEGATIVE_INFINITY;
let detailed = true;

/**
 * One turn of read, echo, repeat (serve-blocking.ts's serveClient, as the blocking and threads
 * models run it), with one message in DETAIL_MS recorded in full and the rest counted; false
 * once the client is gone. A function called once a message, not the body of one long loop: V8
 * optimizes it after a few dozen calls, where a loop that never returns waited in baseline code
 * for on-stack replacement, most of its life at 100 clients.
 *
 * It says it is about to block before every read: it cannot peek without MSG_DONTWAIT, and a
 * child that sits in read(2) until its client talks is almost always about to.
 */
function echoOnce(fd: number, buffer: Buffer): boolean {
	if (detailed) {
		recorder.beforeBlocking('recv');
	} else {
		leftBlocked++;
	}

	// Every read, even one that will find data waiting (pipelined traffic): the child cannot tell
	// without MSG_DONTWAIT, and a line per read also keeps a child that never blocks heard.
	flushCounts();
	let received = readOnce(fd, buffer);
	while (received === EINTR) {
		recorder.count('eintr');
		received = readOnce(fd, buffer);
	}

	if (received === 0) {
		end(fd, 'peer-closed', RECV_ZERO_DETAIL);
		return false;
	}

	if (received < 0) {
		end(fd, received === ECONNRESET ? 'reset' : 'error', `recv: ${errnoName(-received)}`);
		return false;
	}

	// Date.now(), not performance.now(): until optimized the latter cost about 2.5 µs a call here.
	const now = Date.now();
	detailed = now - lastDetail >= DETAIL_MS;
	if (detailed) {
		lastDetail = now;
		recorder.recv(received, buffer.subarray(0, received));
	} else {
		leftRecv++;
		leftRecvBytes += received;
	}

	for (let offset = 0; offset < received;) {
		const sent = writeOnce(fd, buffer, offset, received);
		if (sent === EINTR) {
			recorder.count('eintr');
			continue;
		}

		if (sent < 0) {
			const reset = sent === ECONNRESET || sent === EPIPE;
			end(fd, reset ? 'reset' : 'error', `send: ${errnoName(-sent)}`);
			return false;
		}

		if (detailed) {
			recorder.send(sent, received - offset);
		} else {
			leftSend++;
			leftSendBytes += sent;
			leftPartial += sent < received - offset ? 1 : 0;
		}

		offset += sent;
	}

	return true;
}

recorder.ready(process.pid, residentKb());
try {
	// No shared stop flag across processes: the parent stops a child with SIGTERM.
	const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
	while (echoOnce(CLIENT_FD, buffer)) {
		// Until the client leaves.
	}
} catch (error) {
	recorder.error('fork-child', 'EIO', String(error));
	process.exitCode = 1;
}

flushCounts();
recorder.rss(residentKb());
recorder.flush();
