// An engine whose models run in the engine host's thread: the monitor's, so its UI thread loads no koffi and no model code.
import {EventEmitter} from 'node:events';
import type {ModelOptions} from '../models/model.js';
import {StepGate} from '../sys/step-gate.js';
import type {EngineApi, EngineEventMap, EngineOptions} from './engine-api.js';
import {EngineHostConnection, type HostedEngine} from './engine-host-connection.js';
import type {EngineMessage} from './engine-host-protocol.js';
import type {QueueSample} from './queue-sampler.js';

/**
 * The Engine API over the engine host. What the API reads synchronously is mirrored here from
 * the host's messages (the model, its address, read-once); step mode acts on the run's step gate
 * in shared memory, as the Engine itself does; sampleNow waits for the host's answer.
 */
export class RemoteEngine extends EventEmitter<EngineEventMap> implements EngineApi, HostedEngine {
	modelId: string | undefined;
	address: {readonly host: string; readonly port: number} | undefined;
	isReadOnce = false;
	stepping = false;
	private gate?: StepGate;
	/** The last sample the host's engine emitted: what sampleNow returns. */
	private lastSample?: QueueSample;
	private readonly id: number;

	constructor(options: EngineOptions = {}, private readonly host = EngineHostConnection.shared()) {
		super();
		this.id = host.attach(this, engine => ({type: 'create', engine, options}));
	}

	async start(modelId: string, options: Partial<ModelOptions> = {}): Promise<void> {
		await this.host.call(call => ({type: 'start', engine: this.id, call, modelId, options}));
	}

	async stop(): Promise<void> {
		this.forgetRun();
		await this.host.call(call => ({type: 'stop', engine: this.id, call}));
	}

	sampleNow(): QueueSample | undefined {
		if (this.modelId === undefined) {
			return undefined;
		}

		// The sample comes as the host's 'sample' event, emitted here (as Engine does) before the host answers.
		this.lastSample = undefined;
		return this.host.sampleNow(this.id) ? this.lastSample : undefined;
	}

	setReadOnce(on: boolean): void {
		// The host's engine says 'read-once' when it has switched; the mirror moves now, so two presses toggle twice.
		if (on !== this.isReadOnce) {
			this.isReadOnce = on;
			this.host.post({type: 'read-once', engine: this.id, on});
		}
	}

	setStepping(on: boolean): void {
		this.stepping = on;
		if (this.gate) {
			this.gate.stepping = on;
		}

		// The host's engine keeps it for the models it starts next.
		this.host.post({type: 'stepping', engine: this.id, on});
	}

	get heldStep(): number {
		return this.gate?.held ?? 0;
	}

	step(): boolean {
		return this.stepping && this.gate !== undefined && this.gate.step();
	}

	receive(message: EngineMessage): void {
		if (message.type === 'started') {
			this.modelId = message.modelId;
			this.address = message.address;
			this.isReadOnce = message.readOnce;
			this.gate = new StepGate(message.stepGate);
			this.emit('started', message.modelId);
			return;
		}

		if (message.name === 'sample') {
			this.lastSample = message.args[0];
		} else if (message.name === 'stopped') {
			this.forgetRun();
		} else if (message.name === 'read-once') {
			this.isReadOnce = message.args[0];
		}

		(this.emit as (name: string, ...args: unknown[]) => boolean)(message.name, ...message.args);
	}

	lost(reason: string): void {
		const {modelId} = this;
		this.forgetRun();
		if (modelId !== undefined) {
			this.emit('failed', reason, modelId);
		}
	}

	private forgetRun(): void {
		this.modelId = undefined;
		this.address = undefined;
		this.gate = undefined;
	}
}
