// epoll(7), edge-triggered (EPOLLET): a fd is reported once per change, so every read drains until EAGAIN.
import {createEpollMultiplexer} from './readiness/epoll-multiplexer.js';
import {runReactor} from './readiness/reactor.js';
import type {Model} from './model.js';

/** Edge-triggered epoll; with read-once on, bytes left unread sit in the receive queue with no new event. */
export const epollEtModel: Model = {
	run: context => runReactor(context, createEpollMultiplexer({edgeTriggered: true}), {edgeTriggered: true}),
};
