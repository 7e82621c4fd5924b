// select(2): one thread, one fd_set per direction rebuilt every call, and a hard wall at fd 1024.
import {createSelectMultiplexer} from './select-multiplexer.js';
import {runReactor} from './reactor.js';
import type {Model} from './model.js';

/** select() echo: reads and echoes at once; refuses any client whose fd is ≥ FD_SETSIZE. */
export const selectModel: Model = {
	id: 'select',
	title: 'select()',
	summary: 'one thread watches every fd with select(): the kernel scans maxfd+1 bits per call; fds ≥ 1024 cannot be watched',
	run: context => runReactor(context, createSelectMultiplexer()),
};
