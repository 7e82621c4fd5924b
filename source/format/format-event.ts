// One readable line per server event: `echo-tui serve`'s output and the monitor's event log.
import {escapeBytes} from '../util/escape-bytes.js';
import {RECV_ZERO_DETAIL, type ServerEvent} from '../models/probe/events.js';
import type {QueueSample} from '../engine/queue-sampler.js';
import {formatResident} from './bytes.js';
import {formatMicros} from './duration.js';
import {formatOwner} from './owner.js';
import {formatReadyList} from './ready-list.js';

/** Local wall-clock time with milliseconds: `14:03:07.412`. */
export function clock(t: number): string {
	const date = new Date(t);
	return `${date.toTimeString().slice(0, 8)}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** What happened, without the time and kind: `fd 7  127.0.0.1:51234  tid 812`. */
export function describeEvent(event: ServerEvent): string {
	switch (event.kind) {
		case 'model-started': {
			return `${event.model} on ${event.host}:${event.port}  backlog ${event.backlog}  tid ${event.tid}`;
		}

		case 'listening': {
			const control = event.controlFd === undefined ? '' : `  fd ${event.controlFd} = stop (control eventfd, watched too)`;
			return `fd ${event.fd}  ${event.host}:${event.port}  backlog ${event.backlog}${control}`;
		}

		case 'accepted': {
			const owner = formatOwner(event);
			return `fd ${event.fd}  ${event.peer}${owner ? `  ${owner}` : ''}`;
		}

		case 'readiness': {
			const ready = formatReadyList(event.ready);
			return `${event.call}  watched ${event.watched}  scanned ${event.scanned}  ready ${event.ready.length}  ${formatMicros(event.durationUs)}${ready ? `: ${ready}` : ''}`;
		}

		case 'recv': {
			return `fd ${event.fd}  ${event.bytes} B${event.head ? `  "${escapeBytes(event.head)}${event.head.length < event.bytes ? '...' : ''}"` : ''}`;
		}

		case 'send': {
			return `fd ${event.fd}  ${event.bytes} of ${event.requested} B`;
		}

		case 'closed': {
			// recv returning 0 is how a server learns its client closed: said in those words.
			if (event.detail === RECV_ZERO_DETAIL) {
				return `fd ${event.fd}  ${event.detail}`;
			}

			return `fd ${event.fd}  ${event.reason}${event.detail ? ` (${event.detail})` : ''}`;
		}

		case 'refused': {
			return `fd ${event.fd}  ${event.peer}  ${event.reason}`;
		}

		case 'error': {
			return `${event.syscall}: ${event.code}${event.fd === undefined ? '' : ` fd ${event.fd}`}  ${event.detail}`;
		}

		case 'blocked-in': {
			return `tid ${event.tid} in ${event.call}(fd ${event.fd})`;
		}

		case 'option': {
			return `${event.name} = ${String(event.value)}`;
		}

		case 'child-spawned': {
			return `pid ${event.pid} serves fd ${event.fd}  ready in ${event.spawnMs.toFixed(1)} ms  RSS ${formatResident(event.rssKb)}  ${event.children} children`;
		}

		case 'child-exited': {
			const how = event.signal ? `killed by ${event.signal}` : `exited with status ${String(event.code)}`;
			return `pid ${event.pid} (fd ${event.fd}) ${how}  RSS ${formatResident(event.rssKb)}  ${event.children} children left`;
		}

		case 'thread-started': {
			return `tid ${event.tid} serves fd ${event.fd}  ready in ${event.startMs.toFixed(1)} ms  ${event.threads} threads  process RSS ${formatResident(event.rssKb)}`;
		}

		case 'thread-exited': {
			return `tid ${event.tid} (fd ${event.fd})  ${event.threads} threads left`;
		}

		case 'capacity': {
			const units = event.unit === 'process' ? 'processes' : 'threads';
			const why = event.by === 'fds' ? ' (all the open-files limit allows)' : '';
			return event.full
				? `${event.limit} ${units} busy${why}: not accepting, new clients wait in the backlog`
				: `below ${event.limit} ${units}${why}: accepting again`;
		}

		case 'cpu': {
			return `tid ${event.tid}  ${event.percent}% of a core  ${event.eagain.toLocaleString('en-US')} EAGAIN`;
		}

		case 'io-uring-setup': {
			return `${event.setupFlags.join(' | ')}  SQ ${event.sqSize}  CQ ${event.cqSize}  ${event.bufferCount} buffers of ${event.bufferBytes} B`;
		}

		case 'io-uring-enter': {
			const {accept, recv, send} = event.completions;
			return `submitted ${event.submitted}  completed ${event.completed} (accept ${accept}, recv ${recv}, send ${send})  in flight ${event.inFlight}  ${formatMicros(event.durationUs)}`;
		}

		case 'step': {
			// The call, then its result under it: `#12 recv(fd 9, 65536 bytes)`, `#12 -> 64 bytes`.
			return `#${event.seq} ${event.text}`;
		}

		case 'summary': {
			const parts = Object.entries(event.suppressed).map(([kind, count]) => `+${count.toLocaleString('en-US')} ${kind}`);
			return `too fast to list: ${parts.join(', ')} (counted, not shown)`;
		}
	}
}

/** `12:00:01.123 accepted     fd 7  127.0.0.1:51234` */
export function formatEvent(event: ServerEvent): string {
	return `${clock(event.t)} ${event.kind.padEnd(11)} ${describeEvent(event)}`;
}

/** A line for a change in the accept queue. */
export function formatAcceptQueue(sample: QueueSample): string {
	const queue = sample.acceptQueue;
	return `${clock(sample.t)} ${'accept-queue'.padEnd(11)} ${queue ? `${queue.depth} of ${queue.limit} waiting` : 'unreadable'}`;
}
