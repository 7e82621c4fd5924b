// A model a lesson runs: its engine, and everything the model and the kernel reported since it started.
import type {EngineApi} from '../engine/engine-api.js';
import type {ModelCpu} from '../engine/model-cpu.js';
import type {QueueSample} from '../engine/queue-sampler.js';
import {emptyCounters, type ClientStats, type Counters, type ProbeBatch, type ServerEvent} from '../models/probe/events.js';

/** An event of one kind, narrowed. */
export type EventOf<K extends ServerEvent['kind']> = Extract<ServerEvent, {kind: K}>;

/** A running model with its records. Made and stopped by the Lab. */
export class LabServer {
	/** Every event, in order. */
	readonly events: ServerEvent[] = [];
	/** Messages of a model loop that died on its own. */
	readonly failures: string[] = [];
	/** The largest application queue each fd reached, by fd (select-queue's message queues). */
	readonly peakAppQueue = new Map<number, number>();
	/** The model's CPU use, about once a second (its threads and child processes). */
	readonly cpu: ModelCpu[] = [];
	private lastCounters: Counters = emptyCounters();
	private readonly stats = new Map<number, ClientStats>();
	private readonly peers = new Map<string, number>();

	constructor(readonly engine: EngineApi, readonly modelId: string) {
		engine.on('batch', this.onBatch);
		engine.on('sample', this.onSample);
		engine.on('failed', this.onFailed);
	}

	/** The port the model listens on. */
	get port(): number {
		return this.engine.address?.port ?? 0;
	}

	/** The model's counters as of its last batch. */
	get counters(): Readonly<Counters> {
		return this.lastCounters;
	}

	/** What the server knows of the client on `fd`, as of its last batch. */
	client(fd: number): ClientStats | undefined {
		return this.stats.get(fd);
	}

	/** Events of one kind, from index `from` of `events` on. */
	eventsOf<K extends ServerEvent['kind']>(kind: K, from = 0): Array<EventOf<K>> {
		const found: Array<EventOf<K>> = [];
		for (let index = from; index < this.events.length; index++) {
			const event = this.events[index]!;
			if (event.kind === kind) {
				found.push(event as EventOf<K>);
			}
		}

		return found;
	}

	/** The `accepted` event of the client at `address` (`127.0.0.1:54321`), if it was accepted and reported in detail. */
	acceptedEvent(address: string): EventOf<'accepted'> | undefined {
		return this.eventsOf('accepted').find(event => event.peer === address);
	}

	/**
	 * The server's fd of the client at `address`, once accepted: from the client stats of every
	 * batch, which are never summarised away (a burst of accepts is, past 64 events a batch).
	 */
	fdOf(address: string): number | undefined {
		return this.peers.get(address);
	}

	/**
	 * A queue sample taken now, the kernel's list of connections included; undefined once the
	 * model has stopped.
	 */
	sample(): QueueSample | undefined {
		return this.engine.sampleNow();
	}

	/** Stop the model; its sockets close, its threads and processes end. */
	async stop(): Promise<void> {
		await this.engine.stop();
		this.engine.off('batch', this.onBatch);
		this.engine.off('sample', this.onSample);
		this.engine.off('failed', this.onFailed);
	}

	private readonly onBatch = (batch: ProbeBatch): void => {
		this.events.push(...batch.events);
		this.lastCounters = batch.counters;
		for (const client of batch.clients) {
			this.stats.set(client.fd, client);
			this.peers.set(client.peer, client.fd);
			this.peakAppQueue.set(client.fd, Math.max(this.peakAppQueue.get(client.fd) ?? 0, client.appQueue));
		}
	};

	private readonly onSample = (sample: QueueSample): void => {
		if (sample.cpu) {
			this.cpu.push(sample.cpu);
		}
	};

	private readonly onFailed = (message: string): void => {
		this.failures.push(message);
	};
}
