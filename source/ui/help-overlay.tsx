// The help overlay: every key, every column and notation, every model; scrolls when the terminal is short.
import {Box, Text} from 'ink';
import {HELP_TITLE, helpLines} from './help-lines.js';
import {cell} from './format.js';
import {tint} from './theme.js';

export type HelpOverlayProps = {
	/** Columns and rows of the terminal the help fills. */
	readonly width: number;
	readonly height: number;
	/** Lines scrolled past; clamped to what there is. */
	readonly scroll: number;
};

/** Border and padding around the text, each side. */
const FRAME_COLUMNS = 3;
/** Rows of the frame: border, the title line, the hint line. */
const FRAME_ROWS = 4;

/** Lines of help text that fit in a terminal of `height` rows. */
export function helpRows(height: number): number {
	return Math.max(1, height - FRAME_ROWS);
}

/** How far the help can scroll at this size. */
export function maxHelpScroll(width: number, height: number): number {
	return Math.max(0, helpLines(width - FRAME_COLUMNS * 2).length - helpRows(height));
}

/** Full-screen help; `?` or Esc closes it, up/down/j/k/pgup/pgdn scroll it. */
export function HelpOverlay({width, height, scroll}: HelpOverlayProps) {
	const inner = width - FRAME_COLUMNS * 2;
	const lines = helpLines(inner);
	const rows = helpRows(height);
	const start = Math.min(Math.max(0, scroll), Math.max(0, lines.length - rows));
	const end = Math.min(lines.length, start + rows);
	const hint = lines.length > rows
		? `lines ${start + 1}-${end} of ${lines.length}: up/down, j/k, pgup/pgdn scroll; ? or esc closes`
		: '? or esc closes this help';
	return (
		<Box flexDirection="column" borderStyle="double" borderColor={tint('cyan')} paddingX={FRAME_COLUMNS - 1} width={width} height={height}>
			<Text bold color={tint('cyan')}>{HELP_TITLE}</Text>
			{lines.slice(start, end).map((line, index) => {
				// Lines have no identity but their place in the help.
				const key = start + index;
				if (line.style === 'heading') {
					return <Text key={key} bold color={tint('cyan')}>{line.text}</Text>;
				}

				return line.style === 'term'
					? <Text key={key}><Text bold>{line.text.slice(0, 10)}</Text>{line.text.slice(10)}</Text>
					: <Text key={key}>{line.text || ' '}</Text>;
			})}
			<Box flexGrow={1}/>
			<Text dimColor>{cell(hint, inner)}</Text>
		</Box>
	);
}
