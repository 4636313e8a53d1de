/*
 * Time seen by threads: CLOCK_THREAD_CPUTIME_ID advances for a spinning
 * thread and hardly for a sleeping one; pthread_getcpuclockid reads another
 * thread's CPU time; CLOCK_PROCESS_CPUTIME_ID covers the CPU time of all
 * threads; several threads sleeping at once (nanosleep, clock_nanosleep
 * relative and TIMER_ABSTIME on MONOTONIC and REALTIME) each sleep at least
 * their time and overlap; getrusage and times() report CPU time after
 * spinning. Only comparisons are printed; the status is the number of failed
 * checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "thread_support.h"

/* Spins until this thread has used `ms` of CPU time, or 20 s have passed. */
static int spin_cpu_ms(long ms)
{
	int64_t start = now_ns(CLOCK_THREAD_CPUTIME_ID);
	int64_t give_up = now_ns(CLOCK_MONOTONIC) + 20 * NS_PER_S;
	volatile uint64_t work = 0;
	while (now_ns(CLOCK_THREAD_CPUTIME_ID) - start < ms * NS_PER_MS) {
		for (int i = 0; i < 1000; i++)
			work += i;
		if (now_ns(CLOCK_MONOTONIC) > give_up)
			return 0;
	}
	return 1;
}

/* -- per-thread CPU clocks ------------------------------------------------ */

struct cpu_report {
	int64_t used_ns;
	int reached;
};

static void *spinner(void *arg)
{
	struct cpu_report *r = arg;
	int64_t start = now_ns(CLOCK_THREAD_CPUTIME_ID);
	r->reached = spin_cpu_ms(50);
	r->used_ns = now_ns(CLOCK_THREAD_CPUTIME_ID) - start;
	return NULL;
}

static void *sleeper(void *arg)
{
	struct cpu_report *r = arg;
	int64_t start = now_ns(CLOCK_THREAD_CPUTIME_ID);
	sleep_ms(200);
	r->used_ns = now_ns(CLOCK_THREAD_CPUTIME_ID) - start;
	return NULL;
}

static void thread_clocks(void)
{
	struct timespec res;
	int got = clock_getres(CLOCK_THREAD_CPUTIME_ID, &res);
	printf("clock_getres(THREAD_CPUTIME) -> %d, in (0, 10 ms]: %s\n", got,
	       ns_of(res) > 0 && ns_of(res) <= 10 * NS_PER_MS ? "yes" : "no");
	got = clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res);
	printf("clock_getres(PROCESS_CPUTIME) -> %d, in (0, 10 ms]: %s\n", got,
	       ns_of(res) > 0 && ns_of(res) <= 10 * NS_PER_MS ? "yes" : "no");

	int64_t process_before = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	struct cpu_report spun[2] = { { 0, 0 }, { 0, 0 } }, slept = { 0, 0 };
	pthread_t t[3];
	pthread_create(&t[0], NULL, spinner, &spun[0]);
	pthread_create(&t[1], NULL, spinner, &spun[1]);
	pthread_create(&t[2], NULL, sleeper, &slept);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	int64_t process_used = now_ns(CLOCK_PROCESS_CPUTIME_ID) - process_before;

	check("spinning threads' CPU time reached 50 ms", spun[0].reached && spun[1].reached);
	check("a thread sleeping 200 ms used < 50 ms of CPU", slept.used_ns >= 0 && slept.used_ns < 50 * NS_PER_MS);
	check("process CPU time grew by at least the spinners' sum",
	      process_used >= spun[0].used_ns + spun[1].used_ns);
}

/* Another thread's CPU clock, read from main while that thread spins. */
static volatile int stop;

static void *spin_until_stopped(void *arg)
{
	(void)arg;
	volatile uint64_t work = 0;
	while (!stop)
		work++;
	return NULL;
}

static void other_thread_clock(void)
{
	pthread_t t;
	pthread_create(&t, NULL, spin_until_stopped, NULL);
	clockid_t clock;
	int got = pthread_getcpuclockid(t, &clock);
	int64_t first = now_ns(clock);
	int64_t give_up = now_ns(CLOCK_MONOTONIC) + 20 * NS_PER_S;
	int64_t later = first;
	while (later - first < 20 * NS_PER_MS && now_ns(CLOCK_MONOTONIC) < give_up) {
		sleep_ms(10);
		later = now_ns(clock);
	}
	stop = 1;
	pthread_join(t, NULL);
	printf("pthread_getcpuclockid -> %d\n", got);
	check("  that clock reads, and advanced by 20 ms while the thread spun", first >= 0 && later - first >= 20 * NS_PER_MS);
}

/* -- sleeping threads ------------------------------------------------------ */

#define SLEEPERS 8

enum how { NANOSLEEP, RELATIVE_MONOTONIC, ABSOLUTE_MONOTONIC, ABSOLUTE_REALTIME };

static const char *const how_name[] = { "nanosleep", "clock_nanosleep MONOTONIC relative",
					"clock_nanosleep MONOTONIC TIMER_ABSTIME",
					"clock_nanosleep REALTIME TIMER_ABSTIME" };

