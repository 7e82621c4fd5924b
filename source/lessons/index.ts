// The lessons, in order: the only place they are named. A lesson's number is its place here, from 1.
import {backlogHoldsData} from './backlog-holds-data.js';
import {busyPolling} from './busy-polling.js';
import {completion} from './completion.js';
import {keyboardStops} from './keyboard-stops.js';
import type {Lesson, LessonOptions} from './lesson.js';
import {levelVsEdge} from './level-vs-edge.js';
import {oneAtATime} from './one-at-a-time.js';
import {processPerClient} from './process-per-client.js';
import {recvZero} from './recv-zero.js';
import {selectScans} from './select-scans.js';
import {threadPerClient} from './thread-per-client.js';
import {writeList} from './write-list.js';

/** Every lesson, in the order they are taught. */
export const lessons: ReadonlyArray<Lesson<LessonOptions>> = [
	oneAtATime,
	backlogHoldsData,
	recvZero,
	processPerClient,
	threadPerClient,
	busyPolling,
	selectScans,
	writeList,
	levelVsEdge,
	keyboardStops,
	completion,
];
