// The typed events and counters every model reports through its probe.

/** A ready fd as the wait call returned it, with its flags named (`['IN']`, `['IN', 'HUP']`). */
export type ReadyFd = {
	readonly fd: number;
	readonly flags: readonly string[];
};

/**
 * The name of a readiness wait call (`select`, `poll`, `epoll_wait`). Open on purpose: a
 * backend declares its own (its Multiplexer's `call`), and nothing else lists them.
 */
export type WaitCallName = string;

/** Which call a thread or process is blocked in, for the models that block. */
export type BlockingCall = 'accept' | 'recv' | 'send' | 'waitpid' | WaitCallName;

/** Completions of one io_uring_enter call, by operation; `other`: the stop poll and cancels. */
export type RingCompletions = {
	accept: number;
	recv: number;
	send: number;
	other: number;
};

/** Why a connection ended. */
export type CloseReason = 'peer-closed' | 'reset' | 'error' | 'refused' | 'server-stopped';

/** The detail of a `peer-closed` event when the server learnt it the textbook's way: recv returned 0. */
export const RECV_ZERO_DETAIL = 'recv -> 0: peer closed';

type At = {
	/** Wall-clock time of the event, in ms since the epoch. */
	readonly t: number;
};

/** Bytes of received data a detailed recv event carries (its `head`), for the clients panel and the log. */
export const RECV_HEAD_BYTES = 32;

/** One thing a server did or the kernel told it. */
export type ServerEvent = At & (
	| {
		readonly kind: 'model-started';
		/** The model's id (`'epoll-et'`). */
		readonly model: string;
		readonly host: string;
		readonly port: number;
		readonly backlog: number;
		/** The kernel thread id of the thread the model runs in. */
		readonly tid: number;
	}
	| {
		readonly kind: 'listening';
		readonly fd: number;
		readonly host: string;
		readonly port: number;
		readonly backlog: number;
		/**
		 * The eventfd the model's wait call watches beside the listening socket, so that a stop
		 * (the keyboard's `q`) wakes it: one of the fds counted in `watched`. Only for the models
		 * that wait in select, poll or epoll_wait.
		 */
		readonly controlFd?: number;
	}
	| {readonly kind: 'accepted'; readonly fd: number; readonly peer: string; readonly tid?: number; readonly pid?: number}
	| {
		readonly kind: 'readiness';
		readonly call: WaitCallName;
		/** fds handed to the call (select: bits set; poll: entries; epoll: the interest list). */
		readonly watched: number;
		/** What the kernel walked: select's maxfd+1 bits, poll's entries, epoll's ready list. */
		readonly scanned: number;
		readonly ready: readonly ReadyFd[];
		/**
		 * How long the wait took, in µs: the whole call as the loop makes it (select's rebuilding
		 * of its fd_sets and its search for the bits set included), and so also any time it was
		 * blocked waiting for an fd to become ready. A wait that returns at once with ready fds
		 * is the mechanism's own cost; compare with `timeoutMs`.
		 */
		readonly durationUs: number;
		/** The timeout the call was given, in ms; -1: none, it could block until an fd was ready. */
		readonly timeoutMs: number;
	}
	| {
		readonly kind: 'recv';
		readonly fd: number;
		readonly bytes: number;
		/** The first bytes received, raw: whoever shows them must escape them (util/escape-bytes). */
		readonly head?: Uint8Array;
	}
	| {readonly kind: 'send'; readonly fd: number; readonly bytes: number; readonly requested: number}
	| {readonly kind: 'closed'; readonly fd: number; readonly reason: CloseReason; readonly detail?: string}
	| {readonly kind: 'refused'; readonly fd: number; readonly peer: string; readonly reason: string}
	| {readonly kind: 'error'; readonly syscall: string; readonly code: string; readonly fd?: number; readonly detail: string}
	| {readonly kind: 'blocked-in'; readonly call: BlockingCall; readonly fd: number; readonly tid: number}
	| {readonly kind: 'option'; readonly name: string; readonly value: boolean | number}
	| {
		readonly kind: 'child-spawned';
		/** The child process serving the client. */
		readonly pid: number;
		/** The client's fd in the parent, held (as /dev/null) until the child exits so that it names this client alone. */
		readonly fd: number;
		/** From spawn() in the parent to the child ready to serve: fork, exec, Node's start, the imports. */
		readonly spawnMs: number;
		/** The child's resident memory once ready. */
		readonly rssKb: number;
		/** Child processes alive now, this one included. */
		readonly children: number;
	}
	| {
		readonly kind: 'child-exited';
		readonly pid: number;
		readonly fd: number;
		/** Exit status, or null when a signal ended it. */
		readonly code: number | null;
		/** The signal that ended it (`'SIGKILL'`), or null. */
		readonly signal: string | null;
		/** The child's resident memory when it last reported, or -1 if it never got to. */
		readonly rssKb: number;
		/** Child processes still alive. */
		readonly children: number;
	}
	| {
		readonly kind: 'thread-started';
		/** The kernel thread id of the thread serving the client. */
		readonly tid: number;
		readonly fd: number;
		/** From new Worker() to the thread ready to serve: its isolate, event loop and imports. */
		readonly startMs: number;
		/** Client threads alive now, this one included. */
		readonly threads: number;
		/** The whole process's resident memory once the thread is ready. */
		readonly rssKb: number;
	}
	| {readonly kind: 'thread-exited'; readonly tid: number; readonly fd: number; readonly threads: number}
	| {
		readonly kind: 'capacity';
		/** What the model starts per client. */
		readonly unit: 'process' | 'thread';
		/** `--max-procs` or `--max-threads`; with `by: 'fds'`, the tasks that fit in the open-files limit. */
		readonly limit: number;
		/** What sets the limit: the flag, or the process's open-files limit (RLIMIT_NOFILE). */
		readonly by: 'limit' | 'fds';
		/** True: the limit is reached and accepting stops, new clients wait in the backlog; false: accepting again. */
		readonly full: boolean;
	}
	| {
		readonly kind: 'cpu';
		/** The thread measured (the busy loop's). */
		readonly tid: number;
		/** CPU time it used over the last interval, in percent of one core (/proc/self/task/<tid>/stat). */
		readonly percent: number;
		/** Calls that failed with EAGAIN over the same interval. */
		readonly eagain: number;
	}
	| {
		readonly kind: 'io-uring-setup';
		/** The ring's setup flags (`SINGLE_ISSUER`, `DEFER_TASKRUN`, `SUBMIT_ALL`, `CQSIZE`): they decide its cost per message. */
		readonly setupFlags: readonly string[];
		/** Submission queue entries. */
		readonly sqSize: number;
		/** Completion queue entries. */
		readonly cqSize: number;
		/** Bytes per provided receive buffer. */
		readonly bufferBytes: number;
		/** Provided receive buffers at most (added to the ring only as the load needs them). */
		readonly bufferCount: number;
	}
	| {
		readonly kind: 'io-uring-enter';
		/** SQEs this io_uring_enter call handed to the kernel: the submission queue's depth when it was made. */
		readonly submitted: number;
		/** CQEs waiting once it returned, all reaped before the next call: the completion queue's depth. */
		readonly completed: number;
		/** Requests submitted and not yet completed after those (an armed multishot accept or recv counts once). */
		readonly inFlight: number;
		readonly sqSize: number;
		readonly cqSize: number;
		/** The completions, by operation. */
		readonly completions: Readonly<RingCompletions>;
		/** How long the call took, in µs, blocked time included. */
		readonly durationUs: number;
		/** The timeout the call was given, in ms; -1: none, it could block until a completion. */
		readonly timeoutMs: number;
	}
	| {
		/**
		 * Step mode: a system call of the model's loop, announced before it is made (the thread is
		 * then held until the engine lets it through) and again with its result.
		 */
		readonly kind: 'step';
		readonly phase: 'before' | 'after';
		/** The libc function (`'epoll_wait'`, `'recv'`, `'accept4'`). */
		readonly call: string;
		/**
		 * Before: the call and its arguments (`epoll_wait(epfd 7, max 512, timeout -1)`); after: its
		 * result (`-> 3: fd 9 EPOLLIN, ...`, `-> 64 bytes`, `-> -1 EAGAIN`). Byte counts, never the bytes.
		 */
		readonly text: string;
		/** Numbers the model thread's stepped calls from 1; a call's `before` and `after` share it. */
		readonly seq: number;
	}
	| {
		readonly kind: 'summary';
		/** Detailed events left out of this batch because they came faster than anyone can read, by kind. */
		readonly suppressed: Readonly<Partial<Record<ServerEvent['kind'], number>>>;
	}
);

