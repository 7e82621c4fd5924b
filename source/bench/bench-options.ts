// The benchmark's flags, checked: every mistake is one line and exit status 2.
import {modelIds} from '../models/index.js';
import type {LoadMode} from '../load/index.js';
import {UsageError} from '../util/usage-error.js';
import {C_REFERENCE, C_THREADS, PEER_PREFIX} from './bench-row.js';
import {PYTHON} from './python-peers.js';

/** A server named with `--peer`. */
export type PeerCommand = {
	/** Its row name: `peer:` and the command's first word (`peer:python3`), `#2` on for a second of that name. */
	readonly name: string;
	/** A shell command line with `{port}` where the port goes. */
	readonly command: string;
};

/** What `echo-tui bench` was asked to measure. */
export type BenchOptions = {
	/** Model ids, in registry order; the C reference is measured after them whatever this says. */
	readonly models: readonly string[];
	/** Measure the C thread-per-client server (reference-threads.c): with `threads`, or named alone as `c-threads`. */
	readonly cThreads: boolean;
	readonly clients: readonly number[];
	readonly sizes: readonly number[];
	readonly seconds: number;
	/**
	 * Seconds of traffic, at least, before the measured window opens (`--warmup`): a server's
	 * hot code is compiled by then. 100 client threads, each an isolate compiling its own copy of
	 * the loop at a few hundred messages a second, take far longer than one loop thread does.
	 */
	readonly warmupSeconds: number;
	/** Times each case is measured, every server in turn per round (`--rounds`); rows give the medians. */
	readonly rounds: number;
	readonly mode: LoadMode;
	/** Open loop (`mode` is `open`): messages per second per client. */
	readonly rate?: number;
	/** Measure each model's CPython peer beside it (`--peers python`). */
	readonly python: boolean;
	/** Servers named with `--peer`, measured after the C reference. */
	readonly peers: readonly PeerCommand[];
	readonly json: boolean;
};

/**
 * The least warm-up before the measured window opens, when `--warmup` is not given (the window
 * also waits for every client's first echo). V8 compiles a Node server's hot code on threads of
 * its own in its first second or so: io-uring's compiler threads used 0.57 µs/msg over the first
 * 3 s of load and 0.06 from the fourth on. A C or CPython server compiles nothing; measured that
 * early, Node's would pay its start-up in a figure meant to be the steady state. Not so for
 * `threads` at 100 clients: each client thread is an isolate that compiles its own copy of the
 * loop, and at a few hundred messages a second each they were still warming up after 14 s
 * (their user CPU fell from 124% to 27% of a core, while C's threads use none): `--warmup 20`
 * measures them warm.
 */
export const DEFAULT_WARMUP_SECONDS = 1.5;
/** Longest `--seconds` and `--warmup`. */
const MAX_SECONDS = 600;
/** Most `--rounds`: past that a case takes longer than anyone waits for a table. */
const MAX_ROUNDS = 20;
/** Highest `--rate`: a million messages a second per client is past any loopback. */
const MAX_RATE = 1_000_000;

function list(value: string, flag: string): string[] {
	const items = value.split(',').map(item => item.trim());
	if (items.every(item => item === '')) {
		throw new UsageError(`--${flag} needs at least one value`);
	}

	// "1,,2" is a typo, not a list of two: say so rather than guess.
	if (items.includes('')) {
		throw new UsageError(`--${flag} has an empty item in "${value}"`);
	}

	return items;
}

function positiveIntegers(value: string, flag: string, max: number): number[] {
	return list(value, flag).map(item => {
		const number = Number(item);
		if (!/^\d+$/.test(item) || number < 1 || number > max) {
			throw new UsageError(`--${flag} takes whole numbers from 1 to ${max}, not "${item}"`);
		}

		return number;
	});
}

/**
 * `--peer`'s commands. Commas separate them, and a command's own commas come before its
 * `{port}`: each ends at the first comma after it (`a {port},b {port}`).
 */
