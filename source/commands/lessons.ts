// `echo-tui lessons` lists the lessons; `echo-tui lesson N` runs one in the monitor; narrated, or with --check as a table, it runs them headless and says which claims held here.
import {lessons} from '../lessons/index.js';
import {verdictText, type LessonResult} from '../lessons/lesson.js';
import {UsageError} from '../util/usage-error.js';
import {exitProcess, onEveryExit} from './exit-hooks.js';
import {narrate} from './lesson-narration.js';
import {PIPE_WIDTH, formatCheckTable, formatLessonList, formatTotals, lessonRow, resultRow} from './lesson-table.js';

/** What `echo-tui lesson` was asked for. */
export type LessonCommandOptions = {
	/** The word after `lesson`: a number, `all`, or nothing. */
	readonly which?: string;
	/** In the monitor: take each step after a pause instead of waiting for Enter. */
	readonly auto: boolean;
	/** Narrate on stdout even on a terminal, instead of opening the monitor. */
	readonly narrate: boolean;
	/** A table of verdicts instead of the narration. */
	readonly check: boolean;
	readonly json: boolean;
};

/**
 * Whether `lesson N` opens the monitor: one lesson, neither a table nor JSON nor --narrate asked
 * for, and a terminal on stdin and stdout (the narration is the form for pipes and logs).
 */
export function opensMonitor({which, narrate, check, json}: Omit<LessonCommandOptions, 'auto'>, isTerminal = Boolean(process.stdin.isTTY && process.stdout.isTTY)): boolean {
	return isTerminal && !narrate && !check && !json && which !== 'all';
}

/** The width to wrap to: the terminal's, or PIPE_WIDTH when stdout is not one. */
function outputWidth(): number {
	return process.stdout.isTTY ? Math.max(80, process.stdout.columns) : PIPE_WIDTH;
}

/** `echo-tui lessons`: every lesson with its number, title, models and claim. */
export function listLessons({json}: {readonly json: boolean}): void {
	process.stdout.write(json
		? `${JSON.stringify(lessons.map((lesson, index) => lessonRow(index + 1, lesson)), undefined, 2)}\n`
		: formatLessonList(lessons, outputWidth()));
}

/**
 * The lesson numbers asked for, from 1: `N`, `all`, or nothing (all with --check). Throws a
 * UsageError for anything else.
 */
export function chooseLessons(which: string | undefined, check: boolean, total = lessons.length): number[] {
	const all = Array.from({length: total}, (_, index) => index + 1);
	if (which === 'all' || (which === undefined && check)) {
		return all;
	}

	if (which === undefined) {
		throw new UsageError(`which lesson? echo-tui lesson N (1 to ${total}), or echo-tui lesson --check all; echo-tui lessons lists them`);
	}

	const number = Number(which);
	if (!/^\d+$/.test(which) || number < 1 || number > total) {
		throw new UsageError(`a lesson is a number from 1 to ${total}, or all, not "${which}"`);
	}

	return [number];
}

/**
 * `echo-tui lesson`: on a terminal, lesson N in the monitor (monitor.tsx); otherwise run the
 * lessons asked for, one after another, narrated (each step, what to watch, the evidence as
 * measured) or, with --check, as a table at the end. Exit 0 when every
 * lesson that could run here held, 1 otherwise. A signal stops the lesson running (everything it
 * started is stopped), prints what was measured so far, and ends by that signal.
 */
export async function lesson({which, auto, narrate: narrated, check, json}: LessonCommandOptions): Promise<void> {
	const headless = check ? '--check' : json ? '--json' : narrated ? '--narrate' : undefined;
	if (auto && headless) {
		throw new UsageError(`--auto paces a lesson in the monitor; ${headless} runs it without one: give one of them`);
	}

	const numbers = chooseLessons(which, check);
	if (opensMonitor({which, narrate: narrated, check, json})) {
		const {monitorLesson} = await import('./monitor.js');
		await monitorLesson(numbers[0]!, {auto});
		return;
	}

	const {raiseFileLimit} = await import('../sys/index.js');
	const {runLesson} = await import('../lessons/run-lesson.js');
	raiseFileLimit();
	const controller = new AbortController();
	const finished: Array<{number: number; result: LessonResult}> = [];
	const report = (): void => {
		const results = finished.map(({result}) => result);
		if (json) {
			process.stdout.write(`${JSON.stringify(finished.map(({number, result}) => resultRow(number, result)), undefined, 2)}\n`);
		} else if (check) {
			process.stdout.write(`${formatCheckTable(finished, outputWidth())}\n${formatTotals(results)}`);
		} else if (finished.length > 1) {
			process.stdout.write(formatTotals(results));
		}
	};

	const progressLine = process.stderr.isTTY && check && !json;
	const runAll = async (): Promise<void> => {
		for (const number of numbers) {
			const chosen = lessons[number - 1]!;
			const onProgress = check || json ? undefined : narrate(number, chosen, line => process.stdout.write(line));
			// One lesson at a time: they share the machine they measure.
			const result = await runLesson(chosen, {signal: controller.signal, ...(onProgress ? {onProgress} : {})});
			finished.push({number, result});
			if (controller.signal.aborted) {
				return;
			}

			if (progressLine) {
				process.stderr.write(`lesson ${number} of ${lessons.length}, ${result.title}: ${verdictText(result.verdict)}\n`);
			}
		}
	};

	const running = runAll();
	onEveryExit(async cause => {
		controller.abort();
		await running;
		report();
		if ('signal' in cause) {
			process.stderr.write(`echo-tui lesson: interrupted by ${cause.signal} after ${Math.max(0, finished.length - 1)} of ${numbers.length} lessons\n`);
		}
	}, {dieBySignal: true});
	await running;
	if (controller.signal.aborted) {
		return; // A signal: the exit hook reports and ends the process.
	}

	report();
	exitProcess(finished.some(({result}) => result.verdict === 'did-not-hold') ? 1 : 0);
}
