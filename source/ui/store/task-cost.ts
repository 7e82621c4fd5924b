// What a process or a thread per client costs (fork, threads): how many are alive, their memory, the last start time.
import type {ServerEvent} from '../../models/probe/events.js';
import type {TaskCost} from './snapshot.js';

/** The processes or threads alive, by pid or tid, with the memory each reported at its start. */
export type TaskCostState = {
	readonly unit?: TaskCost['unit'];
	readonly rssKbById: ReadonlyMap<number, number>;
	/** For threads: the whole process's resident memory at the last start (they share it). */
	readonly processRssKb: number;
	readonly lastStartMs: number;
	/** The last child's resident memory at its start (fork). */
	readonly lastChildRssKb?: number;
	/** The process's resident memory at the first thread start, and the starts since (threads): its growth per thread. */
	readonly firstThreadRssKb?: number;
	readonly threadStarts?: number;
};

/** What changes the cost: a model starting over, or a batch of its events. */
export type TaskCostAction =
	| {readonly type: 'reset'}
	| {readonly type: 'events'; readonly events: readonly ServerEvent[]};

/** Nothing started yet. */
export const initialTaskCost: TaskCostState = {rssKbById: new Map(), processRssKb: 0, lastStartMs: 0};

/** Follows `child-spawned`/`child-exited` and `thread-started`/`thread-exited`; other events leave it as it is. */
export function reduceTaskCost(state: TaskCostState, action: TaskCostAction): TaskCostState {
	if (action.type === 'reset') {
		return initialTaskCost;
	}

	let ids: Map<number, number> | undefined;
	let {unit, processRssKb, lastStartMs, lastChildRssKb, firstThreadRssKb, threadStarts = 0} = state;
	for (const event of action.events) {
		switch (event.kind) {
			case 'child-spawned': {
				ids ??= new Map(state.rssKbById);
				ids.set(event.pid, Math.max(0, event.rssKb));
				unit = 'process';
				lastStartMs = event.spawnMs;
				lastChildRssKb = event.rssKb >= 0 ? event.rssKb : undefined;
				break;
			}

			case 'thread-started': {
				ids ??= new Map(state.rssKbById);
				ids.set(event.tid, 0);
				unit = 'thread';
				lastStartMs = event.startMs;
				processRssKb = Math.max(0, event.rssKb);
				firstThreadRssKb ??= processRssKb;
				threadStarts++;
				break;
			}

			case 'child-exited':
			case 'thread-exited': {
				ids ??= new Map(state.rssKbById);
				ids.delete(event.kind === 'child-exited' ? event.pid : event.tid);
				break;
			}

			default: {
				// Only process and thread lifecycles change what they cost.
				break;
			}
		}
	}

	return ids
		? {
			...(unit ? {unit} : {}), rssKbById: ids, processRssKb, lastStartMs,
			...(lastChildRssKb === undefined ? {} : {lastChildRssKb}),
			...(firstThreadRssKb === undefined ? {} : {firstThreadRssKb, threadStarts}),
		}
		: state;
}

/** The cost line's figures, or undefined for a model that starts no process or thread per client. */
export function taskCost(state: TaskCostState): TaskCost | undefined {
	if (!state.unit) {
		return undefined;
	}

	let rssKb = state.processRssKb;
	if (state.unit === 'process') {
		rssKb = 0;
		for (const kb of state.rssKbById.values()) {
			rssKb += kb;
		}
	}

	// The first thread's own memory is in the process's reading at its start already: growth needs two.
	const eachRssKb = state.unit === 'process'
		? state.lastChildRssKb
		: (state.firstThreadRssKb !== undefined && state.threadStarts !== undefined && state.threadStarts > 1
			? Math.max(0, (state.processRssKb - state.firstThreadRssKb) / (state.threadStarts - 1))
			: undefined);
	return {unit: state.unit, alive: state.rssKbById.size, rssKb, lastStartMs: state.lastStartMs, ...(eachRssKb === undefined ? {} : {eachRssKb})};
}
