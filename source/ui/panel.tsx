// A bordered box with a title line: the frame every panel is drawn in.
import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {tint} from './theme.js';

export type PanelProps = {
	readonly title: string;
	/** Right-aligned note on the title line (a count, a rate); on a line of its own when both do not fit. */
	readonly note?: string;
	/** Inner width in columns: the title line is laid out for it. */
	readonly width: number;
	/** @default 1 */
	readonly flexGrow?: number;
	readonly children: ReactNode;
};

/** Rows a panel's border takes. */
export const BORDER_ROWS = 2;

/** Lines the title and its note take: one, or two when the note does not fit beside the title. */
export function titleRows(title: string, note: string | undefined, width: number): number {
	return note && title.length + 2 + note.length > width ? 2 : 1;
}

/** Rows left for content in a panel of `height` rows. */
export function contentRows(height: number, title: string, note: string | undefined, width: number): number {
	return Math.max(0, height - BORDER_ROWS - titleRows(title, note, width));
}

/** A titled, bordered panel; the note is never cut: it moves below the title instead. */
export function Panel({title, note, width, flexGrow = 1, children}: PanelProps) {
	const ownLine = titleRows(title, note, width) === 2;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={tint('gray')} paddingX={1} flexGrow={flexGrow}>
			<Box height={1}>
				<Box flexShrink={0} marginRight={2}>
					<Text bold color={tint('cyan')}>{title}</Text>
				</Box>
				<Box flexGrow={1} justifyContent="flex-end">
					{note && !ownLine ? <Text dimColor>{note}</Text> : null}
				</Box>
			</Box>
			{ownLine ? <Text dimColor>{note!.length > width ? `${note!.slice(0, width - 3)}...` : note}</Text> : null}
			{children}
		</Box>
	);
}
