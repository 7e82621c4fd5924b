// Step mode on a thread's own system calls (sys/libc watchCalls): each announced, held at the StepGate, made, its result announced.
import {describeCall, describeResult} from './describe-call.js';
import {lastErrno, restoreErrno, unwatchCalls, watchCalls, type CallGate, type LibcName} from './libc.js';
import {STEPPING, type StepGate} from './step-gate.js';

/** One call as step mode reports it: announced before it is made, and again with its result. */
export type StepAnnouncement = {
	readonly phase: 'before' | 'after';
	/** The libc function (`'epoll_wait'`). */
	readonly call: LibcName;
	/** `epoll_wait(epfd 7, max 512, timeout -1)` before; `-> 3: fd 9 EPOLLIN, ...` after. */
	readonly text: string;
	/** Numbers this thread's stepped calls from 1; a call's `before` and `after` share it. */
	readonly seq: number;
};

/** Which of the thread's calls step. */
export type StepScope =
	/** Every system call: a thread whose loop is a loop of calls (blocking, select, epoll, io_uring ...). */
	| 'every-call'
	/**
	 * Only calls started on libuv's pool (`.async`: the fork and threads models' accept). Their
	 * thread's loop is its event loop, whose other calls (reading the children's reports, reaping
	 * them) are housekeeping that must go on while the accept is held.
	 */
	| 'async-calls';

/**
 * Watches this thread's calls (sys/libc `watchCalls`) while `gate` exists: with stepping off, each
 * costs one shared-memory read; with it on, each call in scope is announced through `announce`
 * (which must get it to the engine at once: the thread blocks right after), held until the gate
 * lets it through, then made, and its result announced.
 */
export class SteppedCalls implements CallGate {
	/** Which calls step; may change while running (a model's loop found to run on the event loop). */
	scope: StepScope = 'every-call';
	private seq = 0;

	constructor(private readonly gate: StepGate, private readonly announce: (step: StepAnnouncement) => void) {
		watchCalls(gate.words, STEPPING, this);
	}

	/** Stop watching: this thread's calls are the plain counted ones again. */
	close(): void {
		unwatchCalls();
	}

	sync(name: LibcName, args: readonly unknown[], call: () => unknown): unknown {
		if (this.scope !== 'every-call' || this.gate.passing) {
			return call();
		}

		const seq = ++this.seq;
		this.gate.hold(seq, () => this.before(name, args, seq));
		const result = call();
		this.after(name, args, seq, result, lastErrno());
		return result;
	}

	async(name: LibcName, args: readonly unknown[], start: (args: readonly unknown[]) => void): void {
		if (this.gate.passing) {
			start(args);
			return;
		}

		const seq = ++this.seq;
		const callback = args.at(-1) as (error: unknown, result: unknown) => void;
		const reporting = (error: unknown, result: unknown): void => {
			// koffi hands the errno of the pool thread that made the call to its callback.
			const errno = lastErrno();
			this.after(name, args, seq, error ? String(error) : result, errno);
			callback(error, result);
		};

		void this.gate.holdAsync(seq, () => this.before(name, args, seq)).then(() => {
			start([...args.slice(0, -1), reporting]);
		});
	}

	private before(name: LibcName, args: readonly unknown[], seq: number): void {
		this.announce({phase: 'before', call: name, text: describeCall(name, args), seq});
	}

	/** Announce the result, leaving errno as the call left it for the caller to read. */
	private after(name: LibcName, args: readonly unknown[], seq: number, result: unknown, errno: number): void {
		this.announce({phase: 'after', call: name, text: describeResult(name, args, result, errno), seq});
		restoreErrno(errno);
	}
}
