// libc loaded through koffi: the raw prototypes every other sys/ file wraps (man 2 intro).
import koffi from 'koffi';

/** The C library, loaded once per thread (koffi handles are per isolate). */
const libc = koffi.load('libc.so.6');

/** A libc function as koffi binds it: callable, with `.async` to run it on libuv's thread pool. */
type Binding = ReturnType<typeof libc.func>;

/**
 * Raw libc functions. Pointer arguments are declared `void *` so a Node Buffer is passed
 * in place, without a copy: the hot paths (recv, send, epoll_wait) depend on that.
 */
const bindings = {
	socket: libc.func('int socket(int domain, int type, int protocol)'),
	setsockopt: libc.func('int setsockopt(int fd, int level, int name, void *value, uint32_t len)'),
	getsockopt: libc.func('int getsockopt(int fd, int level, int name, void *value, void *len)'),
	bind: libc.func('int bind(int fd, void *addr, uint32_t len)'),
	listen: libc.func('int listen(int fd, int backlog)'),
	accept4: libc.func('int accept4(int fd, void *addr, void *len, int flags)'),
	connect: libc.func('int connect(int fd, void *addr, uint32_t len)'),
	getsockname: libc.func('int getsockname(int fd, void *addr, void *len)'),
	recv: libc.func('intptr_t recv(int fd, void *buf, size_t len, int flags)'),
	send: libc.func('intptr_t send(int fd, void *buf, size_t len, int flags)'),
	read: libc.func('intptr_t read(int fd, void *buf, size_t len)'),
	write: libc.func('intptr_t write(int fd, void *buf, size_t len)'),
	shutdown: libc.func('int shutdown(int fd, int how)'),
	close: libc.func('int close(int fd)'),
	fcntl: libc.func('int fcntl(int fd, int cmd, int arg)'),
	ioctl: libc.func('int ioctl(int fd, unsigned long request, void *value)'),
	eventfd: libc.func('int eventfd(unsigned int initval, int flags)'),
	select: libc.func('int select(int nfds, void *readfds, void *writefds, void *exceptfds, void *timeout)'),
	poll: libc.func('int poll(void *fds, unsigned long nfds, int timeout)'),
	epoll_create1: libc.func('int epoll_create1(int flags)'),
	epoll_ctl: libc.func('int epoll_ctl(int epfd, int op, int fd, void *event)'),
	epoll_wait: libc.func('int epoll_wait(int epfd, void *events, int maxevents, int timeout)'),
	dup: libc.func('int dup(int fd)'),
	dup3: libc.func('int dup3(int fd, int target, int flags)'),
	pipe2: libc.func('int pipe2(void *fds, int flags)'),
	gettid: libc.func('int gettid()'),
	getpid: libc.func('int getpid()'),
	getppid: libc.func('int getppid()'),
	kill: libc.func('int kill(int pid, int sig)'),
	waitpid: libc.func('int waitpid(int pid, void *status, int options)'),
	// prctl(2) is variadic in C; the options used here take one unsigned long, passed like any integer argument.
	prctl: libc.func('int prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5)'),
	sysconf: libc.func('long sysconf(int name)'),
	getrlimit: libc.func('int getrlimit(int resource, void *rlim)'),
	setrlimit: libc.func('int setrlimit(int resource, void *rlim)'),
	getpeername: libc.func('int getpeername(int fd, void *addr, void *len)'),
	mmap: libc.func('void *mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset)'),
	munmap: libc.func('int munmap(void *addr, size_t length)'),
	// glibc has no io_uring wrappers: syscall(2), declared once per call's arguments (variadic in C,
	// but on x86-64 and arm64 Linux its integer arguments travel exactly as these fixed ones do).
	io_uring_setup: libc.func('long syscall(long number, uint32_t entries, void *params)'),
	io_uring_enter: libc.func('long syscall(long number, int fd, uint32_t toSubmit, uint32_t minComplete, uint32_t flags, void *arg, size_t argSize)'),
	io_uring_register: libc.func('long syscall(long number, int fd, uint32_t opcode, void *arg, uint32_t count)'),
};

/** The name of a libc function bound here (`recv`, `epoll_wait`). */
export type LibcName = keyof typeof bindings;

/** sysconf(3) reads values libc already holds: no system call to count. */
const notSystemCalls: ReadonlySet<string> = new Set<LibcName>(['sysconf']);

const names = Object.keys(bindings) as LibcName[];

/**
 * Calls made so far by this thread, one slot per name (a worker thread has its own copy of this
 * module, so its own counts). Float64: a Uint32 would wrap after a few hours at full speed.
 */
const counts = new Float64Array(names.length);

/**
 * `binding`, counting each call in `counts[slot]`. One wrapper per arity, so a call allocates
 * nothing (a rest parameter would build an array every call); `.async` calls are counted too.
 */
