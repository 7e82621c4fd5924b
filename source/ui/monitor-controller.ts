// Carries out the keymap's actions on the engine and the built-in clients, and feeds the store.
import type {Engine} from '../engine/engine.js';
import type {BuiltinClients} from '../load/builtin-clients.js';
import type {MonitorAction} from './keymap.js';
import type {MonitorStore} from './monitor-store.js';

/** What the controller does on the engine and the built-in clients: the keymap's actions that reach them, with the client they name. */
export type ControllerCommand =
	| Extract<MonitorAction, {readonly type: 'switch-model' | 'add-clients' | 'drop-clients' | 'toggle-auto' | 'toggle-read-once'}>
	/** Every built-in client sends a message, or the one numbered `clientId`. */
	| {readonly type: 'send'; readonly clientId?: number}
	/** Close built-in client `clientId`. */
	| {readonly type: 'close-client'; readonly clientId: number};

/** The monitor's moving parts, wired together. */
export class MonitorController {
	/** Switches run one after another: a key pressed mid-switch waits its turn. */
	private queue: Promise<void> = Promise.resolve();
	private auto = false;

	constructor(
		private readonly engine: Engine,
		private readonly clients: BuiltinClients,
		readonly store: MonitorStore,
	) {
		engine.on('batch', (batch, modelId) => store.batch(batch, modelId));
		engine.on('sample', (sample, modelId) => store.sample(sample, modelId));
		engine.on('failed', message => store.modelFailed(message));
		clients.on('report', report => store.builtinReport(report));
		// On 'started', synchronously inside engine.start: nothing of the new model can arrive before it.
		engine.on('started', modelId => {
			const {host, port} = engine.address!;
			clients.command({type: 'target', host, port});
			store.modelStarted(modelId, host, port);
		});
	}

	/** Start the first model. Throws SysError (EADDRINUSE, ...) when it cannot listen. */
	async start(modelId: string, readOnce: boolean): Promise<void> {
		await this.engine.start(modelId, {readOnce});
		this.store.setReadOnce(readOnce);
	}

	/** Do what a key asked. What only changes the screen (help, pause, selection, quit) is the App's. */
	dispatch(action: ControllerCommand): void {
		switch (action.type) {
			case 'switch-model': {
				this.queue = this.queue.then(async () => {
					if (this.engine.modelId === action.modelId) {
						return;
					}

					try {
						await this.engine.start(action.modelId);
						this.clients.command({type: 'reconnect'});
					} catch (error) {
						this.store.modelFailed(`could not start ${action.modelId}: ${(error as Error).message}`);
					}
				});
				break;
			}

			case 'add-clients': {
				this.clients.command({type: 'add', count: action.count});
				break;
			}

			case 'drop-clients': {
				this.clients.command({type: 'drop', count: action.count});
				break;
			}

			case 'send': {
				this.clients.command(action.clientId === undefined ? {type: 'send'} : {type: 'send', id: action.clientId});
				break;
			}

			case 'close-client': {
				this.clients.command({type: 'close', id: action.clientId});
				break;
			}

			case 'toggle-auto': {
				this.auto = !this.auto;
				this.clients.command({type: 'auto', on: this.auto});
				break;
			}

			case 'toggle-read-once': {
				const on = !this.engine.isReadOnce;
				this.engine.setReadOnce(on);
				this.store.setReadOnce(on);
				break;
			}
		}
	}

	/** Resolves once pending switches are done (tests wait on it). */
	async settled(): Promise<void> {
		await this.queue;
	}

	/** Stop the clients and the server; the terminal is the App's to restore. */
	async stop(): Promise<void> {
		await this.queue;
		await this.clients.stop();
		await this.engine.stop();
	}
}