/** An event kind, such as `'accepted'`. */
export type ServerEventKind = ServerEvent['kind'];

/** Running totals since the model started; they never drop anything. */
export type Counters = {
	accepted: number;
	closed: number;
	refused: number;
	recvCalls: number;
	recvBytes: number;
	sendCalls: number;
	sendBytes: number;
	/** send() calls that took fewer bytes than asked. */
	partialSends: number;
	/** select/poll/epoll_wait calls that returned ready fds (a wait that only timed out is not counted). */
	waitCalls: number;
	/** Time spent in those calls, µs (blocked time included, see the `readiness` event): `waitUs / waitCalls` is the mean. */
	waitUs: number;
	/** fds returned ready, summed over wait calls. */
	readyFds: number;
	/** Calls that failed with EAGAIN. */
	eagain: number;
	/** Calls interrupted by a signal and retried. */
	eintr: number;
	errors: number;
	/**
	 * System calls the model made through sys/ on its own thread (sys counts every call; the probe
	 * reads the count at each flush), plus those its other threads reported (`Probe.syscallsElsewhere`).
	 */
	syscalls: number;
	/** io_uring: io_uring_enter calls, each of which submits and reaps many requests (counted by the ring). */
	enterCalls: number;
	/** io_uring: SQEs handed to the kernel. */
	submitted: number;
	/** io_uring: CQEs reaped. */
	completed: number;
};

/** Counters at zero. */
export function emptyCounters(): Counters {
	return {
		accepted: 0, closed: 0, refused: 0, recvCalls: 0, recvBytes: 0, sendCalls: 0, sendBytes: 0,
		partialSends: 0, waitCalls: 0, waitUs: 0, readyFds: 0, eagain: 0, eintr: 0, errors: 0,
		syscalls: 0, enterCalls: 0, submitted: 0, completed: 0,
	};
}

/** What the server knows of one client connection. */
export type ClientStats = {
	readonly fd: number;
	readonly peer: string;
	bytesIn: number;
	bytesOut: number;
	recvCalls: number;
	sendCalls: number;
	/** Bytes received and not yet echoed, held by the application (not the kernel). */
	appQueue: number;
	/** Whether the connection is gone; the last snapshot of a client says so. */
	closed: boolean;
};

/** What a probe hands over at each flush. */
export type ProbeBatch = {
	readonly events: readonly ServerEvent[];
	readonly counters: Readonly<Counters>;
	/** Clients whose stats changed since the last batch. */
	readonly clients: readonly ClientStats[];
};
