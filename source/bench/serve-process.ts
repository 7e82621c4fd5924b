// One model served by `echo-tui serve --json` in a process of its own, with its refusals counted from its events.
import {spawn} from 'node:child_process';
import {stopChild, stopOnAbort} from './stop-child.js';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {setTimeout as sleep} from 'node:timers/promises';
import type {Counters} from '../models/probe/events.js';

/** The built CLI: the server under test always runs compiled, as users run it (tests build first). */
const CLI = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../dist/cli.js' : '../cli.js', import.meta.url));
const START_TIMEOUT_MS = 15_000;
/** SOMAXCONN, as the C reference listens with: thousands of clients connecting at once must not have their SYNs dropped. */
const BACKLOG = 4096;
const STOP_GRACE_MS = 3000;
/** How long after its exit the totals line may still be on its way through the pipe. */
const TOTALS_WAIT_MS = 1000;

/** A model server running in its own process. */
export type ServeProcess = {
	readonly pid: number;
	readonly port: number;
	/** Clients refused so far (select past FD_SETSIZE), with the reason given. */
	refused(): {count: number; reason?: string};
	/** SIGTERM (the server stops every thread and child), SIGKILL after a grace period. */
	stop(): Promise<void>;
	/** The model's exact counters from the totals line it printed at exit; undefined before `stop`, or if it never said. */
	counters(): Readonly<Counters> | undefined;
	/** fork and threads: ms from spawn to ready of each child process or client thread started so far. */
	taskStarts(): readonly number[];
};


/**
 * Start `echo-tui serve --model <id> --port 0 --json` and resolve once it listens. When `signal`
 * aborts, the server is stopped (within `ABORT_GRACE_MS`), and a start still waiting rejects.
 */
export async function startServe(modelId: string, {signal}: {readonly signal?: AbortSignal} = {}): Promise<ServeProcess> {
	signal?.throwIfAborted();
	const child = spawn(process.execPath, [CLI, 'serve', '--model', modelId, '--port', '0', '--backlog', String(BACKLOG), '--json'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	stopOnAbort(child, signal);
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (text: string) => {
		stderr += text;
	});
	let refused = 0;
	let reason: string | undefined;
	let totals: Counters | undefined;
	const starts: number[] = [];
	const lines = createInterface({input: child.stdout});
	const outputEnded = new Promise(resolve => {
		lines.once('close', resolve);
	});
	const listening = new Promise<number>((resolve, reject) => {
		lines.on('line', line => {
			const event = JSON.parse(line) as {kind: string; port?: number; reason?: string; suppressed?: {refused?: number}; spawnMs?: number; startMs?: number};
			if (event.kind === 'totals') {
				totals = event as unknown as Counters;
			} else if (event.kind === 'listening') {
				resolve(event.port!);
			} else if (event.kind === 'refused') {
				refused++;
				reason ??= event.reason;
			} else if (event.kind === 'summary') {
				refused += event.suppressed?.refused ?? 0;
			} else if (event.kind === 'child-spawned' || event.kind === 'thread-started') {
				starts.push(event.spawnMs ?? event.startMs ?? 0);
			}
		});
		child.once('error', reject);
		child.once('exit', code => reject(signal?.aborted ? signal.reason : new Error(`serve --model ${modelId} exited (${code ?? 'signal'}): ${stderr.trim()}`)));
		setTimeout(() => reject(new Error(`serve --model ${modelId} did not start in time`)), START_TIMEOUT_MS).unref();
	});

	try {
		const port = await listening;
		return {
			pid: child.pid!,
			port,
			refused: () => ({count: refused, ...(reason ? {reason} : {})}),
			taskStarts: () => starts,
			async stop() {
				await stopChild(child, STOP_GRACE_MS);
				await Promise.race([outputEnded, sleep(TOTALS_WAIT_MS, undefined, {ref: false})]);
			},
			counters: () => totals,
		};
	} catch (error) {
		await stopChild(child, STOP_GRACE_MS);
		throw error;
	}
}
