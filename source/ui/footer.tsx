// The footer: the keys, from the keymap, on one line (during a lesson or step mode, theirs first); while paused, a mark no one can miss.
import {memo} from 'react';
import {Box, Text} from 'ink';
import {drivesServer, keymap, type KeyBinding} from './keymap.js';
import {cell} from './format.js';
import {tint} from './theme.js';
import type {LessonPhase} from './store/lesson.js';

export type FooterProps = {
	/** Columns of the terminal. */
	readonly width: number;
	/** Set while the screen is paused: events that arrived since. */
	readonly paused?: {readonly unseen: number};
	/** A short message that replaces the keys for a moment (`x closes a built-in client: select one first`). */
	readonly notice?: string;
	/** During a lesson, where it stands: its keys first (enter only while a step is to come), none of those it refuses. */
	readonly lesson?: LessonPhase;
	/** Step mode is on: its keys first (`. step  c continue`). @default false */
	readonly isStepping?: boolean;
};

const modelKeys = keymap.filter(binding => binding.action.type === 'switch-model').map(binding => binding.label);
// Quit, help, pause, the lessons and step mode first: on a narrow terminal the keys that do not fit are left out, and those must stay.
const FIRST: ReadonlyArray<KeyBinding['action']['type']> = ['quit', 'toggle-help', 'toggle-pause', 'lesson', 'step'];
const shown = keymap.filter(binding => binding.short);
const ordered = [
	...FIRST.flatMap(type => shown.filter(binding => binding.action.type === type)),
	...shown.filter(binding => !FIRST.includes(binding.action.type)),
];

/** The model keys as a range: `1-0`, and past ten the rest after a comma (`1-0,-`). */
const modelRange = [`${modelKeys[0]}-${modelKeys[Math.min(9, modelKeys.length - 1)]}`, ...modelKeys.slice(10)].join(',');

/** The footer's pairs in order: `['q', 'quit'], ['?', 'help'], ['1-0,-', 'model'], ...`. */
export const FOOTER_PAIRS: ReadonlyArray<readonly [key: string, word: string]> = [
	...ordered.slice(0, FIRST.length).map(binding => [binding.footerLabel ?? binding.label, binding.short!] as const),
	[modelRange, 'model'],
	...ordered.slice(FIRST.length).map(binding => [binding.footerLabel ?? binding.label, binding.short!] as const),
];

const ADVANCE_WORD = keymap.find(binding => binding.action.type === 'advance')?.lessonShort;

/** During a lesson: `enter next step`, `L leave`, then quit, help, pause, and the keys of the view (select, log). */
export const LESSON_FOOTER_PAIRS: ReadonlyArray<readonly [key: string, word: string]> = [
	...(['advance', 'lesson'] as const).flatMap(type => keymap.filter(binding => binding.action.type === type && binding.lessonShort)),
	...ordered.filter(binding => binding.action.type !== 'lesson' && !drivesServer(binding.action)),
].map(binding => [binding.footerLabel ?? binding.label, binding.lessonShort ?? binding.short!] as const);

const stepBindings = keymap.filter(binding => binding.stepShort);
const stepLabels = new Set(stepBindings.map(binding => binding.footerLabel ?? binding.label));

/** In step mode: `. step  c continue`, then the monitor's keys as usual (quit first). */
export const STEP_FOOTER_PAIRS: ReadonlyArray<readonly [key: string, word: string]> = [
	...stepBindings.map(binding => [binding.footerLabel ?? binding.label, binding.stepShort!] as const),
	...FOOTER_PAIRS.filter(([key]) => !stepLabels.has(key)),
];

/** The footer's pairs for where a lesson stands, for step mode, or for the monitor without either. */
export function footerPairs(lesson: LessonPhase | undefined, isStepping = false): ReadonlyArray<readonly [string, string]> {
	if (lesson === undefined) {
		return isStepping ? STEP_FOOTER_PAIRS : FOOTER_PAIRS;
	}

	return lesson === 'done' || lesson === 'leaving' ? LESSON_FOOTER_PAIRS.filter(([, word]) => word !== ADVANCE_WORD) : LESSON_FOOTER_PAIRS;
}

/** The pairs that fit whole in `width` columns: a pair is never cut (the help lists every key). */
export function fittingPairs(width: number, all: ReadonlyArray<readonly [string, string]> = FOOTER_PAIRS): ReadonlyArray<readonly [string, string]> {
	let used = 0;
	const pairs: Array<readonly [string, string]> = [];
	for (const pair of all) {
		const length = (pairs.length === 0 ? 0 : 2) + pair[0].length + 1 + pair[1].length;
		if (used + length > width) {
			break;
		}

		pairs.push(pair);
		used += length;
	}

	return pairs;
}

/** One line: the keys (bold) and what they do, cut at the right edge; or the pause mark; or a notice. Memoized: it changes with the keys and the mode, not with the traffic. */
export const Footer = memo(function Footer({width, paused, notice, lesson, isStepping = false}: FooterProps) {
	const inner = Math.max(0, width - 2);
	if (paused) {
		const text = ` PAUSED  the screen is frozen, the servers run on (+${paused.unseen} events)  space resumes  pgup/pgdn scroll the log `;
		return (
			<Box paddingX={1} height={1}>
				<Text inverse bold color={tint('yellow')}>{cell(text, inner)}</Text>
			</Box>
		);
	}

	if (notice) {
		return (
			<Box paddingX={1} height={1}>
				<Text color={tint('yellow')}>{cell(notice, inner)}</Text>
			</Box>
		);
	}

	return (
		<Box paddingX={1} height={1}>
			<Text>
				{fittingPairs(inner, footerPairs(lesson, isStepping)).map(([key, word], index) => (
					<Text key={key}>{index === 0 ? '' : '  '}<Text bold>{key}</Text>{` ${word}`}</Text>
				))}
			</Text>
		</Box>
	);
});
