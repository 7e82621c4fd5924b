/*
 * A thread per client in C, for `echo-tui bench`: what the `threads` model costs with no isolate,
 * no JIT and no FFI between the loop and the kernel. accept, pthread_create, and each thread does
 * blocking recv and send until its client leaves: the textbook's loop, nothing tuned but Nagle.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* As the C reference's chunk: one recv takes whatever a client has sent, up to this. */
#define CHUNK_BYTES 65536

/* Sends all of it; 0 when done, -1 when the peer is gone. */
static int send_all(int fd, const char *data, size_t length) {
	while (length > 0) {
		/* MSG_NOSIGNAL: a reset peer must give EPIPE, not a SIGPIPE that kills every thread. */
		ssize_t sent = send(fd, data, length, MSG_NOSIGNAL);
		if (sent < 0) {
			if (errno == EINTR) continue;
			return -1;
		}
		data += sent;
		length -= (size_t)sent;
	}
	return 0;
}

/* The client's thread: it owns the fd and closes it once, when the client leaves or fails. */
static void *serve(void *argument) {
	int fd = (int)(intptr_t)argument;
	char chunk[CHUNK_BYTES]; /* on its stack: a thread's default stack is 8 MiB */
	for (;;) {
		ssize_t received = recv(fd, chunk, sizeof chunk, 0);
		if (received < 0 && errno == EINTR) continue;
		if (received <= 0 || send_all(fd, chunk, (size_t)received) < 0) break;
	}
	close(fd);
	return NULL;
}

/* Usage: reference-threads [port [parent-pid]]. With the parent's pid, the server dies with it. SIGTERM ends it: the kernel closes every client. */
int main(int argc, char **argv) {
	int port = argc > 1 ? atoi(argv[1]) : 0;

	/* As the C reference: SIGKILL when the thread that started us ends, then check it had not already. */
	if (argc > 2) {
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
			perror("prctl");
			return 1;
		}
		if (getppid() != (pid_t)atol(argv[2])) {
			fputs("the parent is gone\n", stderr);
			return 1;
		}
	}

	/* Thousands of clients need thousands of fds; the soft limit is often 1024. */
	struct rlimit limit;
	if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
		limit.rlim_cur = limit.rlim_max;
		setrlimit(RLIMIT_NOFILE, &limit);
	}

	int listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one); /* rebind at once, past TIME_WAIT */
	struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* never all interfaces */
	socklen_t length = sizeof address;
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&address, sizeof address) < 0
		|| listen(listen_fd, SOMAXCONN) < 0 || getsockname(listen_fd, (struct sockaddr *)&address, &length) < 0) {
		perror("listen");
		return 1;
	}

	pthread_attr_t detached;
	pthread_attr_init(&detached);
	pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED); /* nobody joins: each ends with its client */

	printf("listening %d\n", ntohs(address.sin_port));
	fflush(stdout); /* stdout is a pipe to the parent: without this the line sits in the buffer */

	for (;;) {
		int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			/* EMFILE and the like: the client waits in the backlog; try again shortly rather than spin. */
			if (errno != EINTR && errno != ECONNABORTED) usleep(10000);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* echoes go out now, not after Nagle's wait */
		pthread_t thread;
		if (pthread_create(&thread, &detached, serve, (void *)(intptr_t)fd) != 0) {
			close(fd); /* no thread for it (EAGAIN: out of threads or memory): the client sees its connection end */
		}
	}
}