struct sleep_request {
	enum how how;
	long ms;
	int result;
	int64_t took_ns;
	int woke_after_target;
};

static void *sleep_as_told(void *arg)
{
	struct sleep_request *r = arg;
	int64_t start = now_ns(CLOCK_MONOTONIC);
	struct timespec d = { r->ms / 1000, r->ms % 1000 * NS_PER_MS }, at;
	clockid_t clock = r->how == ABSOLUTE_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC;
	int64_t target = now_ns(clock) + r->ms * NS_PER_MS;
	at = (struct timespec){ target / NS_PER_S, target % NS_PER_S };
	switch (r->how) {
	case NANOSLEEP: r->result = nanosleep(&d, NULL); break;
	case RELATIVE_MONOTONIC: r->result = clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL); break;
	case ABSOLUTE_MONOTONIC:
	case ABSOLUTE_REALTIME: r->result = clock_nanosleep(clock, TIMER_ABSTIME, &at, NULL); break;
	}
	r->took_ns = now_ns(CLOCK_MONOTONIC) - start;
	r->woke_after_target = now_ns(clock) >= target;
	return NULL;
}

static void sleeping_threads(void)
{
	struct sleep_request r[SLEEPERS];
	pthread_t t[SLEEPERS];
	long total_ms = 0;
	int64_t start = now_ns(CLOCK_MONOTONIC);
	for (int i = 0; i < SLEEPERS; i++) {
		r[i] = (struct sleep_request){ .how = (enum how)(i % 4), .ms = 50 * (SLEEPERS - i), .result = -1 };
		total_ms += r[i].ms;
		pthread_create(&t[i], NULL, sleep_as_told, &r[i]);
	}
	for (int i = 0; i < SLEEPERS; i++)
		pthread_join(t[i], NULL);
	int64_t took = now_ns(CLOCK_MONOTONIC) - start;
	for (int i = 0; i < SLEEPERS; i++) {
		printf("thread %d: %s %ld ms -> %d, slept >= %ld ms: %s, woke after its target: %s\n", i,
		       how_name[r[i].how], r[i].ms, r[i].result, r[i].ms, r[i].took_ns >= r[i].ms * NS_PER_MS ? "yes" : "no",
		       r[i].woke_after_target ? "yes" : "no");
		if (r[i].took_ns < r[i].ms * NS_PER_MS || !r[i].woke_after_target)
			failures++;
	}
	check("they slept at the same time (all done in less than the sum)", took < total_ms * NS_PER_MS);
}

/* -- getrusage and times --------------------------------------------------- */

static int64_t timeval_ns(struct timeval t)
{
	return t.tv_sec * NS_PER_S + t.tv_usec * 1000LL;
}

static void usage(void)
{
	spin_cpu_ms(100);
	struct rusage self, thread, children;
	int a = getrusage(RUSAGE_SELF, &self);
	int b = getrusage(RUSAGE_THREAD, &thread);
	int c = getrusage(RUSAGE_CHILDREN, &children);
	printf("getrusage SELF %d, THREAD %d, CHILDREN %d\n", a, b, c);
	check("  SELF user+system > 0 after spinning", timeval_ns(self.ru_utime) + timeval_ns(self.ru_stime) > 0);
	check("  THREAD user+system > 0 after spinning", timeval_ns(thread.ru_utime) + timeval_ns(thread.ru_stime) > 0);
	check("  SELF covers at least THREAD",
	      timeval_ns(self.ru_utime) + timeval_ns(self.ru_stime) >=
		      timeval_ns(thread.ru_utime) + timeval_ns(thread.ru_stime));
	check("  CHILDREN zero (no children)", timeval_ns(children.ru_utime) + timeval_ns(children.ru_stime) == 0);
	check("  microseconds in range", self.ru_utime.tv_usec >= 0 && self.ru_utime.tv_usec < 1000000 &&
						 self.ru_stime.tv_usec >= 0 && self.ru_stime.tv_usec < 1000000);

	long ticks_per_s = sysconf(_SC_CLK_TCK);
	printf("sysconf(_SC_CLK_TCK) -> %ld\n", ticks_per_s);
	struct tms before, after;
	clock_t t0 = times(&before);
	sleep_ms(150);
	clock_t t1 = times(&after);
	check("times() returns a tick count", t0 != (clock_t)-1 && t1 != (clock_t)-1);
	check("  which advanced by >= 10 ticks over a 150 ms sleep", t1 - t0 >= 10);
	check("  user+system ticks > 0 after spinning", after.tms_utime + after.tms_stime > 0);
	check("  children's ticks zero", after.tms_cutime == 0 && after.tms_cstime == 0);
	printf("times(NULL) works: %s\n", times(NULL) != (clock_t)-1 ? "yes" : "no");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	thread_clocks();
	other_thread_clock();
	sleeping_threads();
	usage();
	printf("failed checks: %d\n", failures);
	return failures != 0;
}
