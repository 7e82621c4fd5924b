// select(2) with a message queue per client and a write list: send only when select says writable.
import {createSelectMultiplexer} from './readiness/select-multiplexer.js';
import {runReactor} from './readiness/reactor.js';
import type {Model} from './model.js';

/** The textbook's select server with message queues: reads go to a queue, writes wait for the write list. */
export const selectQueueModel: Model = {
	run: context => runReactor(context, createSelectMultiplexer(), {queueOnly: true}),
};
