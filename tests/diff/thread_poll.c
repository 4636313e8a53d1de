/*
 * Waiting on descriptors: poll, ppoll, select and pselect with no
 * descriptors sleep at least their timeout; poll and select on stdin
 * (thread_poll.stdin) report it readable and the data is then read; at end
 * of input poll still reports readable or hung up; invalid descriptors give
 * POLLNVAL (poll) and EBADF (select), negative ones are skipped; ppoll and
 * pselect with a signal mask, and poll with no timeout, return EINTR when a
 * signal arrives. The status is the number of failed checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "thread_support.h"

/* -- timeouts with nothing to wait for ------------------------------------ */

static void report_sleep(const char *what, int64_t start, int result)
{
	int64_t took = now_ns(CLOCK_MONOTONIC) - start;
	printf("%s -> %d, took >= 50 ms: %s\n", what, result, took >= 50 * NS_PER_MS ? "yes" : "no");
	if (took < 50 * NS_PER_MS)
		failures++;
	check("  took < 10 s", took < 10 * NS_PER_S);
}

static void timeouts(void)
{
	int64_t start = now_ns(CLOCK_MONOTONIC);
	report_sleep("poll(no fds, 50 ms)", start, poll(NULL, 0, 50));

	struct timespec ts = { 0, 50 * NS_PER_MS };
	start = now_ns(CLOCK_MONOTONIC);
	report_sleep("ppoll(no fds, 50 ms)", start, ppoll(NULL, 0, &ts, NULL));

	struct timeval tv = { 0, 50000 };
	start = now_ns(CLOCK_MONOTONIC);
	report_sleep("select(0 fds, 50 ms)", start, select(0, NULL, NULL, NULL, &tv));

	ts = (struct timespec){ 0, 50 * NS_PER_MS };
	start = now_ns(CLOCK_MONOTONIC);
	report_sleep("pselect(0 fds, 50 ms)", start, pselect(0, NULL, NULL, NULL, &ts, NULL));

	start = now_ns(CLOCK_MONOTONIC);
	int r = poll(NULL, 0, 0);
	printf("poll(no fds, 0) -> %d, returned within 1 s: %s\n", r,
	       now_ns(CLOCK_MONOTONIC) - start < NS_PER_S ? "yes" : "no");
	ts = (struct timespec){ 0, -1 };
	errno = 0;
	r = ppoll(NULL, 0, &ts, NULL);
	printf("ppoll with tv_nsec = -1 -> %d %s\n", r, error_name(errno));
	tv = (struct timeval){ 0, -1 };
	errno = 0;
	r = select(0, NULL, NULL, NULL, &tv);
	printf("select with tv_usec = -1 -> %d %s\n", r, error_name(errno));
}

/* -- stdin ---------------------------------------------------------------- */

/* Reads until `n` bytes or end of input. */
static size_t read_up_to(char *buffer, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(0, buffer + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

static void standard_input(void)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };
	int r = poll(&p, 1, 5000);
	printf("poll(stdin, POLLIN, 5 s) -> %d, POLLIN %s, POLLERR|POLLNVAL %s\n", r,
	       p.revents & POLLIN ? "yes" : "no", p.revents & (POLLERR | POLLNVAL) ? "yes" : "no");
	char line[64] = { 0 };
	size_t got = read_up_to(line, 11);
	printf("  read %zu bytes: %.*s", got, (int)got, line);

	fd_set readable;
	FD_ZERO(&readable);
	FD_SET(0, &readable);
	struct timeval tv = { 5, 0 };
	r = select(1, &readable, NULL, NULL, &tv);
	printf("select(stdin readable, 5 s) -> %d, fd 0 set %s\n", r, FD_ISSET(0, &readable) ? "yes" : "no");
	char rest[256] = { 0 };
	got = read_up_to(rest, sizeof rest - 1);
	printf("  read the rest, %zu bytes:\n%s", got, rest);

	p.revents = 0;
	r = poll(&p, 1, 5000);
	printf("poll(stdin) at end of input -> %d, readable or hung up %s\n", r,
	       p.revents & (POLLIN | POLLHUP) ? "yes" : "no");
	printf("  read -> %zd\n", read(0, rest, sizeof rest));
}

/* -- descriptors that are not open ---------------------------------------- */

