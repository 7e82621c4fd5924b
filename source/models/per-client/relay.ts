// Events of a client served in its own process or thread, replayed into the model's probe under the fd it was accepted on.
import type {BlockingCall} from '../probe/events.js';
import type {Probe} from '../probe/probe.js';
import {wallClock, type RelayRecord} from './relay-recorder.js';

/** The pid and records of a line written by `relayLine`, or undefined if it is not one. */
export function parseRelayLine(line: string): {pid: number; records: readonly RelayRecord[]} | undefined {
	try {
		const [pid, records] = JSON.parse(line) as [unknown, unknown];
		return typeof pid === 'number' && Array.isArray(records) ? {pid, records: records as RelayRecord[]} : undefined;
	} catch {
		return undefined;
	}
}

/**
 * A client served by another process or thread, as the model's probe sees it: its records are
 * replayed under the fd the model accepted it on, so counters and client stats stay exact.
 */
export class RelayedClient {
	/** The kernel id of the thread (or the pid of the process) serving it, once ready; 0 before. */
	tid = 0;
	/** The server's resident memory when it last said, or -1. */
	rssKb = -1;
	/** Whether the server closed the connection and said why. */
	isClosed = false;
	/** When the model started its process or thread. */
	readonly startedAt = wallClock();

	constructor(
		readonly fd: number,
		private readonly probe: Probe,
		/** Called once it is ready, with how long its start took. */
		private readonly onReady: (client: RelayedClient, startMs: number) => void,
	) {}

	replay(records: readonly RelayRecord[]): void {
		const {fd, probe} = this;
		for (const record of records) {
			switch (record[0]) {
				case 'ready': {
					this.ready(record[1], record[2], record[3]);
					break;
				}

				case 'rss': {
					this.rssKb = record[1];
					break;
				}

				case 'recv': {
					probe.recv(fd, record[1], record[2] === undefined ? undefined : Buffer.from(record[2], 'base64'));
					break;
				}

				case 'send': {
					probe.send(fd, record[1], record[2]);
					break;
				}

				case 'count': {
					probe.count(record[1]);
					break;
				}

				case 'syscalls': {
					probe.syscallsElsewhere(record[1]);
					break;
				}

				case 'blocked-in': {
					this.blockedIn(record[1]);
					break;
				}

				case 'left-out': {
					this.leftOut(record);
					break;
				}

				case 'closed': {
					this.isClosed = true;
					probe.closed(fd, record[1], record[2]);
					break;
				}

				case 'error': {
					probe.error(record[1], record[2], record[3], fd);
					break;
				}
			}
		}
	}

	/** It is ready: `tid` serves it since `at` (wall clock, ms), with `rssKb` of resident memory. */
	ready(tid: number, at: number, rssKb: number): void {
		this.tid = tid;
		this.rssKb = rssKb;
		this.onReady(this, Math.max(0, at - this.startedAt));
	}

	/** Calls counted, not recorded: into the probe's counters, this client's stats and the summary. */
	private leftOut([, recvCalls, recvBytes, sendCalls, sendBytes, partialSends, blockedIn]: Extract<RelayRecord, readonly ['left-out', ...unknown[]]>): void {
		const {fd, probe} = this;
		if (recvCalls > 0) {
			probe.leftOut(fd, 'recv', recvCalls, recvBytes);
		}

		if (sendCalls > 0) {
			probe.leftOut(fd, 'send', sendCalls, sendBytes, partialSends);
		}

		if (blockedIn > 0) {
			probe.leftOut(fd, 'blocked-in', blockedIn);
		}
	}

	/** It is about to block in `call`. */
	blockedIn(call: BlockingCall): void {
		this.probe.emit({kind: 'blocked-in', call, fd: this.fd, tid: this.tid});
	}
}
