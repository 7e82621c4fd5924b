// Memory shared between the engine and a running model: the stop flag, live options, the fds the model owns, the step gate.
import {StepGate} from '../sys/step-gate.js';

/** The shared buffers behind a Control; posted to the model's worker as they are. */
export type ControlShared = {
	readonly flags: SharedArrayBuffer;
	readonly owned: SharedArrayBuffer;
	/** pids of the model's child processes not yet reaped, 0 in free slots. */
	readonly children: SharedArrayBuffer;
	/** Step mode's gate (sys/step-gate.ts). */
	readonly step: SharedArrayBuffer;
};

const STOP = 0;
const READ_ONCE = 1;
const AWAITING_LOADS = 2;
const FLAG_COUNT = 4;

/**
 * Both sides of the engine/model handshake. The model checks `stopping` (busy loops), marks
 * every client fd it holds with `own`/`disown`, and reads live options. The engine sets the
 * flags and, to stop a model blocked in `recv`, shuts down every owned fd: `close()` from
 * another thread does not wake a blocked `recv`, `shutdown()` does. The fd table is written
 * synchronously, so the engine knows an fd even before the model's batch saying so arrives.
 */
export class Control {
	private readonly flags: Int32Array;
	private readonly owned: Uint8Array;
	private readonly children: Int32Array;
	/** Step mode: the engine switches it and lets calls through; the model's thread holds each call at it. */
	readonly stepGate: StepGate;

	constructor(readonly shared: ControlShared) {
		this.flags = new Int32Array(shared.flags);
		this.owned = new Uint8Array(shared.owned);
		this.children = new Int32Array(shared.children);
		this.stepGate = new StepGate(shared.step);
	}

	/** Fresh shared memory for fds below `fdLimit` and up to `childLimit` child processes. */
	static create(fdLimit: number, childLimit = 0): Control {
		return new Control({
			flags: new SharedArrayBuffer(FLAG_COUNT * Int32Array.BYTES_PER_ELEMENT),
			owned: new SharedArrayBuffer(fdLimit),
			children: new SharedArrayBuffer(childLimit * Int32Array.BYTES_PER_ELEMENT),
			step: StepGate.create().shared,
		});
	}

	/** Whether the engine asked the model to stop. */
	get stopping(): boolean {
		return Atomics.load(this.flags, STOP) === 1;
	}

	/** Ask the model to stop; a call held at the step gate proceeds, so the loop can see it. */
	requestStop(): void {
		Atomics.store(this.flags, STOP, 1);
		Atomics.notify(this.flags, STOP);
		this.stepGate.stop();
	}

	/** Sleep up to `ms`, waking at once when a stop is requested. Returns whether stopping. */
	sleepUnlessStopped(ms: number): boolean {
		Atomics.wait(this.flags, STOP, 0, ms);
		return this.stopping;
	}

	/** epoll models: read once per readiness event instead of draining until EAGAIN. */
	get readOnce(): boolean {
		return Atomics.load(this.flags, READ_ONCE) === 1;
	}

	set readOnce(on: boolean) {
		Atomics.store(this.flags, READ_ONCE, on ? 1 : 0);
	}

	/**
	 * The model is stopping but waits for client threads still loading their modules: they end on
	 * their own once loaded (their fds are shut down), while terminating one mid-load can abort the
	 * process inside koffi. The engine gives it longer before terminating the model's thread.
	 */
	get awaitingLoads(): boolean {
		return Atomics.load(this.flags, AWAITING_LOADS) === 1;
	}

	set awaitingLoads(on: boolean) {
		Atomics.store(this.flags, AWAITING_LOADS, on ? 1 : 0);
	}

	/** The model holds this client fd. */
	own(fd: number): void {
		if (fd < this.owned.length) {
			Atomics.store(this.owned, fd, 1);
		}
	}

	/** The model is about to close this fd. */
	disown(fd: number): void {
		if (fd < this.owned.length) {
			Atomics.store(this.owned, fd, 0);
		}
	}

	isOwned(fd: number): boolean {
		return fd < this.owned.length && Atomics.load(this.owned, fd) === 1;
	}

	/**
	 * The model started this child process. Should the model's thread be terminated before it
	 * reaps its children, the engine finds them here and reaps them itself. Returns false when
	 * the table is full.
	 */
	addChild(pid: number): boolean {
		for (let slot = 0; slot < this.children.length; slot++) {
			if (Atomics.compareExchange(this.children, slot, 0, pid) === 0) {
				return true;
			}
		}

		return false;
	}

	/** The model reaped this child: its pid may be reused from now on. */
	removeChild(pid: number): void {
		const slot = this.children.indexOf(pid);
		if (slot >= 0) {
			Atomics.store(this.children, slot, 0);
		}
	}

	/** Child processes started and not yet reaped. */
	childPids(): number[] {
		return [...this.children].filter(pid => pid !== 0);
	}

	/** Every fd the model holds now. */
	ownedFds(): number[] {
		const fds: number[] = [];
		for (let fd = 0; fd < this.owned.length; fd++) {
			if (this.owned[fd] === 1) {
				fds.push(fd);
			}
		}

		return fds;
	}
}
