/*
 * Helpers shared by the thread_* differential tests. Everything here is
 * static (inline where a program may not use it), so each test stays one
 * translation unit and the header is included once, after the system headers.
 */
#ifndef THREAD_SUPPORT_H
#define THREAD_SUPPORT_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define NS_PER_S 1000000000LL
#define NS_PER_MS 1000000LL

/* The number of failed checks, which the programs return as their status. */
static int failures;

/* Prints "<what>: yes|no" and counts a "no" as a failure. */
static inline void check(const char *what, int condition)
{
	printf("%s: %s\n", what, condition ? "yes" : "no");
	if (!condition)
		failures++;
}

static inline int64_t ns_of(struct timespec t)
{
	return t.tv_sec * NS_PER_S + t.tv_nsec;
}

static inline struct timespec timespec_of(int64_t ns)
{
	return (struct timespec){ ns / NS_PER_S, ns % NS_PER_S };
}

/* The time on `clock` in nanoseconds, or -1 if the clock cannot be read. */
static inline int64_t now_ns(clockid_t clock)
{
	struct timespec t;
	if (clock_gettime(clock, &t) != 0)
		return -1;
	return ns_of(t);
}

/* The absolute time on `clock` `ms` milliseconds from now. */
static inline struct timespec deadline_in(clockid_t clock, long ms)
{
	return timespec_of(now_ns(clock) + ms * NS_PER_MS);
}

/* Sleeps the whole `ms`, resuming after signal handlers (nanosleep(2)). */
static inline int sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000 };
	int r;
	while ((r = nanosleep(&t, &t)) != 0 && errno == EINTR) {
	}
	return r;
}

/* The symbolic name of an error number the tests expect, else strerror. */
static inline const char *error_name(int error)
{
	switch (error) {
	case 0: return "0";
	case EAGAIN: return "EAGAIN";
	case EBADF: return "EBADF";
	case EBUSY: return "EBUSY";
	case EDEADLK: return "EDEADLK";
	case EINTR: return "EINTR";
	case EINVAL: return "EINVAL";
	case EOVERFLOW: return "EOVERFLOW";
	case EPERM: return "EPERM";
	case ETIMEDOUT: return "ETIMEDOUT";
	default: return strerror(error);
	}
}

#endif
