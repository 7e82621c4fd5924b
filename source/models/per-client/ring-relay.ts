// Draining a client thread's record ring (record-ring.ts) into the model's probe, as RelayedClient replays a fork child's lines.
import {RECV_HEAD_BYTES} from '../probe/events.js';
import type {Probe} from '../probe/probe.js';
import {RecordKind, RingTotal, blockingCallName, type Dropped, type RecordRing, type RecordVisitor} from './record-ring.js';
import type {RelayedClient} from './relay.js';

const noneDropped = (): Dropped => ({recv: 0, recvBytes: 0, send: 0, sendBytes: 0, partial: 0, blockedIn: 0});

/**
 * The model's side of one client thread's ring. Each drain replays the records into the probe
 * as RelayedClient replays them (so events, client stats and counters are those of the fork
 * model's relay), then adds what the ring had no room for, and the thread's running totals.
 *
 * A call the ring dropped is handed to the probe like a recorded one, with no head, and the
 * probe counts it in its summary: the drain reads the drop counts before the records, so a drop
 * it sees was made with the ring full, and the records replayed first (DETAIL_RECORDS, more than
 * a probe batch keeps) have used up the batch's detail. Counters and client stats stay exact.
 */
export class RingRelay {
	/** Drops accounted for so far. */
	private readonly accounted = noneDropped();
	/** Drops as read at this drain. */
	private readonly seen = noneDropped();
	private syscalls = 0;
	private eagain = 0;
	private eintr = 0;
	/** The call of the last blocked-in replayed, for blocked-in records the ring dropped. */
	private lastCall = 'recv';
	private readonly visit: RecordVisitor;

	constructor(
		private readonly ring: RecordRing,
		private readonly client: RelayedClient,
		private readonly probe: Probe,
	) {
		// Made once: a drain allocates nothing of its own.
		this.visit = (kind, a, b, at) => {
			this.replay(kind, a, b, at);
		};
	}

	/** Replay everything the thread has recorded since the last drain. */
	drain(): void {
		const {ring, probe} = this;
		ring.dropped(this.seen);
		ring.read(this.visit);
		this.addDropped();
		this.eagain = this.countNew('eagain', ring.total(RingTotal.eagain), this.eagain);
		this.eintr = this.countNew('eintr', ring.total(RingTotal.eintr), this.eintr);
		const syscalls = ring.total(RingTotal.syscalls);
		if (syscalls > this.syscalls) {
			probe.syscallsElsewhere(syscalls - this.syscalls);
			this.syscalls = syscalls;
		}
	}

	private replay(kind: RecordKind, a: number, b: number, at: number): void {
		const {client, probe, ring} = this;
		switch (kind) {
			case RecordKind.ready: {
				client.ready(a, ring.time(at), b);
				break;
			}

			case RecordKind.recv: {
				// The head is copied only if the probe keeps the event in detail.
				probe.recv(client.fd, a, b > 0 && probe.wants() ? ring.head(at, Math.min(b, RECV_HEAD_BYTES)) : undefined);
				break;
			}

			case RecordKind.send: {
				probe.send(client.fd, a, b);
				break;
			}

			case RecordKind.blockedIn: {
				this.lastCall = blockingCallName(a);
				client.blockedIn(this.lastCall);
				break;
			}

			case RecordKind.echo: {
				probe.recv(client.fd, a, b > 0 && probe.wants() ? ring.head(at, Math.min(b, RECV_HEAD_BYTES)) : undefined);
				probe.send(client.fd, a, a);
				// Its loop went straight back to recv: blocked there until its next record.
				this.lastCall = 'recv';
				client.blockedIn('recv');
				break;
			}
		}
	}

	private addDropped(): void {
		const {accounted, seen, probe, client} = this;
		const {fd} = client;
		// Counts wrap as int32; their difference does not.
		const recvs = (seen.recv - accounted.recv) | 0;
		// With no new call, bytes already added belong to a drop whose count is not stored yet: they wait for it.
		if (recvs > 0) {
			probe.leftOut(fd, 'recv', recvs, seen.recvBytes - accounted.recvBytes);
			accounted.recv = seen.recv;
			accounted.recvBytes = seen.recvBytes;
		}

		const sends = (seen.send - accounted.send) | 0;
		if (sends > 0) {
			const partial = Math.min((seen.partial - accounted.partial) | 0, sends);
			probe.leftOut(fd, 'send', sends, seen.sendBytes - accounted.sendBytes, partial);
			accounted.send = seen.send;
			accounted.sendBytes = seen.sendBytes;
			accounted.partial = (accounted.partial + partial) | 0;
		}

		// The same call again, each time: what the thread is shown blocked in does not change.
		probe.leftOut(fd, 'blocked-in', (seen.blockedIn - accounted.blockedIn) | 0);
		accounted.blockedIn = seen.blockedIn;
	}

	private countNew(name: 'eagain' | 'eintr', total: number, counted: number): number {
		if (total > counted) {
			this.probe.count(name, total - counted);
		}

		return Math.max(total, counted);
	}
}
