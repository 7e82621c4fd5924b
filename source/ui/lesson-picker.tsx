// The lesson list (L): every lesson numbered, the chosen one's claim below; enter starts it, esc closes.
import {Box, Text} from 'ink';
import {lessons} from '../lessons/index.js';
import {lessonUnavailable} from '../lessons/run-lesson.js';
import {cell} from './format.js';
import {tint} from './theme.js';
import {wrapText} from './wrap-text.js';

export type LessonPickerProps = {
	/** Columns and rows of the terminal the list fills. */
	readonly width: number;
	readonly height: number;
	/** The lesson chosen, from 0. */
	readonly index: number;
};

/** Border and padding, each side. */
const FRAME_COLUMNS = 3;
/** Rows of the frame: border, the title line, the blank line before the claim, the hint line. */
const FRAME_ROWS = 5;
const HINT = 'up/down or j/k choose, enter starts it, esc or L closes';

/** The models each lesson runs, and why it cannot run here if it cannot: read once, the catalog does not change. */
const rows = lessons.map((lesson, index) => ({
	number: index + 1, title: lesson.title, models: lesson.models.join(', '), claim: lesson.claim, unavailable: lessonUnavailable(lesson.models),
}));

/** Full-screen list of the lessons. */
export function LessonPicker({width, height, index}: LessonPickerProps) {
	const inner = width - FRAME_COLUMNS * 2;
	const chosen = rows[index] ?? rows[0]!;
	const about = wrapText(chosen.unavailable ? `${chosen.claim} Unavailable here: ${chosen.unavailable}.` : chosen.claim, inner);
	const aboutRows = Math.max(0, height - FRAME_ROWS - rows.length);
	const titleWidth = Math.max(...rows.map(row => row.title.length));
	return (
		<Box flexDirection="column" borderStyle="double" borderColor={tint('cyan')} paddingX={FRAME_COLUMNS - 1} width={width} height={height}>
			<Text bold color={tint('cyan')}>{cell('lessons: each claim of the textbook, run and checked on this kernel', inner)}</Text>
			{rows.map(row => {
				const text = cell(`${String(row.number).padStart(2)}  ${row.title.padEnd(titleWidth)}  ${row.unavailable ? 'unavailable' : row.models}`, inner);
				return row.number - 1 === index
					? <Text key={row.number} inverse bold>{text}</Text>
					: <Text key={row.number} dimColor={row.unavailable !== undefined}>{text}</Text>;
			})}
			<Text> </Text>
			{/* Lines have no identity but their place. */}
			{(about.length <= aboutRows ? about : aboutRows > 0 ? wrapText(about.join(' '), inner, {maxLines: aboutRows}) : []).map((line, at) => <Text key={at}>{line}</Text>)}
			<Box flexGrow={1}/>
			<Text dimColor>{cell(HINT, inner)}</Text>
		</Box>
	);
}
