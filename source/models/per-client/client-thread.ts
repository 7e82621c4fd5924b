// A thread of the threads model: serves one client with blocking recv(2)/send(2) on its own fd, then ends.
import {parentPort, workerData} from 'node:worker_threads';
import {syscallTotal} from '../../sys/libc.js';
import {gettid} from '../../sys/process.js';
import {residentKb} from '../../sys/proc-status.js';
import {Control, type ControlShared} from '../control.js';
import {FdClaim} from './fd-claim.js';
import {RecordRing} from './record-ring.js';
import {RingRecorder} from './ring-recorder.js';
import {serveThreadClient} from './serve-thread.js';

/** What the threads model hands each client thread. */
export type ClientThreadData = {
	/** The client's connection, blocking, marked owned in Control. */
	readonly fd: number;
	/** The model's Control: the stop flag, and the fd table the engine shuts down at stop. */
	readonly shared: ControlShared;
	/** Decides whether this thread or the model closes `fd` (FdClaim). */
	readonly claim: SharedArrayBuffer;
	/** Where this thread records its events (RecordRing); the model drains it on a timer. */
	readonly ring: SharedArrayBuffer;
};

const {fd, shared, claim, ring} = workerData as ClientThreadData;
const port = parentPort!;
// Records go to shared memory, no message per call. postMessage, for the few that carry text,
// queues at once and needs nothing from this thread's event loop, which a thread blocked in recv does not run.
const recordRing = new RecordRing(ring);
const recorder = new RingRecorder(recordRing, records => {
	port.postMessage(records);
}, syscallTotal);
recorder.ready(gettid(), residentKb());
const control = new Control(shared);
const fdClaim = new FdClaim(claim);
serveThreadClient(recordRing, recorder, {
	get stopping() {
		return control.stopping;
	},
	disown(clientFd) {
		// The loop closes right after: from here the fd is this thread's to close, not the model's.
		fdClaim.claimForThread();
		control.disown(clientFd);
	},
}, fd);
recorder.flush();
