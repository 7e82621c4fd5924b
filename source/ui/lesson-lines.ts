// The lesson pane's text for a width and a number of rows: the claim, the step, what to watch, the evidence; what does not fit is cut, least needed first.
import {combine, verdictMark, verdictText, type Check, type Verdict} from '../lessons/lesson.js';
import type {LessonState, LessonStepState} from './store/lesson.js';
import {wrapText} from './wrap-text.js';

/** How a line is drawn. */
export type LessonLineStyle = 'claim' | 'step' | 'watch' | 'next' | 'note' | Verdict;

/** One line of the pane. */
export type LessonLine = {readonly text: string; readonly style: LessonLineStyle};

/**
 * A run of lines that fit or are cut together; `keep` is the fewest it can be cut to (0: it can
 * go). A list of checks, cut, ends with how many more there are and how they went.
 */
type Block = {readonly lines: readonly LessonLine[]; readonly keep: number; readonly priority: number; readonly isChecks?: boolean};

/** The pane's title and the note beside it (`step 2 of 3`, `held in 7.4 s`). */
export function lessonHeading(state: LessonState): {title: string; note: string} {
	const title = `lesson ${state.number}: ${state.title}`;
	if (state.phase === 'leaving') {
		return {title, note: 'leaving: stopping its clients and model'};
	}

	if (state.result) {
		return {title, note: `${verdictText(state.result.verdict)} in ${state.result.seconds.toFixed(1)} s`};
	}

	return {title, note: `step ${shownStep(state) + 1} of ${state.count}`};
}

/**
 * The step whose evidence is on screen: the one running, or at the gate before the next, the one
 * just done (the screen still shows its end).
 */
function shownStep(state: LessonState): number {
	return state.phase === 'ready' && state.current > 0 ? state.current - 1 : Math.max(0, state.current);
}

function lines(text: string, width: number, style: LessonLineStyle, indent = ''): LessonLine[] {
	return wrapText(text, width, {indent}).map(line => ({text: line, style}));
}

/** Continuation lines of a wrapped check start with this; a check's first line with its mark. */
const CHECK_INDENT = '  ';

/**
 * A check on one line where it fits: with what was expected (unless `brief`), else the evidence
 * alone; wrapped when even that is long.
 */
function checkLines(check: Check, width: number, brief = false): LessonLine[] {
	const mark = verdictMark(check.verdict);
	const full = `${mark} ${check.expect}: ${check.evidence}`;
	return lines(full.length <= width && !brief ? full : `${mark} ${check.evidence}`, width, check.verdict, CHECK_INDENT);
}

function stepBlocks(state: LessonState, step: LessonStepState, width: number): Block[] {
	const waiting = state.phase === 'ready' && state.current === shownStep(state);
	// At the gate after a step, the step shown is done and the next one waits.
	const next = state.phase === 'ready' && state.current > shownStep(state) ? state.steps[state.current] : undefined;
	const hint = waiting ? (state.auto ? '  (starts in a moment; enter: now)' : '  (enter runs it)') : next ? '  (done)' : step.checks.length === 0 ? '  ...' : '';
	return [
		{lines: lines(`> ${step.title}${hint}`, width, 'step', '  '), keep: 1, priority: 9},
		// What to watch matters most while the step runs; once it is done, the claim comes first.
		{lines: lines(`watch: ${step.watch}`, width, 'watch', '       '), keep: 1, priority: next ? 3 : 6},
		{lines: step.checks.flatMap(check => checkLines(check, width)), keep: 1, priority: 8, isChecks: true},
		{lines: step.notes.flatMap(note => lines(`note: ${note}`, width, 'note', '      ')), keep: 0, priority: 1},
		...(next ? [{lines: lines(`next > ${next.title}${state.auto ? '  (in a moment; enter: now)' : '  (enter runs it)'}`, width, 'next', '  '), keep: 1, priority: 7}] : []),
	];
}

/** The checks of every step for the end: those that did not hold, the last step's, then the rest in order. */
function endOrder(state: LessonState): Check[] {
	const last = state.steps.at(-1)?.checks ?? [];
	const ordered = [...last, ...state.steps.slice(0, -1).flatMap(step => step.checks)];
	return [...ordered.filter(check => check.verdict === 'did-not-hold'), ...ordered.filter(check => check.verdict !== 'did-not-hold')];
}

function doneBlocks(state: LessonState, width: number): Block[] {
	const result = state.result!;
	const verdict = `${verdictMark(result.verdict)} ${verdictText(result.verdict)}${result.reason ? `: ${result.reason}` : result.verdict === 'held' ? ': every check held' : ''}  (esc or L: back to the monitor)`;
	return [
		{lines: lines(verdict, width, result.verdict, '  '), keep: 1, priority: 9},
		// Every check, the evidence alone, cut before the claim is: what failed first, then the last
		// step's (what the panels show now), then the steps before it.
		{lines: endOrder(state).flatMap(check => checkLines(check, width, true)), keep: 1, priority: 6, isChecks: true},
	];
}

/** Cut `block` to `count` lines, the last ending in `...` when text was left out, or for checks saying how many more. */
function cut(block: Block, count: number, width: number): Block {
	if (block.lines.length <= count) {
		return block;
	}

	if (block.isChecks && count > 0) {
		const hidden = block.lines.slice(count - 1).filter(line => !line.text.startsWith(CHECK_INDENT));
		const verdict = combine(hidden.map(line => line.style as Verdict));
		const more = {text: `${CHECK_INDENT}+${hidden.length} more: ${verdictText(verdict)}`, style: verdict};
		return {...block, lines: [...block.lines.slice(0, count - 1), more]};
	}

	const kept = block.lines.slice(0, count);
	if (count > 0) {
		const last = kept[count - 1]!;
		kept[count - 1] = {...last, text: `${last.text.slice(0, Math.max(0, width - 3)).trimEnd()}...`};
	}

	return {...block, lines: kept};
}

/**
 * The pane's lines for `width` columns and `rows` rows: the claim, the step shown (its title, what
 * to watch, its checks, its notes) and the next one while it waits; at the end, the verdict and
 * every check. When they do not fit, the least needed blocks are cut first (notes, then the claim
 * and what to watch down to a line), then the evidence to what fits.
 */
export function lessonLines(state: LessonState, width: number, rows: number): LessonLine[] {
	const step = state.steps[shownStep(state)];
	let blocks: Block[] = [
		{lines: lines(state.claim, width, 'claim'), keep: 1, priority: 7},
		...(state.phase === 'done' && state.result ? doneBlocks(state, width) : step ? stepBlocks(state, step, width) : [{lines: lines('starting...', width, 'note'), keep: 1, priority: 9}]),
	].filter(block => block.lines.length > 0);
	const total = (): number => blocks.reduce((sum, block) => sum + block.lines.length, 0);
	for (const priority of [...new Set(blocks.map(block => block.priority))].sort((a, b) => a - b)) {
		for (let index = 0; index < blocks.length && total() > rows; index++) {
			const block = blocks[index]!;
			if (block.priority === priority) {
				blocks[index] = cut(block, Math.max(block.keep, block.lines.length - (total() - rows)), width);
			}
		}
	}

	blocks = blocks.filter(block => block.lines.length > 0);
	// Still too many (a very short pane): the bottom goes.
	return blocks.flatMap(block => block.lines).slice(0, Math.max(0, rows));
}
