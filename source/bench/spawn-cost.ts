// What fork() and pthread_create() cost in C on this machine (spawn-cost.c, built and run once), beside what a process and a thread per client cost in Node.
import {execFile} from 'node:child_process';
import {formatBytes} from '../format/bytes.js';
import {formatMicros} from '../format/duration.js';
import {buildCProgram, isUnavailable, type Unavailable} from './c-reference.js';

/** spawn-cost.c's line: medians of a couple of hundred runs, memory from /proc/self/smaps_rollup. */
export type NativeSpawnCost = {
	/** fork(), the child's _exit(0), the parent's waitpid(), in ms. */
	readonly forkMs: number;
	/** The forked child's private memory (Private_Clean + Private_Dirty), KiB: what a child adds. */
	readonly forkPrivateKb: number;
	/** The forked child's resident memory, KiB: mostly pages it shares with its parent. */
	readonly forkRssKb: number;
	/** pthread_create() of a thread that returns at once, and pthread_join(), in ms. */
	readonly threadMs: number;
	/** The stack a thread reserves, KiB: address space, not memory. */
	readonly threadStackKb: number;
	/** The private memory a live, blocked thread adds, KiB: the stack pages (and TLS) it touched. */
	readonly threadTouchedKb: number;
	/** How many forks and threads each median is of. */
	readonly runs: number;
};

const RUN_TIMEOUT_MS = 10_000;
const FIELDS = ['forkMs', 'forkPrivateKb', 'forkRssKb', 'threadMs', 'threadStackKb', 'threadTouchedKb', 'runs'] as const;

/** The figures in `line`, or undefined unless every one is a number. */
export function parseSpawnCost(line: string): NativeSpawnCost | undefined {
	try {
		const parsed = JSON.parse(line) as Record<string, unknown>;
		return FIELDS.every(field => typeof parsed[field] === 'number' && Number.isFinite(parsed[field])) ? parsed as NativeSpawnCost : undefined;
	} catch {
		return undefined;
	}
}

/** Builds spawn-cost.c (cached, as the C reference is) and runs it; takes a moment on first use, when it compiles. */
export async function measureNativeSpawnCost({signal}: {readonly signal?: AbortSignal} = {}): Promise<NativeSpawnCost | Unavailable> {
	const binary = await buildCProgram('spawn-cost', {signal});
	if (isUnavailable(binary)) {
		return binary;
	}

	return new Promise(resolve => {
		execFile(binary, [], {timeout: RUN_TIMEOUT_MS, signal, encoding: 'utf8'}, (error, stdout) => {
			const cost = error ? undefined : parseSpawnCost(stdout.trim());
			resolve(cost ?? {unavailable: `spawn-cost failed: ${error ? error.message.split('\n')[0]! : `unreadable output ${JSON.stringify(stdout.slice(0, 80))}`}`});
		});
	});
}

let measured: Promise<NativeSpawnCost | Unavailable> | undefined;

/** `measureNativeSpawnCost`, once per process: the monitor and the lessons ask again and again. */
export async function nativeSpawnCost(): Promise<NativeSpawnCost | Unavailable> {
	measured ??= measureNativeSpawnCost().catch((error: unknown) => ({unavailable: String(error)}));
	return measured;
}

/** `unavailable (no cc)` when there is no compiler, or `unavailable` for any other reason (bench's notes give it whole). */
function unavailableShort(unavailable: Unavailable): string {
	return unavailable.unavailable.startsWith('no C compiler') ? 'unavailable (no cc)' : 'unavailable';
}

/** `fork() in C: 150 us, 44.0 KiB private`, or `fork() in C: unavailable (no cc)`. */
export function describeNativeFork(cost: NativeSpawnCost | Unavailable): string {
	return `fork() in C: ${isUnavailable(cost) ? unavailableShort(cost) : `${formatMicros(cost.forkMs * 1000)}, ${formatBytes(cost.forkPrivateKb * 1024)} private`}`;
}

/** `pthread_create() in C: 20 us, 16.0 KiB touched of 8.0 MiB reserved`, or unavailable. */
export function describeNativeThread(cost: NativeSpawnCost | Unavailable): string {
	return `pthread_create() in C: ${isUnavailable(cost) ? unavailableShort(cost) : `${formatMicros(cost.threadMs * 1000)}, ${formatBytes(cost.threadTouchedKb * 1024)} touched of ${formatBytes(cost.threadStackKb * 1024)} stack reserved`}`;
}

/** `nativeSpawnCost`, or undefined if it is not known within `ms` (a first compile on a busy machine): for evidence that must not wait long. */
export async function nativeSpawnCostWithin(ms: number): Promise<NativeSpawnCost | Unavailable | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<undefined>(resolve => {
		timer = setTimeout(() => {
			resolve(undefined);
		}, ms);
	});
	try {
		return await Promise.race([nativeSpawnCost(), late]);
	} finally {
		clearTimeout(timer);
	}
}
