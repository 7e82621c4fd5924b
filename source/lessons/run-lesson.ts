// Runs one lesson's steps in a lab, reports progress as it goes, and returns the verdict; stops all it started on every way out.
import {ModelUnavailableError, type EngineApi, type EngineOptions} from '../engine/engine-api.js';
import {findModel, unavailableReason} from '../models/index.js';
import {Lab} from './lab.js';
import {combine, type Check, type Lesson, type LessonOptions, type LessonResult, type LessonStep, type StepResult} from './lesson.js';

/** What happens during a run, in order: for a narration or a lesson pane. */
export type LessonProgress =
	/** Step `index` (from 0) of `count` begins. */
	| {readonly kind: 'step'; readonly index: number; readonly count: number; readonly title: string; readonly watch: string}
	/** A check of the current step was measured. */
	| {readonly kind: 'check'; readonly index: number; readonly check: Check}
	/** A line of context from the current step. */
	| {readonly kind: 'note'; readonly index: number; readonly text: string}
	/** A model started: the engine to watch. */
	| {readonly kind: 'model'; readonly modelId: string; readonly engine: EngineApi}
	| {readonly kind: 'done'; readonly result: LessonResult};

/** How to run a lesson. */
export type RunLessonOptions<O extends LessonOptions> = {
	/** Options to change (the model, a switch): a test makes a claim false this way. */
	readonly options?: Partial<O>;
	readonly onProgress?: (progress: LessonProgress) => void;
	/** Stops the run; the result then says so and everything started is stopped. */
	readonly signal?: AbortSignal;
	/**
	 * Makes each engine the lesson runs a model on: a monitor hands over engines it shows (and
	 * may stop its own model first). @default an Engine in this thread
	 */
	readonly createEngine?: (options: EngineOptions) => EngineApi | Promise<EngineApi>;
	/**
	 * Awaited after a step is announced and before it runs: a monitor waits for a key here. An
	 * abort ends the wait. @default no wait
	 */
	readonly beforeStep?: (index: number) => Promise<void>;
	/**
	 * Awaited once the lesson has ended (after `done`) and before the lab closes: a monitor keeps
	 * the last step's model and clients live on screen until the user leaves. An abort ends the
	 * wait; it is skipped when the run was aborted. @default no wait
	 */
	readonly holdOpen?: (result: LessonResult) => Promise<void>;
};

/** What runSteps needs of the run's options. */
type StepOptions = Pick<RunLessonOptions<LessonOptions>, 'signal' | 'createEngine' | 'beforeStep'> & {readonly onProgress: (progress: LessonProgress) => void};

/** How the steps ended early, if they did. */
type Ending = {readonly unavailable: boolean; readonly reason: string} | undefined;

/** Why a lesson cannot run here, from the catalog: a model missing from it or unavailable. */
export function lessonUnavailable(models: readonly string[]): string | undefined {
	for (const id of models) {
		if (!findModel(id)) {
			return `the ${id} model is not in this build's catalog`;
		}

		const reason = unavailableReason(id);
		if (reason) {
			return `the ${id} model is unavailable here: ${reason}`;
		}
	}

	return undefined;
}

