// What a lesson's steps drive and record through: the model, the clients, bounded waits, and the checks. Stops all it started.
import {setMaxListeners} from 'node:events';
import {setTimeout as delay} from 'node:timers/promises';
import type {EngineApi, EngineOptions} from '../engine/engine-api.js';
import type {ModelCpu} from '../engine/model-cpu.js';
import type {ModelOptions} from '../models/model.js';
import {IdleClients} from './idle-clients.js';
import {LabClient} from './lab-client.js';
import {LabServer} from './lab-server.js';
import type {Check} from './lesson.js';

/**
 * How long a step waits for what it needs by default (a model listening, clients accepted).
 * Generous: the machine may be shared and loaded many times over, and a wait that succeeds ends
 * as soon as it does.
 */
const WAIT_MS = 10_000;
/** How long each new client's process or thread may take to start on a loaded machine. */
const START_MS_EACH = 3000;

/** How the lab starts a model. */
export type StartOptions = Partial<ModelOptions> & {
	/** listen()'s backlog. @default 128 */
	readonly backlog?: number;
	/** Spare fds the engine holds while the model runs (select's FD_SETSIZE wall). @default 0 */
	readonly reserveFds?: number;
};

/** What a lab tells whoever runs the lesson, as it happens. */
export type LabListener = {
	/** A check was recorded. */
	readonly onCheck: (check: Check) => void;
	/** A line of context beside the checks. */
	readonly onNote: (text: string) => void;
	/** A model started on this engine: a monitor can show it. */
	readonly onModel: (modelId: string, engine: EngineApi) => void;
};

/** A lesson's step failed to get what it needs (not a claim that failed: the lesson cannot go on). */
class LessonStepError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'LessonStepError';
	}
}

/**
 * The lab a lesson runs in. It owns every model, client and child process it starts; `close()`
 * stops them all, whatever state the lesson left them in. One model runs at a time.
 */
export class Lab {
	private server?: LabServer;
	private readonly clients = new Set<LabClient>();
	private readonly idle = new Set<IdleClients>();

	constructor(
		private readonly listener: LabListener,
		/** Aborts every wait; the runner then closes the lab. */
		readonly signal: AbortSignal,
		/** Makes the engine of each model started; a monitor hands over one it shows (it may stop its own first). */
		private readonly createEngine: (options: EngineOptions) => EngineApi | Promise<EngineApi>,
	) {
		// Every client of a step may be waiting at once, each wait listening for the abort.
		setMaxListeners(1000, signal);
	}

	/** Record a check: `held` is decided from measured values, `evidence` says them. */
	check(expect: string, held: boolean, evidence: string, measured: Readonly<Record<string, number>> = {}): boolean {
		this.listener.onCheck({expect, verdict: held ? 'held' : 'did-not-hold', evidence, measured});
		return held;
	}

	/** Say something beside the checks: a figure that is not a claim, a caveat. */
	note(text: string): void {
		this.listener.onNote(text);
	}

	/** Record a check that cannot be made here, and why. */
	unavailable(expect: string, reason: string): void {
		this.listener.onCheck({expect, verdict: 'unavailable', evidence: reason, measured: {}});
	}

	/**
	 * Start `modelId` on 127.0.0.1 with a port the kernel picks, stopping the model running before;
	 * resolves once it listens. Throws ModelUnavailableError when it cannot run here.
	 */
	async startModel(modelId: string, {backlog, reserveFds, ...options}: StartOptions = {}): Promise<LabServer> {
		await this.stopModel();
		const engine = await this.createEngine({
			port: 0, sampleMs: 100, ...(backlog === undefined ? {} : {backlog}), ...(reserveFds === undefined ? {} : {reserveFds}),
		});
		const server = new LabServer(engine, modelId);
		this.server = server;
		await engine.start(modelId, options);
		this.listener.onModel(modelId, engine);
		await this.require(`${modelId} listening`, () => server.eventsOf('listening').length > 0 || server.failures.length > 0);
		if (server.failures.length > 0) {
			throw new LessonStepError(`${modelId} failed: ${server.failures[0]!}`);
		}

		return server;
	}