function peerCommands(value: string): PeerCommand[] {
	const commands: string[] = [];
	let current = '';
	for (const piece of value.split(',')) {
		current = current ? `${current},${piece}` : piece;
		if (current.includes('{port}')) {
			commands.push(current.trim());
			current = '';
		}
	}

	if (current.trim() || commands.length === 0) {
		throw new UsageError(`--peer needs {port} in each command, where bench puts the port it picked: "${(current || value).trim()}"`);
	}

	const seen = new Map<string, number>();
	return commands.map(command => {
		const word = command.split(/\s+/)[0]!.split('/').at(-1)!;
		const count = (seen.get(word) ?? 0) + 1;
		seen.set(word, count);
		return {name: `${PEER_PREFIX}${word}${count > 1 ? `#${count}` : ''}`, command};
	});
}

function parseRounds(value: string | undefined): number {
	if (value === undefined) {
		return 1;
	}

	const rounds = Number(value);
	if (!/^\d+$/.test(value) || rounds < 1 || rounds > MAX_ROUNDS) {
		throw new UsageError(`--rounds takes a whole number from 1 to ${MAX_ROUNDS}, not "${value}"`);
	}

	return rounds;
}

function parseRate(value: string | undefined, mode: string): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const rate = Number(value);
	if (!/^\d+(\.\d+)?$/.test(value) || rate <= 0 || rate > MAX_RATE) {
		throw new UsageError(`--rate must be a number of messages a second above 0 and at most ${MAX_RATE}, not "${value}"`);
	}

	if (mode !== 'pingpong') {
		throw new UsageError(`--rate sends on a schedule (open loop) and --mode ${mode} waits for echoes: give one of them`);
	}

	return rate;
}

/**
 * Flags as the command line parsed them (strings), validated. `--models` may name `c-reference`: the C
 * reference runs anyway, so `--models c-reference` measures it alone. `c-threads` comes with `threads`
 * (the floor of its model, in C), and may be named without it.
 */
export function parseBenchOptions(flags: {
	models?: string; clients?: string; size?: string; seconds?: string; warmup?: string; rounds?: string; mode?: string; rate?: string; peers?: string; peer?: string; json: boolean;
}): BenchOptions {
	const models = flags.models === undefined || flags.models === 'all' ? [...modelIds] : list(flags.models, 'models');
	for (const model of models) {
		if (!modelIds.includes(model) && model !== C_REFERENCE && model !== C_THREADS) {
			throw new UsageError(`unknown model "${model}" in --models; valid: all, ${modelIds.join(', ')}, ${C_REFERENCE}, ${C_THREADS}`);
		}
	}

	const seconds = Number(flags.seconds ?? 3);
	if (flags.seconds !== undefined && (!/^\d+(\.\d+)?$/.test(flags.seconds) || seconds <= 0 || seconds > MAX_SECONDS)) {
		throw new UsageError(`--seconds must be a number of seconds above 0 and at most ${MAX_SECONDS}, not "${flags.seconds}"`);
	}

	const warmupSeconds = Number(flags.warmup ?? DEFAULT_WARMUP_SECONDS);
	if (flags.warmup !== undefined && (!/^\d+(\.\d+)?$/.test(flags.warmup) || warmupSeconds > MAX_SECONDS)) {
		throw new UsageError(`--warmup must be a number of seconds from 0 to ${MAX_SECONDS}, not "${flags.warmup}"`);
	}

	const mode = flags.mode ?? 'pingpong';
	if (mode !== 'pingpong' && mode !== 'pipelined') {
		throw new UsageError(`--mode must be pingpong or pipelined, not "${mode}"`);
	}

	for (const kind of flags.peers === undefined ? [] : list(flags.peers, 'peers')) {
		if (kind !== PYTHON) {
			throw new UsageError(`unknown peers "${kind}" in --peers; valid: ${PYTHON}`);
		}
	}

	const rate = parseRate(flags.rate, mode);
	return {
		models: modelIds.filter(id => models.includes(id)),
		cThreads: models.includes('threads') || models.includes(C_THREADS),
		clients: positiveIntegers(flags.clients ?? '1,10,100', 'clients', 100_000),
		sizes: positiveIntegers(flags.size ?? '64,1024', 'size', 16 * 1024 * 1024),
		seconds,
		warmupSeconds,
		rounds: parseRounds(flags.rounds),
		...(rate === undefined ? {mode} : {mode: 'open', rate}),
		python: flags.peers !== undefined,
		peers: flags.peer === undefined ? [] : peerCommands(flags.peer),
		json: flags.json,
	};
}
