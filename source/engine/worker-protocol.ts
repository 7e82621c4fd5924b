// The messages between the engine and a model's worker thread.
import type {ControlShared} from '../models/control.js';
import type {ModelOptions} from '../models/model.js';
import type {ProbeBatch} from '../models/probe/events.js';

/** What the engine hands a model's worker at start. */
export type ModelWorkerData = {
	readonly modelId: string;
	readonly listenFd: number;
	readonly controlFd: number;
	readonly host: string;
	readonly port: number;
	readonly backlog: number;
	readonly shared: ControlShared;
	readonly options: ModelOptions;
};

/** What a model's worker posts back. */
export type ModelWorkerMessage =
	| {readonly type: 'loaded'}
	| {readonly type: 'batch'; readonly batch: ProbeBatch}
	| {readonly type: 'done'}
	| {readonly type: 'failed'; readonly message: string; readonly code?: string; readonly syscall?: string};
