// What a soak run covers: which models, which faults, how long; the command line's flags and their checks.
import {parseArgs} from 'node:util';
import {modelIds} from '../models/index.js';
import {UsageError} from '../util/usage-error.js';

/** Faults on one long-lived server per model, one after another. */
export const TRAFFIC_FAULTS = ['churn-2', 'churn-20', 'reset', 'half-close', 'slow-reader'] as const;
/** Faults that need a server of their own. */
export const OWN_SERVER_FAULTS = ['fd-limit', 'sigterm', 'sigint', 'sighup'] as const;
/** Every fault, in the order they run. */
export const FAULTS = [...TRAFFIC_FAULTS, ...OWN_SERVER_FAULTS] as const;
export type FaultName = typeof FAULTS[number];
export type TrafficFault = typeof TRAFFIC_FAULTS[number];

/** One soak run. */
export type SoakOptions = {
	/** The short form (its limits for the heavy models), so a rerun command can say so. */
	readonly short: boolean;
	/** Model ids, in registry order. */
	readonly models: readonly string[];
	readonly faults: readonly FaultName[];
	/** Seconds of churn per concurrency level (and of busy clients beside the slow reader). */
	readonly seconds: number;
	/** Rounds of clients under the open-files limit. */
	readonly limitRounds: number;
	/** The open-files limit and the clients per round that overrun it. */
	readonly limit: LimitSize;
	/** The same, for the models named. */
	readonly limitFor: Readonly<Record<string, LimitSize>>;
};

/** An open-files limit and how many clients at once meet it. */
export type LimitSize = {readonly files: number; readonly clients: number};

const LIMIT: LimitSize = {files: 128, clients: 150};

/** `npm run soak`: every model, every fault, a few minutes. */
export const FULL_SOAK: SoakOptions = {short: false, models: modelIds, faults: FAULTS, seconds: 5, limitRounds: 3, limit: LIMIT, limitFor: {}};

/**
 * The short form `npm test` runs: each model, a little churn and one round at the fd limit.
 * fork and threads start a process or a thread per client (0.1–0.3 s of CPU each, many times
 * that on a busy machine), so they get 40 clients, under a limit those still overrun: fork's
 * parent holds one fd per child; a threads server keeps 24 fds per starting thread and 16 more
 * free, so below about 70 fds it starts none at all.
 */
export const SHORT_SOAK: SoakOptions = {
	short: true, models: modelIds, faults: ['churn-2', 'churn-20', 'fd-limit'], seconds: 1, limitRounds: 1, limit: LIMIT,
	limitFor: {fork: {files: 64, clients: 50}, threads: {files: 96, clients: 40}},
};

/** The limit `model` meets in the fd-limit fault. */
export function limitFor(options: SoakOptions, model: string): LimitSize {
	return options.limitFor[model] ?? options.limit;
}

export const SOAK_HELP = `
  Usage
    $ npm run soak -- [options]

  Options
    --models   model ids, comma-separated  (default: all)
    --faults   ${FAULTS.join(', ')}  (default: all)
    --seconds  seconds of churn per concurrency level, 0.1 to 600  (default: ${FULL_SOAK.seconds})
    --rounds   rounds of ${LIMIT.clients} clients under a ${LIMIT.files}-fd limit, 1 to 100  (default: ${FULL_SOAK.limitRounds})
    --short    the short form of npm test: ${SHORT_SOAK.faults.join(', ')}, ${SHORT_SOAK.seconds} s, ${SHORT_SOAK.limitRounds} round
               (${Object.entries(SHORT_SOAK.limitFor).map(([model, {files, clients}]) => `${model}: ${clients} clients under ${files} fds`).join(', ')})

  Examples
    $ npm run soak -- --models threads,epoll-et --seconds 10
    $ npm run soak -- --faults fd-limit --rounds 10
`;

function listOf<T extends string>(value: string | undefined, valid: readonly T[], flag: string): T[] | undefined {
	if (value === undefined || value === 'all') {
		return undefined;
	}

	const items = value.split(',').map(item => item.trim()).filter(Boolean);
	const unknown = items.filter(item => !valid.includes(item as T));
	if (items.length === 0 || unknown.length > 0) {
		throw new UsageError(`--${flag}: unknown ${unknown.join(', ') || '(empty)'}; valid: ${valid.join(', ')}`);
	}

	// Registry and run order, whatever order they were named in.
	return valid.filter(item => items.includes(item));
}

function numberIn(value: string | undefined, flag: string, min: number, max: number, {whole = false} = {}): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const number = Number(value);
	if (!(whole ? /^\d+$/ : /^\d+(\.\d+)?$/).test(value.trim()) || number < min || number > max) {
		throw new UsageError(`--${flag} must be a ${whole ? 'whole number' : 'number'} from ${min} to ${max}, not "${value}"`);
	}

	return number;
}

/** The options of a command line; throws UsageError (one line for the user) on a bad one, or 'help'. */
export function parseSoakArgs(argv: readonly string[]): SoakOptions | 'help' {
	let values;
	try {
		({values} = parseArgs({
			args: [...argv],
			options: {
				models: {type: 'string'}, faults: {type: 'string'}, seconds: {type: 'string'}, rounds: {type: 'string'},
				short: {type: 'boolean'}, help: {type: 'boolean'},
			},
		}));
	} catch (error) {
		throw new UsageError((error as Error).message);
	}

	if (values.help) {
		return 'help';
	}

	const base = values.short ? SHORT_SOAK : FULL_SOAK;
	return {
		...base,
		models: listOf(values.models, modelIds, 'models') ?? base.models,
		faults: listOf(values.faults, FAULTS, 'faults') ?? base.faults,
		seconds: numberIn(values.seconds, 'seconds', 0.1, 600) ?? base.seconds,
		limitRounds: numberIn(values.rounds, 'rounds', 1, 100, {whole: true}) ?? base.limitRounds,
	};
}
