// What a lesson is: a claim of the textbook, the steps that reproduce it, and the checks that say whether it held here.
import type {Lab} from './lab.js';

/** A check's outcome, and a lesson's. */
export type Verdict = 'held' | 'did-not-hold' | 'unavailable';

/** One thing a step checked, with what was measured. */
export type Check = {
	/** What should be seen, in a few words (`nine clients wait in the accept queue`). */
	readonly expect: string;
	readonly verdict: Verdict;
	/** What was measured, as a person reads it (`accept queue 9 of 128`); for `unavailable`, why. */
	readonly evidence: string;
	/** The numbers behind the evidence, by name (`{depth: 9, limit: 128}`). */
	readonly measured: Readonly<Record<string, number>>;
};

/** One step of a lesson: what it does, what to watch while it runs, and the code that does and checks it. */
export type LessonStep = {
	/** What the step does (`Ten clients connect`). */
	readonly title: string;
	/** Where to look and what figure proves it (`queue depths: the accept queue climbs to 9 of 128`). */
	readonly watch: string;
	/**
	 * Drive the engine and the clients through `lab`, and record every check with `lab.check`.
	 * A throw (a timeout waiting for something the step needs) ends the lesson: it did not hold.
	 */
	run(lab: Lab): Promise<void>;
};

/** Values a lesson lets a caller change, such as the model it runs (tests make a claim false this way). */
export type LessonOptions = Readonly<Record<string, string | number | boolean | readonly number[]>>;

/**
 * A lesson: data (title, claim, models) and its steps. `steps` builds the steps for a set of
 * options; building them does nothing else, so a list or a pane can show them before they run.
 */
export type Lesson<O extends LessonOptions = LessonOptions> = {
	/** Stable id (`one-at-a-time`). Lessons are numbered by their place in the list (index.ts). */
	readonly id: string;
	readonly title: string;
	/** The textbook's claim, one sentence. */
	readonly claim: string;
	/** The models it runs, the main one first; a model missing or unavailable here makes the lesson unavailable. */
	readonly models: readonly string[];
	/** The options it runs with unless told otherwise. */
	readonly defaults: O;
	/** Its steps for these options. Method syntax: a list holds lessons of different options. */
	steps(options: O): readonly LessonStep[];
};

/** How a step ended. */
export type StepResult = {
	readonly title: string;
	readonly watch: string;
	/** `unavailable` also when the step never ran (an earlier one failed): see `checks`. */
	readonly verdict: Verdict;
	readonly checks: readonly Check[];
	/** What the step measured or says beside its checks (`a child here is a new Node process`). */
	readonly notes: readonly string[];
};

/** How a lesson ended, with every check's evidence. */
export type LessonResult = {
	readonly id: string;
	readonly title: string;
	readonly claim: string;
	/** The main model it ran (the `model` option when it has one). */
	readonly model: string;
	/** Every model it ran, the main one first. */
	readonly models: readonly string[];
	readonly verdict: Verdict;
	/** Why it is unavailable, or what made it fail when a step could not finish. */
	readonly reason?: string;
	readonly steps: readonly StepResult[];
	/** Wall time of the run, in seconds. */
	readonly seconds: number;
};

/** The verdict of several checks or steps: any failure wins, then any unavailable; none at all is unavailable. */
export function combine(verdicts: readonly Verdict[]): Verdict {
	if (verdicts.includes('did-not-hold')) {
		return 'did-not-hold';
	}

	return verdicts.length === 0 || verdicts.includes('unavailable') ? 'unavailable' : 'held';
}

/** A verdict as a person reads it. */
export function verdictText(verdict: Verdict): string {
	return verdict === 'did-not-hold' ? 'did not hold' : verdict;
}

/** A verdict as one mark: `✓` held, `✗` did not hold, `-` unavailable. */
export function verdictMark(verdict: Verdict): string {
	return verdict === 'held' ? '✓' : verdict === 'did-not-hold' ? '✗' : '-';
}

/** Declare a lesson, its options' type inferred from its defaults. */
export function defineLesson<O extends LessonOptions>(lesson: Lesson<O>): Lesson<O> {
	return lesson;
}
