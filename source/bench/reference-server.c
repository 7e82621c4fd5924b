/* The C yardstick for `echo-tui bench`: an edge-triggered epoll(7) echo server, as fast as a single thread gets. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* Bytes the kernel would not take yet; at most one recv's worth, because reading stops while any is left. */
struct conn {
	char *pending;
	size_t length;
	size_t offset;
	int eof;
	int open;
};

static struct conn *conns; /* indexed by fd: fds are small and dense */
static size_t conn_count;
static volatile sig_atomic_t stopping;
static char chunk[65536];

static void on_signal(int signal_number) {
	(void)signal_number;
	stopping = 1;
}

static struct conn *conn_of(int fd) {
	if ((size_t)fd >= conn_count) {
		size_t count = conn_count ? conn_count : 1024;
		while (count <= (size_t)fd) count *= 2;
		conns = realloc(conns, count * sizeof *conns);
		if (!conns) { perror("realloc"); exit(1); }
		memset(conns + conn_count, 0, (count - conn_count) * sizeof *conns);
		conn_count = count;
	}
	return &conns[fd];
}

static void drop(int fd) {
	struct conn *c = conn_of(fd);
	free(c->pending);
	memset(c, 0, sizeof *c);
	close(fd); /* also removes it from the epoll set: no other fd refers to the socket */
}

/* Sends what is pending; 1 when all of it went out, 0 when the kernel is full, -1 when the peer is gone. */
static int flush(int fd, struct conn *c) {
	while (c->offset < c->length) {
		/* MSG_NOSIGNAL: a reset peer must give EPIPE, not a SIGPIPE that kills the server. */
		ssize_t n = send(fd, c->pending + c->offset, c->length - c->offset, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR) continue;
			return errno == EAGAIN ? 0 : -1;
		}
		c->offset += (size_t)n;
	}
	free(c->pending);
	c->pending = NULL;
	c->length = c->offset = 0;
	return 1;
}

/*
 * Edge-triggered: an event is not repeated while data is left, so after every event the
 * connection is driven until recv says EAGAIN or output backs up. While output is pending,
 * reading stops (the client is not reading its echo, so it must not be fed more); EPOLLOUT's
 * next edge brings us back here and the kernel still holds the unread input.
 */
static void serve(int fd) {
	struct conn *c = conn_of(fd);
	for (;;) {
		int flushed = flush(fd, c);
		if (flushed < 0) { drop(fd); return; }
		if (flushed == 0) return;
		if (c->eof) { drop(fd); return; } /* echo everything the peer sent before its FIN, then close */

		ssize_t n = recv(fd, chunk, sizeof chunk, 0);
		if (n < 0) {
			if (errno == EINTR) continue;
			if (errno != EAGAIN) drop(fd); /* ECONNRESET and friends */
			return;
		}
		if (n == 0) { c->eof = 1; continue; }

		ssize_t sent = send(fd, chunk, (size_t)n, MSG_NOSIGNAL);
		if (sent < 0 && errno != EAGAIN && errno != EINTR) { drop(fd); return; }
		if (sent < 0) sent = 0;
		if (sent < n) {
			c->length = (size_t)(n - sent);
			c->offset = 0;
			c->pending = malloc(c->length);
			if (!c->pending) { perror("malloc"); exit(1); }
			memcpy(c->pending, chunk + sent, c->length);
		}
	}
}

static void accept_all(int epfd, int listen_fd) {
	for (;;) {
		int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED) continue;
			/* EAGAIN: queue drained. EMFILE/ENFILE: the listening fd is level-triggered, so the
			 * waiting connection is offered again once a client leaves and frees a descriptor. */
			return;
		}
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* echoes go out now, not after Nagle's wait */
		struct epoll_event event = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.fd = fd};
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event) < 0) { close(fd); continue; }
		conn_of(fd)->open = 1;
		serve(fd); /* data may already be there, and with EPOLLET its edge may have passed */
	}
}

/* Usage: reference-server [port [parent-pid]]. With the parent's pid, the server dies with it. */
int main(int argc, char **argv) {
	int port = argc > 1 ? atoi(argv[1]) : 0;

	/* A parent killed outright (kill -9) cannot stop us: have the kernel send SIGKILL when the
	 * thread that started us ends, then check it had not ended already before prctl took effect. */
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

	/* Block the stop signals except inside epoll_pwait, so one arriving between the loop's check and
	 * the wait cannot be lost (the race a plain epoll_wait would have). No SA_RESTART: the wait must end. */
	sigset_t stop_signals, wait_mask;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	sigprocmask(SIG_BLOCK, &stop_signals, &wait_mask);
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);
	struct sigaction action = {.sa_handler = on_signal};
	sigaction(SIGTERM, &action, NULL);
	sigaction(SIGINT, &action, NULL);

	int listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one); /* rebind at once, past TIME_WAIT */
	struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* never all interfaces: an open echo server is a gift to strangers */
	socklen_t length = sizeof address;
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&address, sizeof address) < 0
		|| listen(listen_fd, SOMAXCONN) < 0 || getsockname(listen_fd, (struct sockaddr *)&address, &length) < 0) {
		perror("listen");
		return 1;
	}

	int epfd = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event event = {.events = EPOLLIN, .data.fd = listen_fd};
	if (epfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, listen_fd, &event) < 0) {
		perror("epoll");
		return 1;
	}

	printf("listening %d\n", ntohs(address.sin_port));
	fflush(stdout); /* stdout is a pipe to the parent: without this the line sits in the buffer */

	struct epoll_event events[512];
	while (!stopping) {
		int ready = epoll_pwait(epfd, events, 512, -1, &wait_mask);
		if (ready < 0) {
			if (errno == EINTR) continue;
			perror("epoll_pwait");
			return 1;
		}
		for (int i = 0; i < ready; i++) {
			int fd = events[i].data.fd;
			if (fd == listen_fd) accept_all(epfd, listen_fd);
			else serve(fd); /* EPOLLERR/EPOLLHUP too: recv or send reports what happened */
		}
	}

	for (size_t fd = 0; fd < conn_count; fd++) {
		if (conns[fd].open) drop((int)fd);
	}
	free(conns);
	close(epfd);
	close(listen_fd);
	return 0;
}
