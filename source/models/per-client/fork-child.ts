// A child of the fork model: one client on an inherited fd, served with blocking read(2)/write(2) until it leaves; no FFI loaded.
import fs from 'node:fs';
import {residentKb} from '../../sys/proc-status.js';
import {countCall, fsIo, fsSyscallTotal} from './fs-blocking-io.js';
import {RelayRecorder} from './relay-recorder.js';
import {serveClient} from './serve-blocking.js';

/** The stdio slots fork.ts hands over: the client's connection, and the write end of the event pipe. */
const CLIENT_FD = 3;
const EVENTS_FD = 4;

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

// Synchronous: a child blocked in read could not flush anything later.
// Its system calls are counted as a client thread's are, so the model's sys/msg includes them.
const recorder = new RelayRecorder(writeLine, process.pid, fsSyscallTotal);
recorder.ready(process.pid, residentKb());
try {
	// No shared stop flag across processes: the parent stops a child with SIGTERM.
	serveClient({probe: recorder, io: fsIo, control: {stopping: false, disown: () => undefined}}, CLIENT_FD);
} catch (error) {
	recorder.error('fork-child', 'EIO', String(error));
	process.exitCode = 1;
}

recorder.rss(residentKb());
recorder.flush();
