// Blocking sockets, one client at a time (man 2 accept, man 2 recv): the textbook's first server.
import {accept4, formatAddress, gettid} from '../sys/index.js';
import {ACCEPT_PAUSE_MS, reportAcceptFailure} from './accept.js';
import {libcIo} from './per-client/blocking-io.js';
import {serveClient} from './per-client/serve-blocking.js';
import type {Model} from './model.js';

/**
 * accept one client, serve it until it leaves, then accept the next. Everyone else waits in
 * the listen backlog, their bytes piling up in the kernel until their turn comes.
 */
export const blockingModel: Model = {
	run(context) {
		const {listenFd, probe, control} = context;
		const tid = gettid();
		probe.listening(listenFd, context.host, context.port, context.backlog);
		while (!control.stopping) {
			probe.beforeBlocking('accept', listenFd);
			const accepted = accept4(listenFd);
			if (typeof accepted === 'number') {
				if (control.stopping) {
					break; // The engine's shutdown(listen fd) woke accept with EINVAL.
				}

				if (reportAcceptFailure(probe, accepted)) {
					control.sleepUnlessStopped(ACCEPT_PAUSE_MS);
				}

				continue;
			}

			control.own(accepted.fd);
			probe.accepted(accepted.fd, formatAddress(accepted.peer), {tid});
			serveClient({...context, io: libcIo}, accepted.fd);
		}

		probe.flush();
	},
};
