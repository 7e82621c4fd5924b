// What each thread (or fork child) is blocked in: a reducer over the model's events, keyed by tid.
import type {ServerEvent} from '../../models/probe/events.js';
import type {BlockedThread} from './snapshot.js';

/** Threads by tid; a new map only when a batch changed one. */
export type ThreadsState = {readonly byTid: ReadonlyMap<number, BlockedThread>};

/** What changes the threads: a model starting over, or a batch of its events. */
export type ThreadsAction =
	| {readonly type: 'reset'}
	| {readonly type: 'events'; readonly events: readonly ServerEvent[]};

/** No thread known. */
export const initialThreads: ThreadsState = {byTid: new Map()};

/**
 * Each thread changes only with its own events: its `blocked-in`, then whatever shows the call
 * returned (a recv or send on the fd it blocked on, the fd closed, a client accepted for a
 * thread in accept, a readiness result for one in a wait call). Another thread's events never
 * touch it: several threads are blocked at once, and a batch ends with only one of them.
 */
export function reduceThreads(state: ThreadsState, action: ThreadsAction): ThreadsState {
	if (action.type === 'reset') {
		return state.byTid.size === 0 ? state : initialThreads;
	}

	let next: Map<number, BlockedThread> | undefined;
	const write = (): Map<number, BlockedThread> => {
		next ??= new Map(state.byTid);
		return next;
	};

	const current = (): ReadonlyMap<number, BlockedThread> => next ?? state.byTid;
	const wake = (t: number, matches: (thread: BlockedThread) => boolean): void => {
		for (const thread of current().values()) {
			if (thread.blocked && matches(thread)) {
				write().set(thread.tid, {...thread, blocked: false, since: t});
			}
		}
	};

	for (const event of action.events) {
		switch (event.kind) {
			case 'blocked-in': {
				const unit = current().get(event.tid)?.unit;
				write().set(event.tid, {tid: event.tid, ...(unit ? {unit} : {}), call: event.call, fd: event.fd, since: event.t, blocked: true});
				break;
			}

			case 'thread-started': {
				write().set(event.tid, {tid: event.tid, fd: event.fd, since: event.t, blocked: false});
				break;
			}

			case 'child-spawned': {
				write().set(event.pid, {tid: event.pid, unit: 'process', fd: event.fd, since: event.t, blocked: false});
				break;
			}

			case 'thread-exited': {
				if (current().has(event.tid)) {
					write().delete(event.tid);
				}

				break;
			}

			case 'child-exited': {
				if (current().has(event.pid)) {
					write().delete(event.pid);
				}

				break;
			}

			case 'recv':
			case 'send': {
				wake(event.t, thread => thread.fd === event.fd && (thread.call === 'recv' || thread.call === 'send'));
				break;
			}

			case 'closed': {
				wake(event.t, thread => thread.fd === event.fd && thread.call !== 'accept');
				break;
			}

			case 'error': {
				if (event.fd !== undefined) {
					wake(event.t, thread => thread.fd === event.fd);
				}

				break;
			}

			case 'accepted':
			case 'refused': {
				const tid = event.kind === 'accepted' ? event.tid : undefined;
				wake(event.t, thread => thread.call === 'accept' && (tid === undefined || thread.tid === tid));
				break;
			}

			case 'readiness': {
				wake(event.t, thread => thread.call === event.call);
				break;
			}

			default: {
				// The other kinds say nothing about a thread's call.
				break;
			}
		}
	}

	return next ? {byTid: next} : state;
}
