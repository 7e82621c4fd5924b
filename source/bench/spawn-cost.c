/*
 * What a process and a thread per client cost in C on this machine (man 2 fork, man 3 pthread_create),
 * for echo-tui to show beside what they cost in Node. Prints one line of JSON:
 *   forkMs           fork(), the child _exit(0)s at once, the parent waitpid()s: median of RUNS
 *   forkPrivateKb    the child's private memory (Private_Clean + Private_Dirty of
 *                    /proc/self/smaps_rollup), read by the child itself right after fork()
 *   forkRssKb        the same child's resident memory (mostly pages shared with its parent)
 *   threadMs         pthread_create() of a thread that returns at once, then pthread_join(): median of RUNS
 *   threadStackKb    the stack a new thread reserves (address space, not memory: the default stack size)
 *   threadTouchedKb  the private memory a live thread adds: the pages of its stack (and TLS) it touched
 * Built and run by spawn-cost.ts with `cc -O2 -pthread`. Linux only (/proc).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS 201

static double now_ms(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *values, int count) {
	qsort(values, count, sizeof *values, compare);
	return values[count / 2];
}

/* A field of /proc/self/smaps_rollup in kB, or -1. Plain read(2): safe in a child of fork(). */
static long rollup_kb(const char *text, const char *field) {
	const char *at = strstr(text, field);
	return at ? strtol(at + strlen(field), NULL, 10) : -1;
}

static int read_rollup(char *buffer, size_t size) {
	int fd = open("/proc/self/smaps_rollup", O_RDONLY);
	if (fd < 0) {
		return -1;
	}
	ssize_t total = 0, count;
	while ((count = read(fd, buffer + total, size - 1 - total)) > 0) {
		total += count;
	}
	close(fd);
	buffer[total] = '\0';
	return total > 0 ? 0 : -1;
}

static long private_kb(const char *text) {
	long clean = rollup_kb(text, "Private_Clean:"), dirty = rollup_kb(text, "Private_Dirty:");
	return clean < 0 || dirty < 0 ? -1 : clean + dirty;
}

static double fork_ms(void) {
	double times[RUNS];
	for (int i = 0; i < RUNS; i++) {
		double start = now_ms();
		pid_t pid = fork();
		if (pid == 0) {
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, NULL, 0) != pid) {
			return -1;
		}
		times[i] = now_ms() - start;
	}
	return median(times, RUNS);
}

/* The child reads its own smaps_rollup and sends the two figures through a pipe before _exit. */
static int fork_memory(long *private_out, long *rss_out) {
	int ends[2];
	if (pipe(ends) != 0) {
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		static char text[8192];
		long figures[2] = {-1, -1};
		if (read_rollup(text, sizeof text) == 0) {
			figures[0] = private_kb(text);
			figures[1] = rollup_kb(text, "Rss:");
		}
		ssize_t written = write(ends[1], figures, sizeof figures);
		_exit(written == sizeof figures ? 0 : 1);
	}
	close(ends[1]);
	long figures[2] = {-1, -1};
	ssize_t got = pid > 0 ? read(ends[0], figures, sizeof figures) : -1;
	close(ends[0]);
	if (pid > 0) {
		waitpid(pid, NULL, 0);
	}
	*private_out = figures[0];
	*rss_out = figures[1];
	return got == sizeof figures ? 0 : -1;
}

static void *return_at_once(void *argument) {
	return argument;
}

static double thread_ms(void) {
	double times[RUNS];
	for (int i = 0; i < RUNS; i++) {
		pthread_t thread;
		double start = now_ms();
		if (pthread_create(&thread, NULL, return_at_once, NULL) != 0 || pthread_join(thread, NULL) != 0) {
			return -1;
		}
		times[i] = now_ms() - start;
	}
	return median(times, RUNS);
}

static int gate[2];

/* A thread that is alive, as a client's thread blocked in recv would be: it waits in read(2). */
static void *wait_on_gate(void *argument) {
	char byte;
	ssize_t count = read(gate[0], &byte, 1);
	(void)count;
	return argument;
}

/* Private memory of the process with one more live thread, less without it. */
static long thread_touched_kb(void) {
	static char before[8192], during[8192];
	if (pipe(gate) != 0 || read_rollup(before, sizeof before) != 0) {
		return -1;
	}
	pthread_t thread;
	if (pthread_create(&thread, NULL, wait_on_gate, NULL) != 0) {
		return -1;
	}
	/* Give the thread time to start and block. */
	struct timespec pause = {0, 20 * 1000 * 1000};
	nanosleep(&pause, NULL);
	int read_ok = read_rollup(during, sizeof during);
	ssize_t written = write(gate[1], "x", 1);
	pthread_join(thread, NULL);
	close(gate[0]);
	close(gate[1]);
	if (read_ok != 0 || written != 1) {
		return -1;
	}
	return private_kb(during) - private_kb(before);
}

static long thread_stack_kb(void) {
	pthread_attr_t attributes;
	size_t size = 0;
	if (pthread_getattr_default_np(&attributes) != 0) {
		return -1;
	}
	pthread_attr_getstacksize(&attributes, &size);
	pthread_attr_destroy(&attributes);
	return (long)(size / 1024);
}

int main(void) {
	/* First: a thread stack glibc has cached from an earlier thread would count as touched already. */
	long touched = thread_touched_kb();
	/* Warm up: the first fork and thread pay for page faults and glibc's setup. */
	fork_ms();
	thread_ms();
	long fork_private = -1, fork_rss = -1;
	fork_memory(&fork_private, &fork_rss);
	double forked = fork_ms();
	double threaded = thread_ms();
	printf("{\"forkMs\":%.4f,\"forkPrivateKb\":%ld,\"forkRssKb\":%ld,\"threadMs\":%.4f,\"threadStackKb\":%ld,\"threadTouchedKb\":%ld,\"runs\":%d}\n",
		forked, fork_private, fork_rss, threaded, thread_stack_kb(), touched, RUNS);
	return 0;
}
