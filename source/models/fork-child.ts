// A child of the fork model: one client on an inherited fd, served with blocking recv(2)/send(2) until it leaves.
import {SIGKILL, getpid, getppid, residentKb, setParentDeathSignal, writeAll} from '../sys/index.js';
import {RelayRecorder, relayLine} from './relay.js';
import {serveClient} from './serve-blocking.js';

/** The stdio slots fork.ts hands over: the client's connection, and the write end of the event pipe. */
const CLIENT_FD = 3;
const EVENTS_FD = 4;

const pid = getpid();
// Die with the parent even when it is killed outright (SIGKILL gives it no chance to clean up).
setParentDeathSignal(SIGKILL);
if (getppid() !== Number(process.argv[2])) {
	process.exit(1); // The parent died before the line above took effect: nobody would reap or hear this child.
}

// Synchronous: a child blocked in recv could not flush anything later. Each line is shorter than
// PIPE_BUF, so the kernel writes it in one piece and lines of different children never interleave.
const recorder = new RelayRecorder(records => {
	writeAll(EVENTS_FD, relayLine(pid, records));
});
recorder.ready(pid, residentKb());
try {
	// No shared stop flag across processes: the parent stops a child with SIGTERM.
	serveClient({probe: recorder, control: {stopping: false, disown: () => undefined}}, CLIENT_FD);
} catch (error) {
	recorder.error('fork-child', 'EIO', String(error));
	process.exitCode = 1;
}

recorder.rss(residentKb());
recorder.flush();
