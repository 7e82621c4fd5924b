// Shown instead of the panels when the terminal is smaller than the layout needs.
import {Box, Text} from 'ink';

/** The smallest terminal the panels fit in. */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export type TooSmallProps = {
	readonly columns: number;
	readonly rows: number;
};

/** A clear request to enlarge the terminal; the servers keep running meanwhile. */
export function TooSmall({columns, rows}: TooSmallProps) {
	return (
		<Box flexDirection="column" padding={1}>
			<Text bold>Make the terminal larger.</Text>
			<Text>{`echo-tui needs at least ${MIN_COLUMNS}×${MIN_ROWS}; this one is ${columns}×${rows}.`}</Text>
			<Text dimColor>The server keeps running. q quits.</Text>
		</Box>
	);
}
