// Runs one model through the real engine on a port the kernel picks, and records what it reports.
import {Engine} from '../../source/engine/engine.js';
import type {QueueSample} from '../../source/engine/queue-sampler.js';
import type {ProbeBatch, ServerEvent} from '../../source/models/probe/events.js';
import type {EchoClient} from './echo-client.js';
import {waitUntil} from './time.js';

/** A running model plus everything it reported so far. */
export type ModelHarness = {
	readonly engine: Engine;
	readonly port: number;
	readonly events: ServerEvent[];
	readonly samples: QueueSample[];
	readonly batches: ProbeBatch[];
	readonly failures: string[];
	/** Events of one kind, narrowed. */
	eventsOf<K extends ServerEvent['kind']>(kind: K): Array<Extract<ServerEvent, {kind: K}>>;
	/** Wait until an event matching `match` arrives. */
	waitForEvent<K extends ServerEvent['kind']>(kind: K, match?: (event: Extract<ServerEvent, {kind: K}>) => boolean, ms?: number): Promise<Extract<ServerEvent, {kind: K}>>;
	stop(): Promise<void>;
};

/** What a suite that runs one model per test keeps: the harness, and the clients to close after each test. */
export type ModelSuiteContext = {harness?: ModelHarness; clients: EchoClient[]};

/** after.each of such a suite: close every client, stop the model. */
export async function closeClientsAndStop(context: ModelSuiteContext): Promise<void> {
	for (const client of context.clients.splice(0)) {
		client.close();
	}

	await context.harness?.stop();
}

/** Start `modelId` on 127.0.0.1, port 0; model options not given keep their defaults. */
export async function startModel(modelId: string, {readOnce = false, sampleMs = 50, backlog = 128, maxProcs, maxThreads}: {
	readonly readOnce?: boolean;
	readonly sampleMs?: number;
	readonly backlog?: number;
	readonly maxProcs?: number;
	readonly maxThreads?: number;
} = {}): Promise<ModelHarness> {
	const engine = new Engine({port: 0, sampleMs, backlog});
	const events: ServerEvent[] = [];
	const samples: QueueSample[] = [];
	const batches: ProbeBatch[] = [];
	const failures: string[] = [];
	engine.on('batch', batch => {
		batches.push(batch);
		events.push(...batch.events);
	});
	engine.on('sample', sample => samples.push(sample));
	engine.on('failed', message => failures.push(message));
	await engine.start(modelId, {readOnce, maxProcs, maxThreads});
	const eventsOf = <K extends ServerEvent['kind']>(kind: K) =>
		events.filter((event): event is Extract<ServerEvent, {kind: K}> => event.kind === kind);
	try {
		await waitUntil(10_000, `${modelId} listening`, () => eventsOf('listening').length > 0);
	} catch (error) {
		await engine.stop(); // Nobody else holds this engine: a model left running would outlive the test run.
		throw error;
	}

	return {
		engine,
		port: engine.address!.port,
		events,
		samples,
		batches,
		failures,
		eventsOf,
		async waitForEvent(kind, match = () => true, ms = 5000) {
			return waitUntil(ms, `a ${kind} event`, () => eventsOf(kind).find(event => match(event)));
		},
		stop: async () => engine.stop(),
	};
}
