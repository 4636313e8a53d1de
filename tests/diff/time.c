/*
 * Clocks and sleeps. Times differ between any two runs, so the program
 * prints only facts both systems must share: clocks advance, sleeps last at
 * least as long as asked, the clocks agree with each other, and the calendar
 * functions turn fixed epoch values into fixed text.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define NS_PER_S 1000000000LL

/* 2024-01-01T00:00:00Z and 2100-01-01T00:00:00Z. */
#define EPOCH_2024 1704067200LL
#define EPOCH_2100 4102444800LL

static const char *yes(int condition)
{
	return condition ? "yes" : "no";
}

static int64_t ns(struct timespec t)
{
	return t.tv_sec * NS_PER_S + t.tv_nsec;
}

static int64_t now(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return ns(t);
}

static void clocks(void)
{
	static const struct {
		clockid_t id;
		const char *name;
	} all[] = {
		{ CLOCK_REALTIME, "CLOCK_REALTIME" },
		{ CLOCK_MONOTONIC, "CLOCK_MONOTONIC" },
		{ CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW" },
		{ CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE" },
		{ CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE" },
		{ CLOCK_BOOTTIME, "CLOCK_BOOTTIME" },
	};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		struct timespec t, res;
		int got = clock_gettime(all[i].id, &t);
		int res_ok = clock_getres(all[i].id, &res);
		printf("%s: gettime %d, nsec in range %s, getres %d, resolution in (0, 10ms] %s\n",
		       all[i].name, got, yes(t.tv_nsec >= 0 && t.tv_nsec < NS_PER_S), res_ok,
		       yes(ns(res) > 0 && ns(res) <= 10000000));
	}

	struct timespec t;
	errno = 0;
	int r = clock_gettime((clockid_t)1234, &t);
	printf("clock_gettime(bad clock) -> %d %s\n", r, strerror(errno));
	errno = 0;
	r = clock_getres((clockid_t)1234, &t);
	printf("clock_getres(bad clock) -> %d %s\n", r, strerror(errno));
	printf("clock_getres(MONOTONIC, NULL) -> %d\n", clock_getres(CLOCK_MONOTONIC, NULL));

	int64_t a = now(CLOCK_MONOTONIC), b = now(CLOCK_MONOTONIC);
	printf("monotonic never goes back: %s\n", yes(b >= a));
	volatile uint64_t spin = 0;
	while (now(CLOCK_MONOTONIC) == b)
		spin++;
	printf("monotonic advances: yes\n");
}

static void wall_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	printf("realtime after 2024 and before 2100: %s\n",
	       yes(ts.tv_sec > EPOCH_2024 && ts.tv_sec < EPOCH_2100));

	struct timeval tv;
	int r = gettimeofday(&tv, NULL);
	int64_t tv_ns = tv.tv_sec * NS_PER_S + tv.tv_usec * 1000LL;
	printf("gettimeofday -> %d, usec in range %s, within 1 s of realtime %s\n", r,
	       yes(tv.tv_usec >= 0 && tv.tv_usec < 1000000), yes(llabs(tv_ns - ns(ts)) < NS_PER_S));

	time_t t1, t0 = time(&t1);
	printf("time() returns what it stores %s, within 2 s of realtime %s\n",
	       yes(t0 == t1), yes(llabs((long long)t0 - ts.tv_sec) <= 2));
}

/* Reports whether a sleep of `ms` begun at `start` lasted at least that long. */
static void check_duration(const char *what, int64_t start, int result, int64_t ms)
{
	int64_t took = now(CLOCK_MONOTONIC) - start;
	printf("%s -> %d, took >= %lld ms: %s, took < 10 s: %s\n", what, result, (long long)ms,
	       yes(took >= ms * 1000000), yes(took < 10 * NS_PER_S));
}

static void sleeps(void)
{
	struct timespec req = { 0, 20 * 1000000 }, rem = { 99, 99 };
	int64_t start = now(CLOCK_MONOTONIC);
	check_duration("nanosleep 20 ms", start, nanosleep(&req, &rem), 20);

	req = (struct timespec){ 0, 0 };
	printf("nanosleep 0 -> %d\n", nanosleep(&req, NULL));

	req = (struct timespec){ 0, NS_PER_S };
	errno = 0;
	int r = nanosleep(&req, NULL);
	printf("nanosleep(tv_nsec = 1e9) -> %d %s\n", r, strerror(errno));
	req = (struct timespec){ -1, 0 };
	errno = 0;
	r = nanosleep(&req, NULL);
	printf("nanosleep(tv_sec = -1) -> %d %s\n", r, strerror(errno));

	req = (struct timespec){ 0, 10 * 1000000 };
	start = now(CLOCK_MONOTONIC);
	check_duration("clock_nanosleep MONOTONIC relative 10 ms", start,
		       clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL), 10);
	start = now(CLOCK_MONOTONIC);
	check_duration("clock_nanosleep REALTIME relative 10 ms", start,
		       clock_nanosleep(CLOCK_REALTIME, 0, &req, NULL), 10);

	struct timespec target;
	clock_gettime(CLOCK_MONOTONIC, &target);
	start = ns(target);
	target.tv_nsec += 30 * 1000000;
	if (target.tv_nsec >= NS_PER_S) {
		target.tv_sec++;
		target.tv_nsec -= NS_PER_S;
	}
	r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, NULL);
	printf("clock_nanosleep MONOTONIC absolute +30 ms -> %d, woke after target: %s\n", r,
	       yes(now(CLOCK_MONOTONIC) >= ns(target)));
	check_duration("  (duration check)", start, r, 30);

	/* The clock's origin: passed on both systems, though a unikernel's
	 * monotonic clock (time since boot) may be under a second. */
	target = (struct timespec){ 0, 0 };
	printf("clock_nanosleep absolute in the past -> %d\n",
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, NULL));

	/* clock_nanosleep returns the error number instead of setting errno. */
	printf("clock_nanosleep(bad clock) -> %s\n",
	       strerror(clock_nanosleep((clockid_t)1234, 0, &req, NULL)));
	req = (struct timespec){ 0, -1 };
	printf("clock_nanosleep(tv_nsec = -1) -> %s\n",
	       strerror(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL)));

	start = now(CLOCK_MONOTONIC);
	check_duration("usleep 5000", start, usleep(5000), 5);
	start = now(CLOCK_MONOTONIC);
	check_duration("sleep 1", start, (int)sleep(1), 1000);
}

