// What one frame of the monitor shows: the types the store builds and the panels read.
import type {BlockingCall, Counters, ReadyFd, RingCompletions, ServerEventKind} from '../../models/probe/events.js';

/**
 * Where a client stands: `connecting` (handshake not complete: SYN-SENT, or SYN-RECV at the
 * server), `waiting` (in the accept queue), `served` (traffic in the last second), `idle`,
 * `stalled` (bytes in its kernel receive queue and no read for a second), `closing` (its client
 * has closed, the server has not noticed yet).
 */
export type ClientRowState = 'connecting' | 'waiting' | 'served' | 'idle' | 'stalled' | 'closing';

/** One line of the clients panel: the server's view, the kernel's and, for built-in clients, the client's. */
export type ClientRow = {
	/**
	 * Stable from frame to frame, for the selection: the client's address, the one identity it
	 * keeps from connecting through waiting to accepted, whoever reports it (the kernel, the
	 * server, the built-in client).
	 */
	readonly key: string;
	/** The client's address (`127.0.0.1:50123`): as the server sees it, or the client's own while connecting. */
	readonly peer: string;
	/** The server's fd for it, once accepted. */
	readonly fd?: number;
	/** The thread or process serving it: `tid 812`, `pid 4410`. */
	readonly owner?: string;
	/** Built-in client number; undefined for external clients. */
	readonly builtinId?: number;
	readonly state: ClientRowState;
	/** The kernel's TCP state when it tells more than the state does (`CLOSE-WAIT`: its client closed while it waited). */
	readonly tcpState?: string;
	readonly bytesIn: number;
	readonly bytesOut: number;
	readonly recvCalls: number;
	readonly sendCalls: number;
	/** Kernel receive queue (bytes received, not read by the server), when sampled. */
	readonly receiveQueue?: number;
	/** Kernel send queue (bytes not yet sent or acknowledged), when sampled. */
	readonly sendQueue?: number;
	/** Bytes the server application holds for the client. */
	readonly appQueue: number;
	/** Echoed bytes a built-in client found wrong. */
	readonly mismatchedBytes: number;
	/** The last bytes received from the client, escaped for the terminal. */
	readonly lastData?: string;
	/** What the kernel's tables say of it when that is not a TCP state (a handshake the server side dropped). */
	readonly note?: string;
};

/** How many clients stand where: the header's figures, all from the same reading. */
export type ClientCounts = {
	/** Accepted and waiting: every connection the server has or will get (`N connected`). */
	readonly connected: number;
	readonly accepted: number;
	/** In the accept queue: from the kernel's list of connections when there is one, else its accept-queue length. */
	readonly waiting: number;
	/** Whose handshake is not complete (the kernel's SYN-SENT and SYN-RECV). */
	readonly connecting: number;
	/** Waiting connections whose client has already closed (CLOSE-WAIT): accept() will return them all the same. */
	readonly waitingClosed: number;
	/** Waiting connections with no row (the accept queue says they exist, nothing names them). */
	readonly unlisted: number;
};

/** One wait call, for the readiness panel. */
export type WaitCall = {
	readonly t: number;
	readonly call: string;
	readonly watched: number;
	readonly scanned: number;
	readonly ready: readonly ReadyFd[];
	/** How long the call took, µs (blocked time included). */
	readonly durationUs?: number;
};

/** io_uring's ring as set up, for the completion panel's legend and the queue sizes. */
export type RingSetup = {
	/** Setup flags in use (`SINGLE_ISSUER`, `DEFER_TASKRUN`); empty when only an enter call told the sizes. */
	readonly flags: readonly string[];
	readonly sqSize: number;
	readonly cqSize: number;
	/** Bytes per provided receive buffer; 0 when unknown. */
	readonly bufferBytes: number;
	/** Provided receive buffers at most; 0 when unknown. */
	readonly bufferCount: number;
};

/** One io_uring_enter call, for the completion panel. */
export type RingEnter = {
	readonly t: number;
	/** SQEs it handed to the kernel. */
	readonly submitted: number;
	/** CQEs waiting once it returned. */
	readonly completed: number;
	readonly inFlight: number;
	readonly completions: Readonly<RingCompletions>;
	/** How long the call took, µs (blocked time included). */
	readonly durationUs: number;
};

/** The ring of the io_uring model: its setup and its last enter calls. */
export type RingView = {
	readonly setup: RingSetup;
	/** Oldest first. */
	readonly recent: readonly RingEnter[];
};

/** Per-second rates of a ring: enter calls, CQEs, and the completions by operation (from the counters, which drop nothing). */
export type RingRates = {
	readonly enterCalls: number;
	readonly completed: number;
	/** Accepted connections. */
	readonly accept: number;
	/** recv completions that delivered bytes. */
	readonly recv: number;
	readonly send: number;
};

