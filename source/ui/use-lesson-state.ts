// The lesson on screen as React state: re-rendered on each of its few changes (steps, checks), not on the frame clock.
import {useSyncExternalStore} from 'react';
import type {LessonSession} from './lesson-session.js';
import type {LessonState} from './store/lesson.js';

/** The lesson pane's state, or undefined when no lesson is on. */
export function useLessonState(session: Pick<LessonSession, 'subscribe' | 'getState'>): LessonState | undefined {
	return useSyncExternalStore(session.subscribe, session.getState);
}
