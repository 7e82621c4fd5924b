// The benchmark's flags, checked: every mistake is one line and exit status 2.
import {modelIds} from '../models/index.js';
import type {LoadMode} from '../load/index.js';
import {UsageError} from '../util/usage-error.js';
import {C_REFERENCE} from './bench-row.js';

/** What `echo-tui bench` was asked to measure. */
export type BenchOptions = {
	/** Model ids, in registry order; the C reference is measured after them whatever this says. */
	readonly models: readonly string[];
	readonly clients: readonly number[];
	readonly sizes: readonly number[];
	readonly seconds: number;
	readonly mode: LoadMode;
	readonly json: boolean;
};

function list(value: string, flag: string): string[] {
	const items = value.split(',').map(item => item.trim()).filter(Boolean);
	if (items.length === 0) {
		throw new UsageError(`--${flag} needs at least one value`);
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
 * Flags as the command line parsed them (strings), validated. `--models` may name `c-reference`: the C
 * reference runs anyway, so `--models c-reference` measures it alone.
 */
export function parseBenchOptions(flags: {models?: string; clients?: string; size?: string; seconds?: string; mode?: string; json: boolean}): BenchOptions {
	const models = flags.models === undefined || flags.models === 'all' ? [...modelIds] : list(flags.models, 'models');
	for (const model of models) {
		if (!modelIds.includes(model) && model !== C_REFERENCE) {
			throw new UsageError(`unknown model "${model}" in --models; valid: all, ${modelIds.join(', ')}, ${C_REFERENCE}`);
		}
	}

	const seconds = Number(flags.seconds ?? 3);
	if (flags.seconds !== undefined && (!/^\d+(\.\d+)?$/.test(flags.seconds) || seconds <= 0 || seconds > 600)) {
		throw new UsageError(`--seconds must be a number of seconds above 0 and at most 600, not "${flags.seconds}"`);
	}

	const mode = flags.mode ?? 'pingpong';
	if (mode !== 'pingpong' && mode !== 'pipelined') {
		throw new UsageError(`--mode must be pingpong or pipelined, not "${mode}"`);
	}

	return {
		models: modelIds.filter(id => models.includes(id)),
		clients: positiveIntegers(flags.clients ?? '1,10,100', 'clients', 100_000),
		sizes: positiveIntegers(flags.size ?? '64,1024', 'size', 16 * 1024 * 1024),
		seconds,
		mode,
		json: flags.json,
	};
}