static void invalid(void)
{
	struct pollfd p[3] = { { .fd = -1, .events = POLLIN, .revents = 77 },
			       { .fd = 100, .events = POLLIN },
			       { .fd = 1, .events = POLLOUT } };
	int r = poll(p, 3, 0);
	printf("poll(fd -1, fd 100 (not open), stdout POLLOUT) -> %d\n", r);
	printf("  fd -1 revents 0 %s, fd 100 revents POLLNVAL only %s, stdout POLLOUT %s\n",
	       p[0].revents == 0 ? "yes" : "no", p[1].revents == POLLNVAL ? "yes" : "no",
	       p[2].revents & POLLOUT ? "yes" : "no");

	/* Linux's select ignores descriptors beyond the end of the process's
	 * descriptor table, which holds at least 64 entries but may hold more;
	 * a descriptor below 64 that is not open is reported on every system. */
	const int not_open = 40;
	fd_set readable;
	FD_ZERO(&readable);
	FD_SET(not_open, &readable);
	struct timeval tv = { 0, 0 };
	errno = 0;
	r = select(not_open + 1, &readable, NULL, NULL, &tv);
	printf("select on fd 40 (not open) -> %d %s\n", r, error_name(errno));

	fd_set writable;
	FD_ZERO(&writable);
	FD_SET(1, &writable);
	tv = (struct timeval){ 0, 0 };
	r = select(2, NULL, &writable, NULL, &tv);
	printf("select(stdout writable, 0) -> %d, fd 1 set %s\n", r, FD_ISSET(1, &writable) ? "yes" : "no");
}

/* -- signals while waiting ------------------------------------------------ */

static volatile sig_atomic_t handled;
static pthread_t main_thread;

static void on_signal(int signal)
{
	(void)signal;
	handled++;
}

static void *signal_main_later(void *arg)
{
	(void)arg;
	sleep_ms(20);
	pthread_kill(main_thread, SIGUSR1);
	return NULL;
}

/* Runs `wait` while another thread sends SIGUSR1 (blocked outside the
 * wait) after 20 ms, and prints the outcome. */
static void interrupted(const char *what, int (*wait)(const sigset_t *allow))
{
	sigset_t usr1, allow;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&allow);
	pthread_sigmask(SIG_BLOCK, &usr1, NULL);
	handled = 0;
	pthread_t t;
	pthread_create(&t, NULL, signal_main_later, NULL);
	int64_t start = now_ns(CLOCK_MONOTONIC);
	errno = 0;
	int r = wait(&allow);
	int e = errno;
	int64_t took = now_ns(CLOCK_MONOTONIC) - start;
	pthread_join(t, NULL);
	sigset_t now;
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	printf("%s, SIGUSR1 from another thread -> %d %s, handled %d\n", what, r, error_name(e), (int)handled);
	check("  returned within 4 s", took < 4 * NS_PER_S);
	check("  SIGUSR1 blocked again afterwards", sigismember(&now, SIGUSR1));
	pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
}

static int ppoll_5s(const sigset_t *allow)
{
	struct timespec ts = { 5, 0 };
	return ppoll(NULL, 0, &ts, allow);
}

static int pselect_5s(const sigset_t *allow)
{
	struct timespec ts = { 5, 0 };
	return pselect(0, NULL, NULL, NULL, &ts, allow);
}

static void signals(void)
{
	main_thread = pthread_self();
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	interrupted("ppoll 5 s with SIGUSR1 allowed", ppoll_5s);
	interrupted("pselect 5 s with SIGUSR1 allowed", pselect_5s);

	handled = 0;
	struct itimerval once = { { 0, 0 }, { 0, 30000 } };
	setitimer(ITIMER_REAL, &once, NULL);
	int64_t start = now_ns(CLOCK_MONOTONIC);
	errno = 0;
	int r = poll(NULL, 0, -1);
	int e = errno;
	printf("poll(no fds, no timeout) with a 30 ms timer -> %d %s, handled %d\n", r, error_name(e), (int)handled);
	check("  returned within 4 s", now_ns(CLOCK_MONOTONIC) - start < 4 * NS_PER_S);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	timeouts();
	standard_input();
	invalid();
	signals();
	printf("failed checks: %d\n", failures);
	return failures != 0;
}
