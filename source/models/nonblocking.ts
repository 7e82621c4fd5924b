// Non-blocking sockets polled in a loop that never waits (man 2 recv, O_NONBLOCK): EAGAIN after EAGAIN.
import {performance} from 'node:perf_hooks'; // Not the global: see probe.ts.
import {CLOCK_TICKS_PER_SECOND, gettid, setNonBlocking, threadCpuTicks} from '../sys/index.js';
import {AcceptGate, acceptPending, closeClient} from './accept.js';
import {Connection, endConnection, flushOutput, isOver, readAndEchoToEnd, type IoOutcome} from './readiness/nonblocking-echo.js';
import type {Model, ModelContext} from './model.js';
import type {Probe} from './probe/probe.js';

const BUFFER_BYTES = 64 * 1024;
/** How often the loop reports the CPU time it burns. */
export const CPU_REPORT_MS = 1000;

/**
 * accept, then recv from every client, then accept again, without ever waiting: nothing tells the
 * loop when there is work, so it asks, and nearly every answer is EAGAIN. Nothing can wake it
 * either, so it checks the stop flag on every turn.
 */
export const nonblockingModel: Model = {
	run: context => {
		pollForever(context);
	},
};

/** The loop: until the stop flag, accept what is pending, then try every client once. */
function pollForever(context: ModelContext): void {
	const {probe, control} = context;
	const tid = gettid();
	const clients = new Map<number, Connection>();
	const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
	const gate = new AcceptGate();
	const cpu = new CpuMeter(tid, probe);
	const onClient = (fd: number, peer: string): void => {
		clients.set(fd, new Connection(fd, peer));
		probe.accepted(fd, peer, {tid});
	};

	setNonBlocking(context.listenFd, true);
	probe.listening(context.listenFd, context.host, context.port, context.backlog);
	try {
		while (!control.stopping) {
			if (gate.isOpen && acceptPending(context, gate, onClient)) {
				probe.count('eagain'); // The accept that found the backlog empty.
			}

			for (const connection of clients.values()) {
				let outcome: IoOutcome = connection.output.isEmpty ? {status: 'open'} : flushOutput(connection, probe);
				if (outcome.status === 'open' && !connection.readClosed) {
					outcome = readAndEchoToEnd(connection, buffer, probe, {drain: false, chunk: BUFFER_BYTES});
				}

				if (isOver(connection, outcome)) {
					clients.delete(connection.fd);
					endConnection(context, connection, outcome);
					gate.resume();
				}
			}

			cpu.tick();
			probe.tick();
		}
	} finally {
		for (const connection of clients.values()) {
			closeClient(context, connection.fd, 'server-stopped');
		}

		probe.flush();
	}
}

/** Reports a thread's CPU use, from the kernel's accounting, and the EAGAINs counted meanwhile. */
class CpuMeter {
	private lastAt = performance.now();
	private lastTicks: number;
	private lastEagain: number;

	constructor(private readonly tid: number, private readonly probe: Probe) {
		this.lastTicks = threadCpuTicks(tid);
		this.lastEagain = probe.counters.eagain;
	}

	/** Emit a `cpu` event if an interval has passed. */
	tick(): void {
		const now = performance.now();
		if (now - this.lastAt < CPU_REPORT_MS) {
			return;
		}

		const ticks = threadCpuTicks(this.tid);
		const cpuSeconds = (ticks - this.lastTicks) / CLOCK_TICKS_PER_SECOND;
		const percent = Math.round((cpuSeconds / ((now - this.lastAt) / 1000)) * 1000) / 10;
		const {eagain} = this.probe.counters;
		this.probe.emitEssential({kind: 'cpu', tid: this.tid, percent, eagain: eagain - this.lastEagain});
		this.lastAt = now;
		this.lastTicks = ticks;
		this.lastEagain = eagain;
	}
}
