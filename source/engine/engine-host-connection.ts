// The monitor's side of the engine host: starts its worker once, routes requests, replies and events, and asks for samples synchronously.
import {MessageChannel, receiveMessageOnPort, type MessagePort, type Worker} from 'node:worker_threads';
import {startSiblingWorker} from '../util/sibling-module.js';
import type {EngineHostData} from './engine-host.js';
import {reviveError, type EngineMessage, type HostMessage, type HostRequest, type SampleRequest} from './engine-host-protocol.js';

/** How long sampleNow waits for the host: a sample takes about a millisecond; a host stuck must not freeze the screen. */
const SAMPLE_TIMEOUT_MS = 2000;

/** Who receives what the host says of one engine (RemoteEngine). */
export type HostedEngine = {
	receive(message: EngineMessage): void;
	/** The host thread died: whatever ran in it is gone. */
	lost(reason: string): void;
};

type Pending = {readonly resolve: () => void; readonly reject: (error: Error) => void};

/** The one engine host of this process, started on first use. */
export class EngineHostConnection {
	private static current?: EngineHostConnection;
	private readonly engines = new Map<number, HostedEngine>();
	private readonly pending = new Map<number, Pending>();
	private readonly answered = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
	private readonly syncPort: MessagePort;
	private readonly out: MessagePort;
	private readonly worker: Worker;
	private nextId = 1;
	private deadReason?: string;

	private constructor() {
		const sync = new MessageChannel();
		const out = new MessageChannel();
		this.syncPort = sync.port1;
		this.out = out.port1;
		const workerData: EngineHostData = {syncPort: sync.port2, out: out.port2, answered: this.answered};
		this.worker = startSiblingWorker(import.meta.url, './engine-host', {workerData, transferList: [sync.port2, out.port2]});
		// Idle, the host does not keep the process alive; a call in flight does (see call()).
		this.worker.unref();
		this.out.on('message', (message: HostMessage) => {
			this.handle(message);
		});
		this.out.unref();
		this.worker.on('error', error => {
			this.die(`the engine host failed: ${error.message}`);
		});
		this.worker.on('exit', code => {
			this.die(`the engine host exited (code ${code})`);
		});
	}

	/** This process's host, started now if it is not running. */
	static shared(): EngineHostConnection {
		EngineHostConnection.current ??= new EngineHostConnection();
		return EngineHostConnection.current;
	}

	/** Make an engine in the host; what it emits goes to `engine`. Returns its id for requests. */
	attach(engine: HostedEngine, request: (id: number) => HostRequest & {type: 'create'}): number {
		const id = this.nextId++;
		this.engines.set(id, engine);
		this.post(request(id));
		return id;
	}

	/** A request with no answer. */
	post(request: HostRequest): void {
		if (this.deadReason === undefined) {
			this.worker.postMessage(request);
		}
	}

	/** A request answered by a reply: resolves, or rejects with the error the host's engine threw. */
	async call(request: (call: number) => HostRequest): Promise<void> {
		if (this.deadReason !== undefined) {
			throw new Error(this.deadReason);
		}

		const call = this.nextId++;
		const done = new Promise<void>((resolve, reject) => {
			this.pending.set(call, {resolve, reject});
		});
		this.worker.ref();
		this.worker.postMessage(request(call));
		return done;
	}

	/**
	 * Have the host take a queue sample of `engine` now while this thread waits (lessons check the
	 * kernel's queues in synchronous conditions). The sample reaches `engine` as its 'sample' event,
	 * before this returns true; false when none was taken, or none came within SAMPLE_TIMEOUT_MS.
	 */
	sampleNow(engine: number): boolean {
		if (this.deadReason !== undefined) {
			return false;
		}

		const request: SampleRequest = {id: this.nextId++, engine};
		this.syncPort.postMessage(request);
		const deadline = performance.now() + SAMPLE_TIMEOUT_MS;
		for (;;) {
			// Read before looking at the port: an answer posted after this read changes it, and the wait returns at once.
			const seen = Atomics.load(this.answered, 0);
			// What the host posted before the answer is handled first, in its order: a periodic sample
			// taken before this one must not arrive after it and put the screen back in time.
			for (let received = receiveMessageOnPort(this.out); received; received = receiveMessageOnPort(this.out)) {
				const message = received.message as HostMessage;
				if (message.type !== 'sample-answer') {
					this.handle(message);
				} else if (message.id === request.id) {
					return message.sampled;
				}
				// An earlier request's answer, come after its wait gave up: dropped.
			}

			const left = deadline - performance.now();
			if (left <= 0) {
				return false;
			}

			Atomics.wait(this.answered, 0, seen, left);
		}
	}

	private handle(message: HostMessage): void {
		if (message.type === 'reply') {
			this.settle(message.call, message.error ? reviveError(message.error) : undefined);
		} else if (message.type !== 'sample-answer') {
			this.engines.get(message.engine)?.receive(message);
		}
		// A sample answer not taken by its sampleNow: that wait gave up; dropped.
	}

	private settle(call: number, error: Error | undefined): void {
		const pending = this.pending.get(call);
		this.pending.delete(call);
		if (this.pending.size === 0) {
			this.worker.unref();
		}

		if (error) {
			pending?.reject(error);
		} else {
			pending?.resolve();
		}
	}

	private die(reason: string): void {
		if (this.deadReason !== undefined) {
			return;
		}

		this.deadReason = reason;
		for (const call of [...this.pending.keys()]) {
			this.settle(call, new Error(reason));
		}

		for (const engine of this.engines.values()) {
			engine.lost(reason);
		}

		// The next engine made starts a new host.
		EngineHostConnection.current = undefined;
	}
}