static void show_tm(const char *what, const struct tm *tm)
{
	char text[128];
	strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %Z %z | %a %A %b %B | %j %U %W %u %w | %c", tm);
	printf("%s: %s | isdst %d\n", what, text, tm->tm_isdst);
}

static void calendar(void)
{
	static const time_t epochs[] = { 0, 951782400 /* 2000-02-29 */, 1700000000,
					 1719792000 /* 2024-07-01 */, 2147483647, 4102444800LL };
	struct tm tm;

	/* A POSIX TZ rule needs no zoneinfo file, so both sides read the same zone. */
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	for (size_t i = 0; i < sizeof epochs / sizeof epochs[0]; i++) {
		time_t t = epochs[i];
		printf("epoch %lld\n", (long long)t);
		show_tm("  gmtime   ", gmtime_r(&t, &tm));
		show_tm("  localtime", localtime_r(&t, &tm));
		time_t back = mktime(&tm);
		printf("  mktime round trip: %s\n", yes(back == t));
		gmtime_r(&t, &tm);
		printf("  timegm round trip: %s\n", yes(timegm(&tm) == t));
	}
	time_t t = 1700000000;
	char text[32];
	printf("ctime_r: %s", ctime_r(&t, text));
	printf("asctime_r: %s", asctime_r(gmtime_r(&t, &tm), text));

	setenv("TZ", "UTC0", 1);
	tzset();
	show_tm("localtime in UTC0", localtime_r(&t, &tm));
	printf("tzname %s/%s timezone %ld\n", tzname[0], tzname[1], timezone);

	memset(&tm, 0, sizeof tm);
	char *rest = strptime("2024-02-29 13:45:10", "%Y-%m-%d %H:%M:%S", &tm);
	printf("strptime parsed all: %s, gives %lld\n", yes(rest != NULL && *rest == '\0'),
	       (long long)timegm(&tm));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	clocks();
	wall_clock();
	sleeps();
	calendar();
	return 0;
}
