// select(2): one thread, one fd_set per direction rebuilt every call, and a hard wall at fd 1024.
import {createSelectMultiplexer} from './readiness/select-multiplexer.js';
import {runReactor} from './readiness/reactor.js';
import type {Model} from './model.js';

/** select() echo: reads and echoes at once; refuses any client whose fd is ≥ FD_SETSIZE. */
export const selectModel: Model = {
	run: context => runReactor(context, createSelectMultiplexer()),
};
