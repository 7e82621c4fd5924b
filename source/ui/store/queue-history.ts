// The queue depths over the last 24 seconds, for the charts: one value per sample.
/** Samples kept for the charts (100 ms apart: 24 s). */
export const HISTORY_LENGTH = 240;

/** Each queue's values, oldest first, at most HISTORY_LENGTH. */
export type QueueHistoryState = {
	readonly accept: readonly number[];
	readonly receive: readonly number[];
	readonly app: readonly number[];
	/** io_uring's submission queue: the most SQEs one enter call submitted since the sample before. */
	readonly submission: readonly number[];
	/** io_uring's completion queue: the most CQEs waiting after one enter call since the sample before. */
	readonly completion: readonly number[];
};

/**
 * The totals of one sample: accept-queue length, bytes in kernel receive queues, bytes in
 * application queues, and io_uring's queue depths (zero for the other models).
 */
export type QueueTotals = {
	readonly accept: number;
	readonly receive: number;
	readonly app: number;
	readonly submission: number;
	readonly completion: number;
};

/** What changes the history: a model starting over, or a sample's totals. */
export type QueueHistoryAction =
	| {readonly type: 'reset'}
	| {readonly type: 'sample'; readonly totals: QueueTotals};

/** No sample yet. */
export const initialQueueHistory: QueueHistoryState = {accept: [], receive: [], app: [], submission: [], completion: []};

function append(values: readonly number[], value: number): readonly number[] {
	return values.length < HISTORY_LENGTH ? [...values, value] : [...values.slice(1 - HISTORY_LENGTH), value];
}

/** A sample's totals join each history; the oldest drop out past HISTORY_LENGTH. */
export function reduceQueueHistory(state: QueueHistoryState, action: QueueHistoryAction): QueueHistoryState {
	switch (action.type) {
		case 'reset': {
			return initialQueueHistory;
		}

		case 'sample': {
			const {totals} = action;
			return {
				accept: append(state.accept, totals.accept), receive: append(state.receive, totals.receive), app: append(state.app, totals.app),
				submission: append(state.submission, totals.submission), completion: append(state.completion, totals.completion),
			};
		}
	}
}

/** Whether any chart still shows something other than zero: then each sample moves it and is worth a frame. */
export function historyMoving(state: QueueHistoryState): boolean {
	return [state.accept, state.receive, state.app, state.submission, state.completion].some(values => values.some(value => value > 0));
}
