// Carries out the keymap's actions on the engine and the built-in clients, feeds the store, and lends the screen to a lesson.
import type {EngineApi, EngineOptions} from '../engine/engine-api.js';
import type {BuiltinClients} from '../load/builtin-clients.js';
import type {MonitorAction} from './keymap.js';
import type {MonitorStore} from './monitor-store.js';
import {LessonSession, type LessonHost} from './lesson-session.js';

/** What the controller does on the engine and the built-in clients: the keymap's actions that reach them, with the client they name. */
export type ControllerCommand =
	| Extract<MonitorAction, {readonly type: 'switch-model' | 'add-clients' | 'drop-clients' | 'toggle-auto' | 'toggle-read-once'}>
	/** Every built-in client sends a message, or the one numbered `clientId`. */
	| {readonly type: 'send'; readonly clientId?: number}
	/** Close built-in client `clientId`. */
	| {readonly type: 'close-client'; readonly clientId: number};

/**
 * What `.` did: step mode `entered`; one held call let through (`stepped`); none held, so the press
 * is dropped (`nothing-held`: the loop is inside a call, a wait blocked until a client talks, say);
 * `refused` during a lesson.
 */
export type StepOutcome = 'entered' | 'stepped' | 'nothing-held' | 'refused';

/**
 * The monitor's moving parts, wired together. The screen shows one engine at a time: the
 * monitor's own (`home`), or during a lesson the engine of the lesson's model, which the lesson
 * drives and stops; the store is fed by whichever is shown.
 */
export class MonitorController implements LessonHost {
	/** The lesson on screen, if any; it drives the server and clients meanwhile, so the keys that do are refused. */
	readonly lessons: LessonSession = new LessonSession(this);
	/** Switches run one after another: a key pressed mid-switch waits its turn. */
	private queue: Promise<void> = Promise.resolve();
	private auto = false;
	/** The model the monitor ran when a lesson took over: where it goes back to if the lesson ran none. */
	private homeModel?: string;
	private unwatch = (): void => undefined;

	constructor(
		private readonly home: EngineApi,
		private readonly clients: BuiltinClients,
		readonly store: MonitorStore,
		/** Makes a lesson's engines: where the home engine runs its models, theirs run too. */
		private readonly createEngine: (options: EngineOptions) => EngineApi,
	) {
		clients.on('report', report => store.builtinReport(report));
		this.watch(home);
	}

	/** Start the first model. Throws SysError (EADDRINUSE, ...) when it cannot listen. */
	async start(modelId: string, readOnce: boolean): Promise<void> {
		await this.home.start(modelId, {readOnce});
	}

	/** Do what a key asked. What only changes the screen (help, pause, selection, quit) is the App's. */
	dispatch(action: ControllerCommand): void {
		// The lesson drives the server and the clients; the keys refuse with a notice first (handle-key.ts).
		if (this.lessons.isActive) {
			return;
		}

		switch (action.type) {
			case 'switch-model': {
				this.queue = this.queue.then(async () => {
					if (this.home.modelId === action.modelId) {
						return;
					}

					try {
						await this.home.start(action.modelId);
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
				// The store follows the engine's 'read-once' event, as it does when a lesson switches it.
				this.home.setReadOnce(!this.home.isReadOnce);
				break;
			}
		}
	}

	/**
	 * `.`: enter step mode on the monitor's own engine, or in it, let the held call through. Not
	 * during a lesson: its checks wait for evidence within deadlines, and a held server would turn
	 * a claim that holds into one that did not.
	 */
	step(): StepOutcome {
		if (this.lessons.isActive) {
			return 'refused';
		}

		if (!this.home.stepping) {
			this.home.setStepping(true);
			this.store.setStepping(true);
			return 'entered';
		}

		const seq = this.home.heldStep;
		if (!this.home.step()) {
			return 'nothing-held';
		}

		this.store.stepReleased(seq);
		return 'stepped';
	}

	/** `c`: leave step mode, the held call goes through and the loop runs on. False when it was off. */
	continue(): boolean {
		if (!this.home.stepping) {
			return false;
		}

		this.home.setStepping(false);
		this.store.setStepping(false);
		return true;
	}

	/** Resolves once pending switches are done (tests wait on it). */
	async settled(): Promise<void> {
		await this.queue;
	}

	/** A lesson starts: no built-in client or automatic traffic of the monitor's beside its own clients. */
	async handOver(): Promise<void> {
		await this.queue;
		this.homeModel = this.home.modelId ?? this.homeModel;
		// The lesson's engines never step (see step()); the monitor's model is back unheld after it.
		this.continue();
		this.auto = false;
		this.clients.command({type: 'auto', on: false});
		this.clients.command({type: 'drop', count: 'all'});
	}

	/** The engine of the lesson's next model, shown from now on; the monitor's own model stops first. */
	async engineFor(options: EngineOptions): Promise<EngineApi> {
		await this.home.stop();
		const engine = this.createEngine(options);
		this.watch(engine);
		return engine;
	}

	/** The lesson is over: the monitor's own engine runs `modelId` (or the model it ran before), and is shown again. */
	async takeBack(modelId: string | undefined): Promise<void> {
		this.watch(this.home);
		this.queue = this.queue.then(async () => {
			for (const id of new Set([modelId, this.homeModel].filter(each => each !== undefined))) {
				// The next model is tried only when this one could not start.
				try {
					await this.home.start(id);
					return;
				} catch (error) {
					this.store.modelFailed(`could not start ${id}: ${(error as Error).message}`);
				}
			}
		});
		await this.queue;
	}

	/** Stop the lesson, the clients and the server; the terminal is the App's to restore. */
	async stop(): Promise<void> {
		await this.lessons.stop();
		await this.queue;
		await this.clients.stop();
		await this.home.stop();
	}

	/** Feed the store from `engine` (and no longer from the engine shown before). */
	private watch(engine: EngineApi): void {
		this.unwatch();
		const {store, clients} = this;
		const onBatch = store.batch.bind(store);
		const onSample = store.sample.bind(store);
		const onFailed = (message: string): void => store.modelFailed(message);
		const onReadOnce = (on: boolean): void => store.setReadOnce(on);
		// On 'started', synchronously inside engine.start: nothing of the new model can arrive before it.
		const onStarted = (modelId: string): void => {
			const {host, port} = engine.address!;
			clients.command({type: 'target', host, port});
			store.modelStarted(modelId, host, port);
			// A lesson may start a model reading once per event (level vs edge): the model bar says so.
			store.setReadOnce(engine.isReadOnce);
		};

		engine.on('batch', onBatch);
		engine.on('sample', onSample);
		engine.on('failed', onFailed);
		engine.on('started', onStarted);
		engine.on('read-once', onReadOnce);
		this.unwatch = () => {
			engine.off('batch', onBatch);
			engine.off('sample', onSample);
			engine.off('failed', onFailed);
			engine.off('started', onStarted);
			engine.off('read-once', onReadOnce);
		};
	}
}
