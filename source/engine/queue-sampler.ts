// Reads queue depths straight from the kernel: TCP_INFO of the listening socket, FIONREAD/SIOCOUTQ per connection, sock_diag for every connection on the port.
import {acceptQueue, listenDrops, socketQueues, type AcceptQueue, type ListenDrops} from '../sys/index.js';
import type {Control} from '../models/control.js';
import type {ProbeBatch} from '../models/probe/events.js';
import {KernelConnectionReader, type KernelConnections} from './kernel-connections.js';
import {ModelCpuMeter, type ModelCpu} from './model-cpu.js';

/** Kernel queues of one connection at one instant. */
export type SocketSample = {
	readonly fd: number;
	/** Bytes received, not yet read by the server. */
	readonly receive: number;
	/** Bytes not yet sent or not yet acknowledged. */
	readonly send: number;
};

/** One reading of every queue. */
export type QueueSample = {
	/** Wall-clock time, ms since the epoch. */
	readonly t: number;
	/** The listening socket's accept queue, or undefined if it could not be read. */
	readonly acceptQueue?: AcceptQueue;
	/** Connections sampled this time (at most `maxSockets`, rotating through the rest). */
	readonly sockets: readonly SocketSample[];
	/** Connections the model holds in all. */
	readonly connections: number;
	/**
	 * Every connection the kernel holds on the port, accepted or still in the accept queue, and
	 * the clients that cannot connect. On the samples that read it (KERNEL_SAMPLE_MS apart or
	 * more, see KERNEL_CPU_SHARE, and every `Engine.sampleNow()`): keep the last one.
	 */
	readonly kernel?: KernelConnections;
	/**
	 * Connections the kernel dropped at a full listen queue since the model started, read with
	 * `kernel`. System-wide counters (/proc/net/netstat): another server's drops count too.
	 */
	readonly listenDrops?: ListenDrops;
	/** The model's CPU use over the last second: its threads and child processes. About once a second; keep the last one. */
	readonly cpu?: ModelCpu;
};

/**
 * Most connections read per sample: two ioctls each, from the engine's thread, so with ten
 * thousand clients a sample covers a window and the next one continues where it stopped.
 */
export const MAX_SAMPLED_SOCKETS = 1000;

/** How often the kernel's list of connections is read, at most. */
export const KERNEL_SAMPLE_MS = 250;
/**
 * The largest share of one core reading that list may take (issue 9: at most 2%). Each read
 * walks the kernel's whole table of connections, every socket of the host included: measured on
 * a 2-core VM, 1 ms with a quiet table and 6–7 ms with 80,000 TIME-WAIT sockets left by other
 * programs, plus about 2 µs per connection on the port. A read that takes longer than this share
 * of KERNEL_SAMPLE_MS puts the next one off accordingly.
 */
export const KERNEL_CPU_SHARE = 0.02;

/** What a sampler samples. */
export type QueueSamplerOptions = {
	readonly listenFd: number;
	readonly control: Control;
	/** The address the model listens on: connections on it are read from the kernel. */
	readonly host: string;
	readonly port: number;
	/** @default MAX_SAMPLED_SOCKETS */
	readonly maxSockets?: number;
};

/** Samples the queues and the CPU of a running model. Owns a sock_diag socket: `close()` when done. */
export class QueueSampler {
	private cursor = 0;
	private nextKernelAt = 0;
	private readonly listenFd: number;
	private readonly control: Control;
	private readonly maxSockets: number;
	private readonly kernel: KernelConnectionReader;
	private readonly cpu = new ModelCpuMeter();
	/** The model's fd of each client, by the client's address, from the model's reports. */
	private readonly peerFds = new Map<string, number>();
	private readonly dropsAtStart?: ListenDrops;
	private lastDrops?: ListenDrops;

	constructor({listenFd, control, host, port, maxSockets = MAX_SAMPLED_SOCKETS}: QueueSamplerOptions) {
		this.listenFd = listenFd;
		this.control = control;
		this.maxSockets = maxSockets;
		this.kernel = new KernelConnectionReader(host, port);
		this.dropsAtStart = listenDrops();
		this.lastDrops = this.dropsAtStart;
	}

	/** Learn from a model's batch: which fd serves which client, which threads to measure. */
	observe(batch: ProbeBatch): void {
		for (const client of batch.clients) {
			if (!client.closed) {
				this.peerFds.set(client.peer, client.fd);
			} else if (this.peerFds.get(client.peer) === client.fd) {
				this.peerFds.delete(client.peer);
			}
		}

		for (const event of batch.events) {
			if (event.kind === 'model-started') {
				this.cpu.modelThread(event.tid);
			} else if (event.kind === 'thread-started') {
				this.cpu.threadStarted(event.tid);
			} else if (event.kind === 'thread-exited') {
				this.cpu.threadExited(event.tid);
			}
		}
	}

	/** A sample; `full` reads the kernel's connections even when the last read was recent. */
	sample(full = false): QueueSample {
		const accept = acceptQueue(this.listenFd);
		const fds = this.control.ownedFds();
		const window = fds.length <= this.maxSockets ? fds : this.rotate(fds);
		const sockets: SocketSample[] = [];
		for (const fd of window) {
			const queues = socketQueues(fd);
			if (typeof queues !== 'number') {
				sockets.push({fd, ...queues});
			}
		}

		const queue = typeof accept === 'number' ? undefined : accept;
		const kernelTurn = full || performance.now() >= this.nextKernelAt;
		const cpu = this.cpu.measure(this.control.childPids());
		return {
			t: Date.now(),
			...(queue ? {acceptQueue: queue} : {}),
			sockets,
			connections: fds.length,
			...(kernelTurn ? this.readKernel(queue) : {}),
			...(cpu ? {cpu} : {}),
		};
	}

	/** Close the sock_diag socket. */
	close(): void {
		this.kernel.close();
	}

	private readKernel(queue: AcceptQueue | undefined): Pick<QueueSample, 'kernel' | 'listenDrops'> {
		const drops = listenDrops();
		const dropped = drops !== undefined && this.lastDrops !== undefined && drops.drops > this.lastDrops.drops;
		this.lastDrops = drops;
		const full = queue !== undefined && queue.depth >= queue.limit;
		const started = performance.now();
		const kernel = this.kernel.read(this.peerFds, full || dropped);
		// Wall time: at least the CPU time the read took on this thread.
		const tookMs = performance.now() - started;
		this.nextKernelAt = started + Math.max(KERNEL_SAMPLE_MS, tookMs / KERNEL_CPU_SHARE);
		const start = this.dropsAtStart;
		return {
			...(kernel ? {kernel} : {}),
			...(drops && start ? {listenDrops: {overflows: drops.overflows - start.overflows, drops: drops.drops - start.drops}} : {}),
		};
	}

	private rotate(fds: number[]): number[] {
		this.cursor %= fds.length;
		const window = fds.slice(this.cursor, this.cursor + this.maxSockets);
		this.cursor += this.maxSockets;
		return window;
	}
}
