// libc loaded through koffi: the raw prototypes every other sys/ file wraps (man 2 intro).
import koffi from 'koffi';

/** The C library, loaded once per thread (koffi handles are per isolate). */
const libc = koffi.load('libc.so.6');

/**
 * Raw libc functions. Pointer arguments are declared `void *` so a Node Buffer is passed
 * in place, without a copy: the hot paths (recv, send, epoll_wait) depend on that.
 */
export const raw = {
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
};

/** The errno left by the last libc call on this thread. */
export function lastErrno(): number {
	return koffi.errno();
}
