/*
 * Mutexes: 64 threads each add 1 to a shared counter 100 000 times under a
 * normal mutex and the total is exact; a recursive mutex locked 3 times by
 * its owner; an error-checking mutex refuses a relock (EDEADLK) and an unlock
 * by a thread that does not own it (EPERM); trylock on a held mutex gives
 * EBUSY; pthread_mutex_timedlock gives ETIMEDOUT after at least the timeout
 * when another thread holds the mutex, and succeeds when the holder lets go
 * in time. Only the main thread prints; the status is the number of failed
 * checks. (Robust mutexes are left out: musl enables them only where
 * get_robust_list works, which qemu-riscv64, the oracle, lacks.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "thread_support.h"

/* -- many threads, one counter -------------------------------------------- */

#define COUNTING_THREADS 64
#define INCREMENTS 100000

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count(void *arg)
{
	(void)arg;
	for (int i = 0; i < INCREMENTS; i++) {
		pthread_mutex_lock(&counter_lock);
		counter++;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

static void shared_counter(void)
{
	pthread_t t[COUNTING_THREADS];
	int created = 0;
	for (int i = 0; i < COUNTING_THREADS; i++)
		created += pthread_create(&t[i], NULL, count, NULL) == 0;
	for (int i = 0; i < created; i++)
		pthread_join(t[i], NULL);
	printf("%d threads x %d locked increments: counter %ld (expected %ld)\n", created, INCREMENTS,
	       counter, (long)COUNTING_THREADS * INCREMENTS);
	if (counter != (long)COUNTING_THREADS * INCREMENTS)
		failures++;
}

/* -- calls made from a second thread -------------------------------------- */

enum op { TRYLOCK, UNLOCK, LOCK_UNLOCK, TIMEDLOCK_50MS, TIMEDLOCK_5S };

struct request {
	pthread_mutex_t *mutex;
	enum op op;
	int result;
	int64_t took_ns;
};

static void *perform(void *arg)
{
	struct request *r = arg;
	int64_t start = now_ns(CLOCK_MONOTONIC);
	struct timespec at;
	switch (r->op) {
	case TRYLOCK:
		r->result = pthread_mutex_trylock(r->mutex);
		break;
	case UNLOCK:
		r->result = pthread_mutex_unlock(r->mutex);
		break;
	case LOCK_UNLOCK:
		r->result = pthread_mutex_lock(r->mutex);
		if (r->result == 0)
			pthread_mutex_unlock(r->mutex);
		break;
	case TIMEDLOCK_50MS:
	case TIMEDLOCK_5S:
		at = deadline_in(CLOCK_REALTIME, r->op == TIMEDLOCK_50MS ? 50 : 5000);
		r->result = pthread_mutex_timedlock(r->mutex, &at);
		if (r->result == 0)
			pthread_mutex_unlock(r->mutex);
		break;
	}
	r->took_ns = now_ns(CLOCK_MONOTONIC) - start;
	return NULL;
}

/* Runs `op` on `mutex` in another thread and returns its result. */
static int from_other_thread(pthread_mutex_t *mutex, enum op op)
{
	struct request r = { mutex, op, -1, 0 };
	pthread_t t;
	pthread_create(&t, NULL, perform, &r);
	pthread_join(t, NULL);
	return r.result;
}

static void init_typed(pthread_mutex_t *m, int type)
{
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, type);
	pthread_mutex_init(m, &attr);
	pthread_mutexattr_destroy(&attr);
}

static void normal(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	printf("normal: trylock free -> %s\n", error_name(pthread_mutex_trylock(&m)));
	printf("normal: trylock held by self -> %s\n", error_name(pthread_mutex_trylock(&m)));
	printf("normal: trylock held by another thread -> %s\n", error_name(from_other_thread(&m, TRYLOCK)));
	pthread_mutex_unlock(&m);
	printf("normal: lock from another thread after unlock -> %s\n", error_name(from_other_thread(&m, LOCK_UNLOCK)));
	printf("normal: destroy -> %s\n", error_name(pthread_mutex_destroy(&m)));
}

static void recursive(void)
{
	pthread_mutex_t m;
	init_typed(&m, PTHREAD_MUTEX_RECURSIVE);
	int r1 = pthread_mutex_lock(&m), r2 = pthread_mutex_lock(&m), r3 = pthread_mutex_lock(&m);
	printf("recursive: lock x3 by the owner -> %s %s %s\n", error_name(r1), error_name(r2), error_name(r3));
	printf("recursive: trylock by the owner -> %s\n", error_name(pthread_mutex_trylock(&m)));
	printf("recursive: trylock by another thread -> %s\n", error_name(from_other_thread(&m, TRYLOCK)));
	printf("recursive: unlock by another thread -> %s\n", error_name(from_other_thread(&m, UNLOCK)));
	int u[4];
	for (int i = 0; i < 4; i++)
		u[i] = pthread_mutex_unlock(&m);
	printf("recursive: unlock x4 -> %s %s %s %s\n", error_name(u[0]), error_name(u[1]), error_name(u[2]),
	       error_name(u[3]));
	printf("recursive: another thread can lock it now -> %s\n", error_name(from_other_thread(&m, LOCK_UNLOCK)));
	printf("recursive: one unlock too many -> %s\n", error_name(pthread_mutex_unlock(&m)));
	pthread_mutex_destroy(&m);
}

static void errorcheck(void)
{
	pthread_mutex_t m;
	init_typed(&m, PTHREAD_MUTEX_ERRORCHECK);
	int type = -1;
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutexattr_gettype(&attr, &type);
	pthread_mutexattr_destroy(&attr);
	check("errorcheck: attribute reads back PTHREAD_MUTEX_ERRORCHECK", type == PTHREAD_MUTEX_ERRORCHECK);
	printf("errorcheck: unlock while unlocked -> %s\n", error_name(pthread_mutex_unlock(&m)));
	printf("errorcheck: lock -> %s\n", error_name(pthread_mutex_lock(&m)));
	printf("errorcheck: relock by the owner -> %s\n", error_name(pthread_mutex_lock(&m)));
	printf("errorcheck: trylock by the owner -> %s\n", error_name(pthread_mutex_trylock(&m)));
	printf("errorcheck: unlock by another thread -> %s\n", error_name(from_other_thread(&m, UNLOCK)));
	printf("errorcheck: trylock by another thread -> %s\n", error_name(from_other_thread(&m, TRYLOCK)));
	struct timespec at = deadline_in(CLOCK_REALTIME, 10);
	printf("errorcheck: timedlock by the owner -> %s\n", error_name(pthread_mutex_timedlock(&m, &at)));
	printf("errorcheck: unlock by the owner -> %s\n", error_name(pthread_mutex_unlock(&m)));
	pthread_mutex_destroy(&m);
}

/* -- timed lock ----------------------------------------------------------- */

static void timed(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&m);
	struct request r = { &m, TIMEDLOCK_50MS, -1, 0 };
	pthread_t t;
	pthread_create(&t, NULL, perform, &r);
	pthread_join(t, NULL);
	printf("timedlock 50 ms while another thread holds it -> %s\n", error_name(r.result));
	check("  timed out after >= 50 ms", r.took_ns >= 50 * 1000000LL);
	check("  timed out within 10 s", r.took_ns < 10 * NS_PER_S);

	/* The holder lets go after 30 ms; a waiter with a 5 s deadline gets it. */
	r = (struct request){ &m, TIMEDLOCK_5S, -1, 0 };
	pthread_create(&t, NULL, perform, &r);
	sleep_ms(30);
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
	printf("timedlock 5 s, released after 30 ms -> %s\n", error_name(r.result));
	check("  acquired before the deadline", r.took_ns < 5 * NS_PER_S);

	struct timespec bad = { 0, NS_PER_S };
	pthread_mutex_lock(&m);
	printf("timedlock with tv_nsec = 1e9 on a held mutex -> %s\n", error_name(pthread_mutex_timedlock(&m, &bad)));
	pthread_mutex_unlock(&m);
	struct timespec past = { 0, 0 };
	printf("timedlock with a past deadline on a free mutex -> %s\n", error_name(pthread_mutex_timedlock(&m, &past)));
	pthread_mutex_unlock(&m);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	shared_counter();
	normal();
	recursive();
	errorcheck();
	timed();
	printf("failed checks: %d\n", failures);
	return failures != 0;
}
