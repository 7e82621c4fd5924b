// The lesson pane's state: a reducer over the runner's progress and the gate before each step.
import {combine, type Check, type LessonResult, type Verdict} from '../../lessons/lesson.js';
import type {LessonProgress} from '../../lessons/run-lesson.js';

/** A step as far as it has run: what it does, what to watch, what it measured so far. */
export type LessonStepState = {
	readonly title: string;
	readonly watch: string;
	readonly checks: readonly Check[];
	readonly notes: readonly string[];
};

/**
 * Where the lesson stands: `ready` waits at the gate before step `current` (for Enter, or the
 * `--auto` pause), `running` runs it, `done` holds the end on screen until the user leaves,
 * `leaving` stops what the lesson started.
 */
export type LessonPhase = 'ready' | 'running' | 'done' | 'leaving';

/** The lesson pane's state. */
export type LessonState = {
	/** The lesson's number, from 1 (its place in the list). */
	readonly number: number;
	readonly title: string;
	/** The textbook's claim, one sentence. */
	readonly claim: string;
	/** Steps in the lesson. */
	readonly count: number;
	/** Steps are taken without waiting for Enter (after a pause to read the evidence). */
	readonly auto: boolean;
	readonly phase: LessonPhase;
	/** The step announced last, from 0; -1 before the first. */
	readonly current: number;
	/** Every step announced so far, in order. */
	readonly steps: readonly LessonStepState[];
	/** The model the lesson runs now (the monitor shows it). */
	readonly modelId?: string;
	/** Once done: the verdict, and why it ended early if it did. */
	readonly result?: Pick<LessonResult, 'verdict' | 'reason' | 'seconds'>;
};

/** Everything that changes the pane: the runner's progress (its engine left out), the gate, leaving. */
export type LessonAction =
	| Exclude<LessonProgress, {readonly kind: 'model'}>
	| {readonly kind: 'model'; readonly modelId: string}
	/** The gate before step `index` is waiting (for Enter or the auto pause). */
	| {readonly kind: 'gate-waiting'; readonly index: number}
	/** The gate opened: step `index` runs. */
	| {readonly kind: 'gate-open'; readonly index: number}
	| {readonly kind: 'leaving'};

/** A lesson about to start: nothing announced yet. */
export function initialLesson(lesson: {readonly number: number; readonly title: string; readonly claim: string; readonly count: number; readonly auto: boolean}): LessonState {
	return {...lesson, phase: 'ready', current: -1, steps: []};
}

/** Replace step `index` with what `change` makes of it; a step not announced is left alone. */
function updateStep(state: LessonState, index: number, change: (step: LessonStepState) => LessonStepState): LessonState {
	const step = state.steps[index];
	return step ? {...state, steps: state.steps.map((each, at) => (at === index ? change(each) : each))} : state;
}

/** The pane after an action: pure. */
export function reduceLesson(state: LessonState, action: LessonAction): LessonState {
	// Once leaving, nothing the run still reports changes what the pane says.
	if (state.phase === 'leaving') {
		return state;
	}

	switch (action.kind) {
		case 'step': {
			const steps = [...state.steps.slice(0, action.index), {title: action.title, watch: action.watch, checks: [], notes: []}];
			return {...state, count: action.count, current: action.index, steps, phase: 'running'};
		}

		case 'gate-waiting': {
			return action.index === state.current && state.phase === 'running' ? {...state, phase: 'ready'} : state;
		}

		case 'gate-open': {
			return action.index === state.current && state.phase === 'ready' ? {...state, phase: 'running'} : state;
		}

		case 'check': {
			return updateStep(state, action.index, step => ({...step, checks: [...step.checks, action.check]}));
		}

		case 'note': {
			return updateStep(state, action.index, step => ({...step, notes: [...step.notes, action.text]}));
		}

		case 'model': {
			return {...state, modelId: action.modelId};
		}

		case 'done': {
			const {verdict, reason, seconds} = action.result;
			return {...state, phase: 'done', result: {verdict, seconds, ...(reason === undefined ? {} : {reason})}};
		}

		case 'leaving': {
			return {...state, phase: 'leaving'};
		}
	}
}

/** A step's verdict from its checks so far; undefined while it has none. */
export function stepVerdict(step: LessonStepState): Verdict | undefined {
	return step.checks.length === 0 ? undefined : combine(step.checks.map(check => check.verdict));
}
