// Step mode's line: the last stepped call with its result, then the call held now, on one row that never wraps.
import {Box, Text} from 'ink';
import {cell} from './format.js';
import {tint} from './theme.js';
import {stepScope} from '../models/index.js';
import type {StepView} from './store/snapshot.js';

export type HeldCallLineProps = {
	readonly step: StepView;
	/** The model on screen: what it steps decides what is said while nothing is held. */
	readonly modelId: string;
	/** Columns of the line, padding included. */
	readonly width: number;
};

/** One piece of the line and how it is drawn: `held` stands out, `result` is bold. */
export type HeldCallPart = {readonly text: string; readonly style: 'held' | 'result' | 'plain'};

const GAP = '  ';
/** The least of a cut line the last result keeps: room for `#11 recv(...) -> `. */
const RESULT_SHARE = 0.4;

/** What stands where nothing is announced yet, by what the model steps. */
function waitingText(modelId: string): string {
	switch (stepScope(modelId)) {
		case 'every-call': {
			return 'step mode: the next call will be held; a wait shows only once it returns';
		}

		case 'accept': {
			return `step mode (${modelId}: only the accept steps): the next accept will be held`;
		}

		case 'none': {
			return 'step mode: libuv makes its I/O inside its C code: nothing steps (c leaves)';
		}
	}
}

/**
 * The line's pieces fitted to `width` columns: the last result (`#11 recv(fd 9, 65536 bytes) -> 64
 * bytes`, its arguments shortened to `recv(...)` when the whole does not fit), then the call held
 * (`#12 held: recv(fd 9, 65536 bytes)`), or the one let through and not returned yet, or what to
 * expect (alone on libuv, where nothing past its start steps). Cut with `~` at the right, never wrapped.
 */
export function heldCallParts(step: StepView, modelId: string, width: number): HeldCallPart[] {
	const {current, last} = step;
	const now: HeldCallPart = current
		? current.released
			? {text: `#${current.seq} in the kernel until it returns: ${current.text}`, style: 'plain'}
			: {text: `#${current.seq} held: ${current.text}`, style: 'held'}
		: {text: waitingText(modelId), style: 'plain'};
	// libuv's start is all that steps: once it returned, what matters is that nothing more will.
	if (!last || (!current && stepScope(modelId) === 'none')) {
		return [{...now, text: cell(now.text, width).trimEnd()}];
	}

	const full = `#${last.seq} ${last.text} ${last.result}`;
	const short = `#${last.seq} ${last.call}(...) ${last.result}`;
	const room = width - GAP.length - now.text.length;
	const result = full.length <= room ? full : short;
	const resultWidth = Math.min(result.length, Math.max(room, Math.floor(width * RESULT_SHARE)));
	return [
		{text: cell(result, resultWidth), style: 'result'},
		{text: GAP, style: 'plain'},
		{...now, text: cell(now.text, Math.max(0, width - resultWidth - GAP.length)).trimEnd()},
	];
}

/** The held-call line, highlighted; one row. */
export function HeldCallLine({step, modelId, width}: HeldCallLineProps) {
	return (
		<Box paddingX={1} height={1} width={width}>
			<Text wrap="truncate">
				{heldCallParts(step, modelId, Math.max(0, width - 2)).map((part, index) => (
					<Text key={`${index}-${part.style}`} bold={part.style !== 'plain'} inverse={part.style === 'held'} color={tint(part.style === 'plain' ? 'yellow' : 'cyan')}>{part.text}</Text>
				))}
			</Text>
		</Box>
	);
}
