// Helpers for the serve tests: a bounded ping-pong load that knows exactly what it sent, and the serve process's output.
import fs from 'node:fs';
import net from 'node:net';
import {CLI, startCommand, type CliProcess} from '../helpers/cli-process.js';
import {waitUntil, within} from '../helpers/time.js';
import type {Counters} from '../../source/models/probe/events.js';

/** What a finished load did, to compare with the server's totals. */
export type LoadResult = {
	readonly connections: number;
	/** Bytes sent, all of them echoed back. */
	readonly bytes: number;
	readonly messages: number;
};

/** A running ping-pong load. */
export type PingPong = {
	/** Messages echoed so far. */
	messages(): number;
	/** Stop sending, wait for the last echoes, close every connection. */
	stop(): Promise<LoadResult>;
};

/** Longest any load runs, whatever the test does: every load loop is bounded. */
const LOAD_LIMIT_MS = 30_000;

/** `clients` connections each sending `message`, the next one as soon as the echo is back, until stopped. */
export async function pingPong(port: number, clients: number, message = Buffer.from('ping, over the wire\n')): Promise<PingPong> {
	let stopping = false;
	let messages = 0;
	let bytes = 0;
	const deadline = performance.now() + LOAD_LIMIT_MS;
	const sockets = await Promise.all(Array.from({length: clients}, async () => new Promise<net.Socket>((resolve, reject) => {
		const socket = net.connect({port, host: '127.0.0.1'}, () => resolve(socket));
		socket.once('error', reject);
	})));
	const idle = sockets.map(async socket => new Promise<void>((resolve, reject) => {
		let pending = 0;
		const send = (): void => {
			if (stopping || performance.now() > deadline) {
				resolve();
				return;
			}

			pending += message.length;
			bytes += message.length;
			socket.write(message);
		};

		socket.on('data', chunk => {
			pending -= chunk.length;
			if (pending === 0) {
				messages++;
				send();
			}
		});
		socket.on('close', () => reject(new Error(`a connection closed with ${pending} bytes not echoed`)));
		send();
	}));
	// A connection lost early is reported by stop(); until then it must not count as unhandled.
	void Promise.allSettled(idle);
	return {
		messages: () => messages,
		async stop() {
			stopping = true;
			await within(10_000, 'the last echoes', Promise.all(idle));
			await Promise.all(sockets.map(async socket => new Promise(resolve => {
				socket.removeAllListeners('close');
				socket.once('close', resolve);
				socket.end();
			})));
			return {connections: clients, bytes, messages};
		},
	};
}

/** A serve process and its output. */
export type Served = CliProcess & {
	readonly port: number;
	/** stdout's complete lines so far. */
	lines(): string[];
};

/**
 * Start `echo-tui serve --port 0` with `args` and wait for it to listen; with `fileLimit`, under
 * that limit of open files (prlimit execs the command, so the child's pid is the server's).
 */
export async function startServe(args: readonly string[], {fileLimit}: {readonly fileLimit?: number} = {}): Promise<Served> {
	const command = [process.execPath, CLI, 'serve', '--port', '0', ...args];
	const served = fileLimit === undefined
		? startCommand(command[0]!, command.slice(1))
		: startCommand('prlimit', [`--nofile=${fileLimit}:${fileLimit}`, ...command]);
	try {
		const port = await waitUntil(10_000, 'the listening line', () => /"port":(\d+)|127\.0\.0\.1:(\d+)/.exec(served.stdout()) ?? undefined);
		return {...served, port: Number(port[1] ?? port[2]), lines: () => served.stdout().split('\n').slice(0, -1)};
	} catch (error) {
		served.child.kill('SIGKILL');
		throw error;
	}
}

/** Resident memory of a process, in MiB, from /proc/<pid>/status. */
export function rssMebibytes(pid: number): number {
	const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
	return Number(kb) / 1024;
}

/** serve's last NDJSON line: the model's counters, and what was summarised. */
export type TotalsLine = Counters & {
	kind: 'totals';
	model: string;
	summarised: {probe: number; output: number};
};

/** An NDJSON line of serve, loosely typed. */
export type JsonLine = {kind: string; reason?: string; suppressed?: Record<string, number>};

/** Per kind, the lines shown in detail and the events counted in summaries (the probe's and the slow reader's). */
export function countLines(lines: readonly JsonLine[]): {detail: Record<string, number>; counted: Record<string, number>} {
	const detail: Record<string, number> = {};
	const counted: Record<string, number> = {};
	for (const line of lines) {
		if (line.kind === 'summary') {
			for (const [kind, count] of Object.entries(line.suppressed ?? {})) {
				counted[kind] = (counted[kind] ?? 0) + count;
			}
		} else {
			detail[line.kind] = (detail[line.kind] ?? 0) + 1;
		}
	}

	return {detail, counted};
}
