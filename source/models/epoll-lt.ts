// epoll(7), level-triggered: a fd is reported on every wait while it stays ready.
import {createEpollMultiplexer} from './epoll-multiplexer.js';
import {runReactor} from './reactor.js';
import type {Model} from './model.js';

/** Level-triggered epoll: unread bytes make the fd come back on the next wait. */
export const epollLtModel: Model = {
	id: 'epoll-lt',
	title: 'epoll (level)',
	summary: 'epoll, level-triggered: the kernel keeps the interest list and reports a fd again and again while data is left unread',
	run: context => runReactor(context, createEpollMultiplexer({edgeTriggered: false})),
};