/** Run `lesson` to its end (or until aborted) and return what held, with the evidence. */
export async function runLesson<O extends LessonOptions>(lesson: Lesson<O>, {options = {}, onProgress = () => undefined, holdOpen, ...rest}: RunLessonOptions<O> = {}): Promise<LessonResult> {
	const started = performance.now();
	const merged: O = {...lesson.defaults, ...options};
	const steps = lesson.steps(merged);
	const model = typeof merged['model'] === 'string' ? merged['model'] : lesson.models[0] ?? '';
	const models = [model, ...lesson.models.slice(1).filter(id => id !== model)];
	const results: StepResult[] = [];
	// Why the run ended early: the lesson cannot run here (unavailable), or a step could not finish (failed).
	let ending: Ending;
	let lab: Lab | undefined;
	try {
		const missing = lessonUnavailable(models);
		if (missing) {
			ending = {unavailable: true, reason: missing};
		} else {
			({ending, lab} = await runSteps(steps, results, {onProgress, ...rest}));
		}

		const ran = combine(results.map(step => step.verdict));
		const verdict = ending === undefined ? ran : (ran === 'did-not-hold' || !ending.unavailable ? 'did-not-hold' : 'unavailable');
		const result: LessonResult = {
			id: lesson.id, title: lesson.title, claim: lesson.claim, model, models, verdict,
			...(ending ? {reason: ending.reason} : {}),
			steps: [...results, ...steps.slice(results.length).map(step => ({title: step.title, watch: step.watch, verdict: 'unavailable' as const, checks: [], notes: []}))],
			seconds: Math.round((performance.now() - started) / 100) / 10,
		};
		onProgress({kind: 'done', result});
		const {signal} = rest;
		if (holdOpen && lab && !signal?.aborted) {
			await (signal ? untilAborted(holdOpen(result), signal) : holdOpen(result)).catch(() => undefined);
		}

		return result;
	} finally {
		await lab?.close();
	}
}

/** An engine in this thread, loaded when first needed: the monitor runs its lessons on its engine host's. */
async function localEngine(options: EngineOptions): Promise<EngineApi> {
	const {Engine} = await import('../engine/engine.js');
	return new Engine(options);
}

/**
 * Run the steps in a lab of their own: how they ended early, if they did, and the lab, for the
 * caller to close on every way out (it stays open while a monitor shows the end).
 */
async function runSteps(
	steps: readonly LessonStep[],
	results: StepResult[],
	{onProgress, signal, createEngine, beforeStep}: StepOptions,
): Promise<{ending: Ending; lab: Lab}> {
	const controller = new AbortController();
	const abort = (): void => controller.abort(signal?.reason);
	signal?.addEventListener('abort', abort, {once: true});
	let checks: Check[] = [];
	let notes: string[] = [];
	let index = 0;
	const lab = new Lab({
		onCheck(check) {
			checks.push(check);
			onProgress({kind: 'check', index, check});
		},
		onNote(text) {
			notes.push(text);
			onProgress({kind: 'note', index, text});
		},
		onModel: (modelId, engine) => onProgress({kind: 'model', modelId, engine}),
	}, controller.signal, createEngine ?? localEngine);
	const record = (step: LessonStep, verdict = combine(checks.map(check => check.verdict))): void => {
		results.push({title: step.title, watch: step.watch, verdict, checks, notes});
	};

	// The catch turns every throw of a step into how the lesson ended: nothing escapes with the lab open.
	try {
		for (const step of steps) {
			if (signal?.aborted) {
				return {ending: {unavailable: true, reason: `stopped before step ${index + 1}`}, lab};
			}

			checks = [];
			notes = [];
			onProgress({kind: 'step', index, count: steps.length, title: step.title, watch: step.watch});
			if (beforeStep) {
				await untilAborted(beforeStep(index), controller.signal);
			}

			await step.run(lab);
			record(step);
			index++;
		}

		return {ending: undefined, lab};
	} catch (error) {
		const step = steps[index]!;
		if (signal?.aborted) {
			record(step, 'unavailable');
			return {ending: {unavailable: true, reason: `stopped during step ${index + 1}`}, lab};
		}

		// A model this machine cannot run is not a claim that failed.
		const unavailable = error instanceof ModelUnavailableError;
		record(step, unavailable ? combine([...checks.map(check => check.verdict), 'unavailable']) : 'did-not-hold');
		return {ending: {unavailable, reason: `step ${index + 1}: ${(error as Error).message}`}, lab};
	} finally {
		signal?.removeEventListener('abort', abort);
	}
}

/** `promise`, or a rejection as soon as `signal` aborts. */
async function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
	signal.throwIfAborted();
	let onAbort = (): void => undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(signal.reason as Error);
		signal.addEventListener('abort', onAbort, {once: true});
	});
	try {
		await Promise.race([promise, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
