// `echo-tui lesson N` without a monitor: each step, what to watch, and the evidence as it is measured, a line at a time.
import type {Lesson, LessonOptions} from '../lessons/lesson.js';
import {verdictText} from '../lessons/lesson.js';
import type {LessonProgress} from '../lessons/run-lesson.js';
import {verdictMark} from '../lessons/lesson.js';

/** The lines a lesson's progress prints; `write` gets each with its newline. */
export function narrate(number: number, lesson: Lesson<LessonOptions>, write: (line: string) => void): (progress: LessonProgress) => void {
	write(`Lesson ${number}: ${lesson.title}\n`);
	write(`${lesson.claim}\n`);
	return progress => {
		switch (progress.kind) {
			case 'step': {
				write(`\nStep ${progress.index + 1}/${progress.count}: ${progress.title}\n`);
				write(`  watch: ${progress.watch}\n`);
				break;
			}

			case 'check': {
				write(`  ${verdictMark(progress.check.verdict)} ${progress.check.expect}: ${progress.check.evidence}\n`);
				break;
			}

			case 'note': {
				write(`  note: ${progress.text}\n`);
				break;
			}

			case 'model': {
				write(`  (${progress.modelId} on 127.0.0.1:${progress.engine.address?.port ?? '?'})\n`);
				break;
			}

			case 'done': {
				const {result} = progress;
				write(`\nLesson ${number} ${verdictText(result.verdict)}${result.reason ? `: ${result.reason}` : ''} (${result.seconds.toFixed(1)} s)\n\n`);
				break;
			}

			default: {
				const unhandled: never = progress;
				throw new Error(`unhandled progress ${JSON.stringify(unhandled)}`);
			}
		}
	};
}