function counted(binding: Binding, slot: number): Binding {
	const call = binding as (...args: unknown[]) => unknown;
	let wrapper: (...args: unknown[]) => unknown;
	switch (binding.info.arguments.length) {
		case 0: {
			wrapper = () => {
				counts[slot]!++;
				return call();
			};

			break;
		}

		case 1: {
			wrapper = (a: unknown) => {
				counts[slot]!++;
				return call(a);
			};

			break;
		}

		case 2: {
			wrapper = (a: unknown, b: unknown) => {
				counts[slot]!++;
				return call(a, b);
			};

			break;
		}

		case 3: {
			wrapper = (a: unknown, b: unknown, c: unknown) => {
				counts[slot]!++;
				return call(a, b, c);
			};

			break;
		}

		case 4: {
			wrapper = (a: unknown, b: unknown, c: unknown, d: unknown) => {
				counts[slot]!++;
				return call(a, b, c, d);
			};

			break;
		}

		case 5: {
			wrapper = (a: unknown, b: unknown, c: unknown, d: unknown, e: unknown) => {
				counts[slot]!++;
				return call(a, b, c, d, e);
			};

			break;
		}

		case 6: {
			wrapper = (a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown) => {
				counts[slot]!++;
				return call(a, b, c, d, e, f);
			};

			break;
		}

		case 7: {
			wrapper = (a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown, g: unknown) => {
				counts[slot]!++;
				return call(a, b, c, d, e, f, g);
			};

			break;
		}

		default: {
			wrapper = (...args: unknown[]) => {
				counts[slot]!++;
				return call(...args);
			};
		}
	}

	const async = (...args: unknown[]): unknown => {
		counts[slot]!++;
		return (binding.async as (...args: unknown[]) => unknown)(...args);
	};

	return Object.assign(wrapper, {async, info: binding.info}) as Binding;
}

/**
 * The libc functions every other sys/ file calls, each call counted for this thread: every
 * system call the models make goes through here, so the count is exact, and costs one
 * increment (strace would slow the server many times over).
 */
export const raw = Object.fromEntries(names.map((name, slot) => [name, notSystemCalls.has(name) ? bindings[name] : counted(bindings[name], slot)])) as typeof bindings;

/** The plain counted functions, put back in `raw` when a thread stops watching its calls. */
const plain: Readonly<Record<LibcName, Binding>> = {...raw};

/**
 * Where a watched thread's calls go while its switch is on (step mode: sys/stepped-calls.ts).
 * Each gets the plain counted call to make, so counting is the same either way.
 */
export type CallGate = {
	/** A synchronous call: make it (`call()`), when the gate allows, and return its result. */
	sync(name: LibcName, args: readonly unknown[], call: () => unknown): unknown;
	/**
	 * A `.async` call (its last argument is koffi's callback): start it with `start(args)` when the
	 * gate allows, args possibly changed (a callback that reports the result first).
	 */
	async(name: LibcName, args: readonly unknown[], start: (args: readonly unknown[]) => void): void;
};

/**
 * Send this thread's system calls through `gate` whenever `on[index]` is non-zero. The switch is
 * flipped by another thread (the engine's), which cannot make this one swap its functions while it
 * is blocked in a call or looping without ever yielding: so each call reads it, one shared-memory
 * load beside the koffi call. Only the thread that calls this pays it; the others keep `plain`.
 */
export function watchCalls(on: Int32Array, index: number, gate: CallGate): void {
	const target = raw as Record<LibcName, Binding>;
	for (const name of names) {
		if (notSystemCalls.has(name)) {
			continue;
		}

		const call = plain[name] as unknown as (...args: unknown[]) => unknown;
		const arity = bindings[name].info.arguments.length;
		const callAsync = plain[name].async as (...args: unknown[]) => unknown;
		// Seven parameters fit every binding (io_uring_enter has the most); the counted function
		// takes as many as it declares, so no array is built while the switch is off.
		const wrapper = (a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown, f?: unknown, g?: unknown): unknown => {
			if (Atomics.load(on, index) === 0) {
				return call(a, b, c, d, e, f, g);
			}

			const args = [a, b, c, d, e, f, g].slice(0, arity);
			return gate.sync(name, args, () => call(...args));
		};

		const async = (...args: unknown[]): unknown => {
			if (Atomics.load(on, index) === 0) {
				return callAsync(...args);
			}

			gate.async(name, args, gated => callAsync(...gated));
			return undefined;
		};

		target[name] = Object.assign(wrapper, {async, info: plain[name].info}) as unknown as Binding;
	}
}

/** Stop watching this thread's calls: `raw` holds the plain counted functions again. */
export function unwatchCalls(): void {
	Object.assign(raw, plain);
}

/** Whether every function in `raw` is the plain counted one (no gate watches this thread's calls). */
export function callsArePlain(): boolean {
	return names.every(name => raw[name] === plain[name]);
}

/** System calls made so far by this thread through `raw`, by name; names never called are left out. */
export function syscallCounts(): Partial<Record<LibcName, number>> {
	const result: Partial<Record<LibcName, number>> = {};
	for (const [slot, name] of names.entries()) {
		if (counts[slot]! > 0) {
			result[name] = counts[slot];
		}
	}

	return result;
}

/** System calls made so far by this thread through `raw`, all names together. */
export function syscallTotal(): number {
	let total = 0;
	for (const count of counts) {
		total += count;
	}

	return total;
}

/** The errno left by the last libc call on this thread. */
export function lastErrno(): number {
	return koffi.errno();
}

/** Put back an errno read with `lastErrno`, for code that ran in between (a gate reporting the call). */
export function restoreErrno(value: number): void {
	koffi.errno(value);
}
