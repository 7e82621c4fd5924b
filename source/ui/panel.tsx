// A bordered box with a title line: the frame every panel is drawn in.
import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {tint} from './theme.js';

export type PanelProps = {
	readonly title: string;
	/** Right-aligned note on the title line (a count, a rate). */
	readonly note?: string;
	readonly width?: number | string;
	readonly height?: number;
	/** @default 1 */
	readonly flexGrow?: number;
	readonly children: ReactNode;
};

/** A titled, bordered panel; content is clipped to its height. */
export function Panel({title, note, width, height, flexGrow = 1, children}: PanelProps) {
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={tint('gray')} paddingX={1} width={width} height={height} flexGrow={flexGrow}>
			<Box height={1}>
				<Box flexShrink={0} marginRight={2}>
					<Text bold color={tint('cyan')}>{title}</Text>
				</Box>
				<Box flexGrow={1} justifyContent="flex-end">
					{note ? <Text dimColor wrap="truncate-start">{note}</Text> : null}
				</Box>
			</Box>
			{children}
		</Box>
	);
}
