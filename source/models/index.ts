// The registry: the only list of models, ordered from simplest to most scalable (keys 1-9, 0 follow it).
import {blockingModel} from './blocking.js';
import {forkModel} from './fork.js';
import {threadsModel} from './threads.js';
import {nonblockingModel} from './nonblocking.js';
import {selectModel} from './select.js';
import {selectQueueModel} from './select-queue.js';
import {pollModel} from './poll.js';
import {epollLtModel} from './epoll-lt.js';
import {epollEtModel} from './epoll-et.js';
import {libuvModel} from './libuv.js';
import type {Model} from './model.js';

/** Every model, simplest first. */
export const models: readonly Model[] = [
	blockingModel,
	forkModel,
	threadsModel,
	nonblockingModel,
	selectModel,
	selectQueueModel,
	pollModel,
	epollLtModel,
	epollEtModel,
	libuvModel,
];

/** The ids of every model, in registry order. */
export const modelIds: readonly string[] = models.map(model => model.id);

/** The model with this id, or undefined. */
export function findModel(id: string): Model | undefined {
	return models.find(model => model.id === id);
}

export {DEFAULT_MODEL_OPTIONS, type Model, type ModelContext, type ModelOptions} from './model.js';
