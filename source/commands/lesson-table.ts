// The lessons as text: the list, the table of `lesson --check`, and the JSON rows both print with --json.
import type {Lesson, LessonOptions, LessonResult, Verdict} from '../lessons/lesson.js';
import {verdictMark, verdictText} from '../lessons/lesson.js';

/** Width of the table when stdout is not a terminal (a pipe, CI). */
export const PIPE_WIDTH = 120;

/** `text` cut into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		for (let rest = word; rest.length > 0;) {
			const room = line === '' ? width : width - line.length - 1;
			if (rest.length <= room) {
				line = line === '' ? rest : `${line} ${rest}`;
				rest = '';
			} else if (line === '') {
				lines.push(rest.slice(0, width));
				rest = rest.slice(width);
			} else {
				lines.push(line);
				line = '';
			}
		}
	}

	return [...lines, ...(line === '' ? [] : [line])];
}

/** Columns side by side, each cell wrapped to its width, separated by two spaces. */
function row(cells: readonly string[][], widths: readonly number[]): string[] {
	const height = Math.max(...cells.map(cell => cell.length));
	return Array.from({length: height}, (_, line) => cells.map((cell, column) => (cell[line] ?? '').padEnd(widths[column]!)).join('  ').trimEnd());
}

/** One line per lesson and its claim beneath, for `echo-tui lessons`. */
export function formatLessonList(lessons: ReadonlyArray<Lesson<LessonOptions>>, width = PIPE_WIDTH): string {
	const lines = lessons.flatMap((lesson, index) => [
		`${String(index + 1).padStart(2)}  ${lesson.title} (${lesson.models.join(', ')})`,
		...wrap(lesson.claim, width - 4).map(line => `    ${line}`),
	]);
	return `${lines.join('\n')}\n\nRun one, narrated: echo-tui lesson N. Check every claim on this machine: echo-tui lesson --check all.\n`;
}

/** Every check's evidence of a result, marked; or why it did not run. */
function evidenceLines(result: LessonResult): string[] {
	const lines = result.steps.flatMap(step => step.checks.map(check => `${verdictMark(check.verdict)} ${check.evidence}`));
	return result.reason ? [...lines, `${verdictMark(result.verdict)} ${result.reason}`] : lines;
}

/** The table of `lesson --check`: lesson, claim, verdict, evidence, wrapped to `width`. */
export function formatCheckTable(rows: ReadonlyArray<{readonly number: number; readonly result: LessonResult}>, width = PIPE_WIDTH): string {
	const fixed = [2, 22, 12];
	// What is left goes to the claim (two fifths) and the evidence; two spaces between columns.
	const rest = Math.max(40, width - fixed.reduce((sum, column) => sum + column, 0) - 8);
	const widths = [fixed[0]!, fixed[1]!, Math.floor(rest * 0.4), fixed[2]!, rest - Math.floor(rest * 0.4)];
	const header = row([['#'], ['lesson'], ['claim'], ['result'], ['evidence']], widths);
	const body = rows.flatMap(({number, result}) => [
		...row([
			[String(number).padStart(2)],
			wrap(`${result.title} (${result.models.join(', ')})`, widths[1]!),
			wrap(result.claim, widths[2]!),
			wrap(verdictText(result.verdict), widths[3]!),
			evidenceLines(result).flatMap(line => wrap(line, widths[4]!).map((part, index) => (index === 0 ? part : `  ${part}`))),
		], widths),
		'',
	]);
	return `${[...header, ...body].join('\n')}`;
}

/** One line of totals under the table: `9 held, 0 did not hold, 2 unavailable in 41.2 s`. */
export function formatTotals(results: readonly LessonResult[]): string {
	const tally = (verdict: Verdict): number => results.filter(result => result.verdict === verdict).length;
	const seconds = results.reduce((sum, result) => sum + result.seconds, 0);
	return `${tally('held')} held, ${tally('did-not-hold')} did not hold, ${tally('unavailable')} unavailable, in ${seconds.toFixed(1)} s\n`;
}

/** A result as a JSON row: its number, the verdict in words, every check with its measured numbers. */
export function resultRow(number: number, result: LessonResult): Record<string, unknown> {
	return {
		number, id: result.id, title: result.title, claim: result.claim, model: result.model, models: result.models,
		result: verdictText(result.verdict),
		...(result.reason ? {reason: result.reason} : {}),
		seconds: result.seconds,
		evidence: evidenceLines(result),
		steps: result.steps.map(step => ({
			title: step.title, watch: step.watch, result: verdictText(step.verdict), notes: step.notes,
			checks: step.checks.map(check => ({expect: check.expect, result: verdictText(check.verdict), evidence: check.evidence, measured: check.measured})),
		})),
	};
}

/** A lesson as a JSON row of `echo-tui lessons --json`: what it claims and its steps, before it runs. */
export function lessonRow(number: number, lesson: Lesson<LessonOptions>): Record<string, unknown> {
	return {
		number, id: lesson.id, title: lesson.title, claim: lesson.claim, models: lesson.models,
		steps: lesson.steps(lesson.defaults).map(step => ({title: step.title, watch: step.watch})),
	};
}
