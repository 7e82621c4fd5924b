// The lesson pane: the claim, the step the lesson is on, what to watch, and the evidence as it is measured.
import {Text} from 'ink';
import type {LessonState} from './store/lesson.js';
import {lessonHeading, lessonLines, type LessonLineStyle} from './lesson-lines.js';
import {Panel, contentRows} from './panel.js';
import {tint} from './theme.js';

export type LessonPaneProps = {
	readonly lesson: LessonState;
	/** The panel's rows, border included. */
	readonly height: number;
	/** Inner width in columns. */
	readonly width: number;
};

const STYLE: Record<LessonLineStyle, {readonly color?: 'green' | 'red' | 'yellow' | 'cyan' | 'gray'; readonly bold?: boolean; readonly dim?: boolean}> = {
	claim: {},
	step: {bold: true},
	watch: {color: 'cyan'},
	next: {color: 'yellow'},
	note: {dim: true},
	held: {color: 'green'},
	'did-not-hold': {color: 'red', bold: true},
	unavailable: {color: 'yellow'},
};

/** The pane, its lines cut to its rows (lesson-lines.ts decides what goes first). */
export function LessonPane({lesson, height, width}: LessonPaneProps) {
	const {title, note} = lessonHeading(lesson);
	const shown = lessonLines(lesson, width, contentRows(height, title, note, width));
	return (
		<Panel title={title} note={note} width={width}>
			{shown.map((line, index) => {
				const style = STYLE[line.style];
				const color = style.color ? tint(style.color) : undefined;
				// Lines have no identity but their place in the pane.
				return <Text key={index} {...(color ? {color} : {})} bold={style.bold ?? false} dimColor={style.dim ?? false}>{line.text}</Text>;
			})}
		</Panel>
	);
}
