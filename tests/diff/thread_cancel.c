/*
 * Thread cancellation: a thread blocked in a cancellation point (sleep,
 * nanosleep, pthread_cond_wait, sem_wait) is cancelled, its cleanup handlers
 * run newest first (for cond_wait with the mutex held again) and join returns
 * PTHREAD_CANCELED; deferred cancellation waits for pthread_testcancel;
 * asynchronous cancellation stops a thread spinning with no cancellation
 * point; a thread with cancellation disabled survives cancellation points
 * until it enables it again; cleanup handlers popped with execute 1 run and
 * with 0 do not. Only the main thread prints; the status is the number of
 * failed checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "thread_support.h"

/* What each cancelled thread leaves behind. */
static sem_t started;
static char trail[64];
static pthread_mutex_t trail_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int cancel_sent;

static void note(const char *what)
{
	pthread_mutex_lock(&trail_lock);
	strncat(trail, what, sizeof trail - strlen(trail) - 1);
	pthread_mutex_unlock(&trail_lock);
}

static void cleanup(void *arg)
{
	note(arg);
}

/*
 * Joins `t` with a 10 s limit, so that a cancellation that never happens ends
 * the program instead of hanging it, and prints what join returned.
 */
static void join_cancelled(pthread_t t, int64_t start)
{
	struct timespec at;
	clock_gettime(CLOCK_REALTIME, &at);
	at.tv_sec += 10;
	void *result = NULL;
	int r = pthread_timedjoin_np(t, &result, &at);
	if (r != 0) {
		printf("  join -> %s; giving up\n", strerror(r));
		exit(100);
	}
	check("  join returned PTHREAD_CANCELED", result == PTHREAD_CANCELED);
	check("  within 10 s of the cancel", now_ns(CLOCK_MONOTONIC) - start < 10 * NS_PER_S);
	printf("  cleanup trail: %s\n", trail);
}

/* Starts `body`, waits until it says it is about to block, lets it block,
 * cancels it and joins it. */
static void cancel_blocked(const char *what, void *(*body)(void *), void *arg)
{
	trail[0] = '\0';
	pthread_t t;
	pthread_create(&t, NULL, body, arg);
	sem_wait(&started);
	sleep_ms(20);
	int64_t start = now_ns(CLOCK_MONOTONIC);
	printf("%s: pthread_cancel -> %d\n", what, pthread_cancel(t));
	join_cancelled(t, start);
}

/* -- blocked in a cancellation point -------------------------------------- */

static void *in_sleep(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, "A");
	pthread_cleanup_push(cleanup, "B");
	sem_post(&started);
	sleep(100);
	note("[sleep returned]");
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *in_nanosleep(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, "N");
	sem_post(&started);
	struct timespec t = { 100, 0 };
	nanosleep(&t, NULL);
	note("[nanosleep returned]");
	pthread_cleanup_pop(0);
	return NULL;
}

static pthread_cond_t never = PTHREAD_COND_INITIALIZER;

/* Cleanup for a cancelled cond_wait: the mutex is held again, so the
 * error-checking unlock succeeds. */
static void unlock_mutex(void *arg)
{
	note(pthread_mutex_unlock(arg) == 0 ? "unlocked-by-owner" : "not-owner");
}

static void *in_cond_wait(void *arg)
{
	pthread_mutex_t *m = arg;
	pthread_mutex_lock(m);
	pthread_cleanup_push(unlock_mutex, m);
	sem_post(&started);
	for (;;)
		pthread_cond_wait(&never, m);
	pthread_cleanup_pop(0);
	return NULL;
}

static sem_t never_posted;

static void *in_sem_wait(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, "S");
	sem_post(&started);
	sem_wait(&never_posted);
	note("[sem_wait returned]");
	pthread_cleanup_pop(0);
	return NULL;
}

static void blocked(void)
{
	cancel_blocked("blocked in sleep(100)", in_sleep, NULL);
	cancel_blocked("blocked in nanosleep(100 s)", in_nanosleep, NULL);

	pthread_mutex_t m;
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &attr);
	pthread_mutexattr_destroy(&attr);
	cancel_blocked("blocked in pthread_cond_wait", in_cond_wait, &m);
	check("  mutex free afterwards", pthread_mutex_trylock(&m) == 0);
	pthread_mutex_unlock(&m);
	pthread_mutex_destroy(&m);

	sem_init(&never_posted, 0, 0);
	cancel_blocked("blocked in sem_wait", in_sem_wait, NULL);
	sem_destroy(&never_posted);
}