/** What a thread or process of the model is doing, for the models that block. */
export type BlockedThread = {
	/** Kernel thread id, or the pid of a fork child. */
	readonly tid: number;
	/** A fork child is a process: its id is a pid. @default 'thread' */
	readonly unit?: 'process';
	/** The call it last blocked in; undefined if it never reported one. */
	readonly call?: BlockingCall;
	readonly fd?: number;
	/** Since when it is blocked, or running. */
	readonly since: number;
	/** False once the thread reported something after blocking. */
	readonly blocked: boolean;
};

/** What a process or a thread per client costs, from their start and exit events. */
export type TaskCost = {
	readonly unit: 'process' | 'thread';
	/** Processes or threads serving clients now. */
	readonly alive: number;
	/** Resident memory: the children's (each as it started) summed for `process`, the whole process's at the last start for `thread`. */
	readonly rssKb: number;
	/** How long the last one took to start, ms. */
	readonly lastStartMs: number;
	/**
	 * Resident memory one more costs, KiB: the last child's own at its start (`process`, pages it
	 * shares counted too), or the process's growth per thread started (`thread`); unknown before.
	 */
	readonly eachRssKb?: number;
};

/** One event log line: the detail is formatted only when shown. */
export type LogLine = {readonly t: number; readonly kind: ServerEventKind; readonly text: string};

/** Per-second rates over the last sampling window. */
export type Rates = {
	readonly recvCalls: number;
	readonly sendCalls: number;
	readonly bytesIn: number;
	readonly waitCalls: number;
	readonly eagain: number;
	/** Mean duration of a wait call over the window, µs; undefined without wait calls. */
	readonly waitMeanUs?: number;
	/**
	 * System calls the model made per message it received (a recv that returned data) over the
	 * window, as `bench`'s sys/msg; undefined while nothing was received, or where the calls are
	 * not counted (libuv makes its own).
	 */
	readonly syscallsPerMessage?: number;
	/** The ring's rates; undefined for a model that never entered a ring. */
	readonly ring?: RingRates;
};

/** A call of the model's loop that step mode announced: held at the gate, or let through and in the kernel. */
export type StepCall = {
	/** The model thread's number for the call, from 1. */
	readonly seq: number;
	/** The libc function (`'select'`). */
	readonly call: string;
	/** The call with its arguments: `recv(fd 9, 65536 bytes)`. */
	readonly text: string;
	/** Let through by a step: the call is being made (a wait may block in the kernel until a client talks). */
	readonly released: boolean;
};

/** A stepped call that returned. */
export type StepResult = {
	readonly seq: number;
	readonly call: string;
	/** The call with its arguments, as announced. */
	readonly text: string;
	/** What it returned: `-> 64 bytes`, `-> 1: read {27}, write {}`. */
	readonly result: string;
};

/** Step mode on screen: the call announced last and not returned, and the last that returned. */
export type StepView = {
	readonly current?: StepCall;
	readonly last?: StepResult;
};

/** The accept queue of the listening socket (TCP_INFO). */
export type AcceptQueueDepth = {readonly depth: number; readonly limit: number};

/** Everything one frame shows. */
export type MonitorSnapshot = {
	readonly modelId: string;
	readonly host: string;
	readonly port: number;
	readonly startedAt: number;
	readonly readOnce: boolean;
	readonly auto: boolean;
	readonly counters: Counters;
	readonly rates: Rates;
	/** The first rows of the clients panel (never more than any terminal shows). */
	readonly clients: readonly ClientRow[];
	readonly counts: ClientCounts;
	/** The connections with the most bytes queued (kernel and application). */
	readonly deepest: readonly ClientRow[];
	readonly builtinCount: number;
	readonly mismatchedBytes: number;
	readonly acceptQueue?: AcceptQueueDepth;
	/** Connections the kernel dropped at the full listen queue since the model started (system-wide counter). */
	readonly listenDrops?: number;
	/** Bytes in the kernel receive queues now: accepted connections and those still waiting. */
	readonly receiveQueueTotal: number;
	readonly acceptHistory: readonly number[];
	readonly receiveQueueHistory: readonly number[];
	readonly appQueueHistory: readonly number[];
	/** io_uring: the most SQEs one enter call submitted, per sample (all zero for the other models). */
	readonly submissionHistory: readonly number[];
	/** io_uring: the most CQEs waiting after one enter call, per sample. */
	readonly completionHistory: readonly number[];
	readonly waits: readonly WaitCall[];
	readonly threads: readonly BlockedThread[];
	/** io_uring: the ring; undefined for the other models. */
	readonly ring?: RingView;
	/** Processes or threads per client, for fork and threads. */
	readonly cost?: TaskCost;
	/** The model's CPU over the last second, percent of one core (its threads and children). */
	readonly cpuPercent?: number;
	/** The listening socket's fd. */
	readonly listenFd?: number;
	/** The eventfd the wait call watches for a stop (counted in `watched`). */
	readonly controlFd?: number;
	/** The most recent lines of the event log, oldest first. */
	readonly log: readonly LogLine[];
	/** Lines ever added to the log: the difference between two snapshots is what arrived in between. */
	readonly logTotal: number;
	/** The last failure of the running model, if any. */
	readonly failure?: string;
	/** Step mode, while it is on. */
	readonly step?: StepView;
};
