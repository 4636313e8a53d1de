/*
 * Timeouts too long to represent in nanoseconds: Linux saturates them
 * (they never expire) instead of failing or wrapping. A setitimer of
 * LONG_MAX seconds once overflowed inside the kernel, and nanosleep,
 * clock_nanosleep, ppoll and futex waits of that length wrapped to a
 * deadline in the past and returned at once (found by tests/fuzz/syscalls.c).
 * Each wait here ends with EINTR from a SIGALRM 30 ms later.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void on_alarm(int signal) { (void)signal; }

static void alarm_soon(void)
{
	struct itimerval soon = {{0, 0}, {0, 30000}};
	setitimer(ITIMER_REAL, &soon, 0);
}

static void show(const char *label, long result)
{
	printf("%s: %ld %s\n", label, result, result < 0 ? strerror(errno) : "");
}

int main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	struct sigaction action = {.sa_handler = on_alarm};
	sigaction(SIGALRM, &action, 0);

	struct itimerval far = {{LONG_MAX, 999999}, {LONG_MAX, 999999}}, now;
	show("setitimer LONG_MAX s", setitimer(ITIMER_REAL, &far, 0));
	getitimer(ITIMER_REAL, &now);
	printf("remaining more than 100 years: %s\n", now.it_value.tv_sec > 3153600000L ? "yes" : "no");
	struct itimerval nearly = {{0, 0}, {9223372036L, 999999}};
	show("setitimer 9223372036.999999 s", setitimer(ITIMER_REAL, &nearly, 0));
	struct itimerval off = {{0, 0}, {0, 0}};
	show("disarm", setitimer(ITIMER_REAL, &off, 0));

	struct timespec forever = {LONG_MAX, 999999999};
	alarm_soon();
	show("nanosleep LONG_MAX s", nanosleep(&forever, 0));
	alarm_soon();
	show("clock_nanosleep LONG_MAX s", clock_nanosleep(CLOCK_MONOTONIC, 0, &forever, 0) ? -1 : 0);
	alarm_soon();
	show("ppoll LONG_MAX s", ppoll(0, 0, &forever, 0));
	int word = 0;
	alarm_soon();
	show("futex wait LONG_MAX s", syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &forever, 0, 0));
	return 0;
}
