// epoll(7), level-triggered: a fd is reported on every wait while it stays ready.
import {createEpollMultiplexer} from './readiness/epoll-multiplexer.js';
import {runReactor} from './readiness/reactor.js';
import type {Model} from './model.js';

/** Level-triggered epoll: unread bytes make the fd come back on the next wait. */
export const epollLtModel: Model = {
	run: context => runReactor(context, createEpollMultiplexer({edgeTriggered: false})),
};