	/** Stop the running model, if any. */
	async stopModel(): Promise<void> {
		const {server} = this;
		this.server = undefined;
		await server?.stop();
	}

	/** Open a client to `server` and wait for its handshake (up to `ms`); it may still be connecting after. */
	async connect(server: LabServer, ms = WAIT_MS): Promise<LabClient> {
		const client = LabClient.open(server.port);
		this.clients.add(client);
		await this.waitFor('connect', () => client.isConnected || client.isClosed, ms);
		return client;
	}

	/** Open `count` clients one after another, each connected before the next. */
	async connectMany(server: LabServer, count: number): Promise<LabClient[]> {
		const opened: LabClient[] = [];
		for (let index = 0; index < count; index++) {
			const client = await this.connect(server);
			if (!client.isConnected) {
				throw new LessonStepError(`client ${index + 1} of ${count} could not connect`);
			}

			opened.push(client);
		}

		return opened;
	}

	/**
	 * Open clients until `clients` holds `total`, each echoed once: served, whatever the model.
	 * Generous with time: a process or a thread per client takes seconds each on a loaded machine.
	 */
	async growClients(server: LabServer, clients: LabClient[], total: number): Promise<void> {
		const added = await this.connectMany(server, total - clients.length);
		clients.push(...added);
		for (const client of added) {
			client.send('ping|');
		}

		await this.require(`${total} clients echoed`, () => added.every(client => client.received >= 5), WAIT_MS + (START_MS_EACH * added.length));
	}

	/** The model's next CPU reading (about once a second, from /proc), or undefined after 5 s without one. */
	async nextCpuReading(server: LabServer): Promise<ModelCpu | undefined> {
		const seen = server.cpu.length;
		return this.waitFor('a CPU reading', () => server.cpu.length > seen && server.cpu.at(-1), 5000);
	}

	/** `count` idle connections held by a child process; closed with the lab, or by `release`. */
	async idleClients(server: LabServer, count: number): Promise<IdleClients> {
		const clients = await IdleClients.open('127.0.0.1', server.port, count, this.signal);
		this.idle.add(clients);
		return clients;
	}

	/** Close idle clients before the lab ends. */
	async release(clients: IdleClients): Promise<void> {
		this.idle.delete(clients);
		await clients.close();
	}

	/** Poll `check` every 10 ms until it gives a value or `ms` pass: the value, or undefined. */
	async waitFor<T>(_what: string, check: () => T | undefined | false, ms = WAIT_MS): Promise<T | undefined> {
		const deadline = performance.now() + ms;
		for (;;) {
			this.signal.throwIfAborted();
			const value = check();
			if (value) {
				return value;
			}

			if (performance.now() >= deadline) {
				return undefined;
			}

			await delay(10, undefined, {signal: this.signal});
		}
	}

	/** Like waitFor, for what the step cannot go on without: throws a LessonStepError naming it. */
	async require<T>(what: string, check: () => T | undefined | false, ms = WAIT_MS): Promise<T> {
		const value = await this.waitFor(what, check, ms);
		if (!value) {
			throw new LessonStepError(`timed out after ${ms / 1000} s waiting for ${what}`);
		}

		return value;
	}

	/** Let `ms` pass (what should not happen has time to happen). */
	async settle(ms: number): Promise<void> {
		await delay(ms, undefined, {signal: this.signal});
	}

	/** Stop everything the lab started: clients, idle clients, the model. */
	async close(): Promise<void> {
		for (const client of this.clients) {
			client.destroy();
		}

		this.clients.clear();
		await Promise.all([...this.idle].map(async clients => clients.close()));
		this.idle.clear();
		await this.stopModel();
	}
}
