// poll(2): one thread, an array of pollfd handed to the kernel whole on every call; no fd limit.
import {createPollMultiplexer} from './poll-multiplexer.js';
import {runReactor} from './reactor.js';
import type {Model} from './model.js';

/** poll() echo: select without the 1024 wall, but still a linear walk per call. */
export const pollModel: Model = {
	id: 'poll',
	title: 'poll()',
	summary: 'one thread, poll() over an array of every fd: no 1024 limit, but the kernel still walks the whole array each call',
	run: context => runReactor(context, createPollMultiplexer()),
};