/* -- deferred, asynchronous, disabled ------------------------------------- */

static void wait_for_cancel_sent(void)
{
	while (!atomic_load(&cancel_sent))
		sched_yield();
}

static void *deferred(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, "D");
	sem_post(&started);
	/* No cancellation point in here: the request waits. */
	wait_for_cancel_sent();
	note("still-running,");
	pthread_testcancel();
	note("[testcancel returned]");
	pthread_cleanup_pop(0);
	return NULL;
}

static atomic_long spins;

static void *asynchronous(void *arg)
{
	(void)arg;
	int old = -1;
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
	note(old == PTHREAD_CANCEL_DEFERRED ? "was-deferred," : "was-not-deferred,");
	sem_post(&started);
	for (;;)
		atomic_fetch_add_explicit(&spins, 1, memory_order_relaxed);
	return NULL;
}

static void *disabled(void *arg)
{
	(void)arg;
	int old = -1;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	note(old == PTHREAD_CANCEL_ENABLE ? "was-enabled," : "was-not-enabled,");
	pthread_cleanup_push(cleanup, "E");
	sem_post(&started);
	wait_for_cancel_sent();
	/* Cancellation points while disabled: the request stays pending. */
	sleep_ms(10);
	usleep(1000);
	note("survived-sleeps,");
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	note(old == PTHREAD_CANCEL_DISABLE ? "was-disabled," : "was-not-disabled,");
	pthread_testcancel();
	note("[testcancel returned]");
	pthread_cleanup_pop(0);
	return NULL;
}

/* Starts `body`, cancels it once it has started (and, if `spinning`, once
 * it has counted to 1000) and tells it so. */
static void cancel_running(const char *what, void *(*body)(void *), int spinning)
{
	trail[0] = '\0';
	atomic_store(&cancel_sent, 0);
	pthread_t t;
	pthread_create(&t, NULL, body, NULL);
	sem_wait(&started);
	int64_t give_up = now_ns(CLOCK_MONOTONIC) + 10 * NS_PER_S;
	while (spinning && atomic_load(&spins) < 1000 && now_ns(CLOCK_MONOTONIC) < give_up)
		sched_yield();
	int64_t start = now_ns(CLOCK_MONOTONIC);
	printf("%s: pthread_cancel -> %d\n", what, pthread_cancel(t));
	atomic_store(&cancel_sent, 1);
	join_cancelled(t, start);
}

static void running(void)
{
	cancel_running("deferred, acted on at pthread_testcancel", deferred, 0);
	cancel_running("asynchronous, spinning without cancellation points", asynchronous, 1);
	check("  it had been spinning", atomic_load(&spins) >= 1000);
	cancel_running("disabled, then enabled", disabled, 0);
}

/* -- cancelling oneself, cleanup without cancellation --------------------- */

static void *cancel_self(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, "self");
	pthread_cancel(pthread_self());
	note("flagged,");
	pthread_testcancel();
	note("[testcancel returned]");
	pthread_cleanup_pop(0);
	return NULL;
}

static void *pops(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, "outer");
	pthread_cleanup_push(cleanup, "inner,");
	pthread_cleanup_pop(1);
	pthread_cleanup_pop(0);
	return (void *)42;
}

static void without_cancel(void)
{
	trail[0] = '\0';
	pthread_t t;
	pthread_create(&t, NULL, cancel_self, NULL);
	printf("pthread_cancel(pthread_self()), then pthread_testcancel:\n");
	join_cancelled(t, now_ns(CLOCK_MONOTONIC));

	trail[0] = '\0';
	void *result = NULL;
	pthread_create(&t, NULL, pops, NULL);
	pthread_join(t, &result);
	printf("cleanup_pop(1) then cleanup_pop(0), no cancel: returned %ld, trail: %s\n",
	       (long)(intptr_t)result, trail);

	printf("setcancelstate(99) -> %s, setcanceltype(99) -> %s\n",
	       strerror(pthread_setcancelstate(99, NULL)), strerror(pthread_setcanceltype(99, NULL)));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	sem_init(&started, 0, 0);
	blocked();
	running();
	without_cancel();
	printf("failed checks: %d\n", failures);
	return failures != 0;
}
