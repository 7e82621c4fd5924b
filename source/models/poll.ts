// poll(2): one thread, an array of pollfd handed to the kernel whole on every call; no fd limit.
import {createPollMultiplexer} from './readiness/poll-multiplexer.js';
import {runReactor} from './readiness/reactor.js';
import type {Model} from './model.js';

/** poll() echo: select without the 1024 wall, but still a linear walk per call. */
export const pollModel: Model = {
	run: context => runReactor(context, createPollMultiplexer()),
};
