// The catalog: every model's name, summary and availability, and a lazy load of its loop. The only list of models, simplest first.
import {ioUringSwitchedOff} from '../sys/io-uring-switches.js';
import type {Model} from './model.js';

/** What the UI, the CLI and the help know of a model, without loading its code (or koffi). */
export type ModelEntry = {
	/** Stable id used on the command line and in events (`'epoll-et'`). */
	readonly id: string;
	/** Name shown in the model bar (`'epoll (edge)'`). */
	readonly title: string;
	/** One line on what this model does and what to watch for. */
	readonly summary: string;
	/**
	 * Why this model cannot run here (a kernel feature missing, disabled, or refused by seccomp),
	 * or undefined when it can. Cheap: the model bar and the CLI ask it. @default always available
	 */
	readonly unavailable?: () => string | undefined;
	/**
	 * What step mode holds (the gate is in sys/, before each call of the model's own thread):
	 * `every-call` for the one-thread loops; `accept` for fork and threads, whose accept loop
	 * steps while the clients already served run on; `none` for libuv, whose I/O is made inside
	 * libuv's C code. @default 'every-call'
	 */
	readonly steps?: StepScope;
	/** The model's loop: imported only by the worker thread that runs it. */
	readonly load: () => Promise<Model>;
};

/** Which of a model's system calls step mode holds (ModelEntry's `steps`). */
export type StepScope = 'every-call' | 'accept' | 'none';

/**
 * Every model, simplest first: the keys 1-9 and 0 follow this order. Adding a model is its file
 * (its loop behind the Model interface) and one line here.
 */
export const catalog: readonly ModelEntry[] = [
	{id: 'blocking', title: 'blocking',
		summary: 'one thread, blocking calls, one client at a time: the others wait in the listen backlog, their data piling up in the kernel',
		load: async () => (await import('./blocking.js')).blockingModel},
	{id: 'fork', title: 'fork (process per client)',
		summary: 'a child process per client, blocked in its own recv: pids and memory multiply with the clients',
		steps: 'accept',
		load: async () => (await import('./fork.js')).forkModel},
	{id: 'threads', title: 'threads (thread per client)',
		summary: 'a thread per client, each blocked in recv on its own fd: the thread count and the memory grow with the clients',
		steps: 'accept',
		load: async () => (await import('./threads.js')).threadsModel},
	{id: 'nonblocking', title: 'non-blocking (busy polling)',
		summary: 'non-blocking sockets polled in a loop that never waits: EAGAIN after EAGAIN, a whole core burnt while nobody talks',
		load: async () => (await import('./nonblocking.js')).nonblockingModel},
	{id: 'select', title: 'select()',
		summary: 'one thread watches every fd with select(): the kernel scans maxfd+1 bits per call; fds ≥ 1024 cannot be watched',
		load: async () => (await import('./select.js')).selectModel},
	{id: 'select-queue', title: 'select() + queues',
		summary: 'select() with a message queue per client and a write list: data waits in the queue until the socket is writable',
		load: async () => (await import('./select-queue.js')).selectQueueModel},
	{id: 'poll', title: 'poll()',
		summary: 'one thread, poll() over an array of every fd: no 1024 limit, but the kernel still walks the whole array each call',
		load: async () => (await import('./poll.js')).pollModel},
	{id: 'epoll-lt', title: 'epoll (level)',
		summary: 'epoll, level-triggered: the kernel keeps the interest list and reports a fd again and again while data is left unread',
		load: async () => (await import('./epoll-lt.js')).epollLtModel},
	{id: 'epoll-et', title: 'epoll (edge)',
		summary: 'epoll, edge-triggered: one event per edge, the loop drains until EAGAIN; read-once shows bytes stuck with no new event',
		load: async () => (await import('./epoll-et.js')).epollEtModel},
	{id: 'libuv', title: 'libuv (node:net)',
		summary: "Node's own net server: libuv runs epoll, non-blocking sockets and partial writes for you; you only see data in, data out",
		steps: 'none',
		load: async () => (await import('./libuv.js')).libuvModel},
	{id: 'io-uring', title: 'io_uring',
		summary: 'io_uring: the loop hands the kernel the reads and writes themselves and reaps their completions in batches, many per system call',
		// Without a system call or koffi (the catalog is read by --help): the env switch, the sysctl,
		// the kernel version. The model probes a real ring at start, so seccomp still fails in one line.
		unavailable: ioUringSwitchedOff,
		load: async () => (await import('./io-uring.js')).ioUringModel},
];
