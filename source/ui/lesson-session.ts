// A lesson run inside the monitor: on engines the monitor shows, each step held for Enter (or --auto's pause), the screen given back when left.
import {once} from 'node:events';
import type {EngineApi, EngineOptions} from '../engine/engine-api.js';
import {lessons} from '../lessons/index.js';
import {runLesson} from '../lessons/run-lesson.js';
import {initialLesson, reduceLesson, type LessonAction, type LessonState} from './store/lesson.js';

/** What the monitor lends a lesson: its screen and the machine, given back when the lesson is left. */
export type LessonHost = {
	/** Stop the monitor's own traffic (built-in clients, automatic traffic): the lesson's clients are the only ones. */
	handOver(): Promise<void>;
	/** An engine for the lesson's next model, shown on screen (the monitor's own model stops first). */
	engineFor(options: EngineOptions): Promise<EngineApi>;
	/** Everything the lesson started has stopped: run a model on the monitor's own engine again, the lesson's last one if it ran any. */
	takeBack(modelId: string | undefined): Promise<void>;
};

/** How long `--auto` leaves a step's evidence on screen before the next step starts. */
export const AUTO_PAUSE_MS = 2500;
/** With `--auto`, how long the first step's title and what to watch stay up before it runs. */
export const AUTO_FIRST_MS = 1500;

/** One run: how to stop it, the Enter that opens the gate, and when it has ended. */
type Run = {
	readonly abort: AbortController;
	finished?: Promise<void>;
	leaving?: Promise<void>;
	/** Opens the gate the runner waits at; set only while it waits. */
	release?: () => void;
	lastModel?: string;
};

/** The lesson on screen, at most one at a time; a small external store for React (subscribe / getState). */
export class LessonSession {
	private state?: LessonState;
	private run?: Run;
	private readonly listeners = new Set<() => void>();

	constructor(private readonly host: LessonHost) {}

	/** The pane's state; undefined when no lesson is on. */
	readonly getState = (): LessonState | undefined => this.state;

	/** Call `listener` on every change; returns how to stop. */
	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	};

	/** Whether a lesson is on screen (running, held at its end, or being left). */
	get isActive(): boolean {
		return this.run !== undefined;
	}

	/** Start lesson `number` (from 1). Ignored while a lesson is on, or for a number with no lesson. */
	start(number: number, {auto = false}: {readonly auto?: boolean} = {}): void {
		const lesson = lessons[number - 1];
		if (this.run || !lesson) {
			return;
		}

		const run: Run = {abort: new AbortController()};
		const {signal} = run.abort;
		this.run = run;
		this.state = initialLesson({number, title: lesson.title, claim: lesson.claim, count: lesson.steps(lesson.defaults).length, auto});
		this.changed();
		const gate = async (index: number): Promise<void> => {
			this.apply({kind: 'gate-waiting', index});
			await new Promise<void>(resolve => {
				const open = (): void => {
					clearTimeout(timer);
					signal.removeEventListener('abort', open);
					run.release = undefined;
					resolve();
				};

				// Only ever called after this line: by the timer, Enter or an abort.
				const timer = auto ? setTimeout(open, index === 0 ? AUTO_FIRST_MS : AUTO_PAUSE_MS) : undefined;
				signal.addEventListener('abort', open, {once: true});
				run.release = open;
			});
			this.apply({kind: 'gate-open', index});
		};

		run.finished = (async () => {
			try {
				await this.host.handOver();
				await runLesson(lesson, {
					signal,
					beforeStep: gate,
					createEngine: async options => this.host.engineFor(options),
					// The end stays live on screen (the model, the clients) until the user leaves.
					holdOpen: async () => {
						await once(signal, 'abort');
					},
					onProgress: progress => {
						if (progress.kind === 'model') {
							run.lastModel = progress.modelId;
							this.apply({kind: 'model', modelId: progress.modelId});
						} else {
							this.apply(progress);
						}
					},
				});
			} catch (error) {
				// The runner turns a step's failure into its result: this is the runner itself failing.
				this.apply({kind: 'done', result: {id: lesson.id, title: lesson.title, claim: lesson.claim, model: '', models: [], verdict: 'did-not-hold', reason: (error as Error).message, steps: [], seconds: 0}});
			}
		})();
	}

	/** Enter: run the step waiting at the gate now (or, with --auto, sooner). False when no step waits. */
	advance(): boolean {
		const release = this.run?.release;
		release?.();
		return release !== undefined;
	}

	/** Leave the lesson: stop it and everything it started, then give the monitor its model back. */
	async leave(): Promise<void> {
		const {run} = this;
		if (!run) {
			return;
		}

		run.leaving ??= (async () => {
			await this.end(run);
			await this.host.takeBack(run.lastModel);
		})();
		await run.leaving;
	}

	/** Stop the lesson and everything it started, without giving the screen back: the monitor is quitting. */
	async stop(): Promise<void> {
		const {run} = this;
		// A leave under way finishes first: its model then stops with the monitor's.
		await (run?.leaving ?? (run ? this.end(run) : undefined));
	}

	private async end(run: Run): Promise<void> {
		this.apply({kind: 'leaving'});
		run.abort.abort();
		await run.finished;
		if (this.run === run) {
			this.run = undefined;
			this.state = undefined;
			this.changed();
		}
	}

	private apply(action: LessonAction): void {
		if (this.state) {
			this.state = reduceLesson(this.state, action);
			this.changed();
		}
	}

	private changed(): void {
		for (const listener of this.listeners) {
			listener();
		}
	}
}
