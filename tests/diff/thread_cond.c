/*
 * Condition variables, read-write locks, barriers and semaphores across
 * threads: a producer/consumer queue moves every item exactly once;
 * pthread_cond_broadcast wakes every waiter; pthread_cond_timedwait on
 * CLOCK_MONOTONIC (condattr) and CLOCK_REALTIME times out after at least
 * the time asked; several readers hold a rwlock at once while writers hold
 * it alone; a barrier names exactly one serial thread per round and lets
 * nobody through early; semaphores count, fail with EAGAIN and time out with
 * ETIMEDOUT. Only the main thread prints; the status is the number of failed
 * checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "thread_support.h"

/* -- producer/consumer ---------------------------------------------------- */

#define PRODUCERS 3
#define CONSUMERS 3
#define ITEMS 3000
#define QUEUE_SIZE 8

static struct {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	long items[QUEUE_SIZE];
	int head, count, producers_left;
} queue = { .lock = PTHREAD_MUTEX_INITIALIZER, .not_empty = PTHREAD_COND_INITIALIZER,
	    .not_full = PTHREAD_COND_INITIALIZER };

struct consumed {
	long count, sum;
};

static void *produce(void *arg)
{
	long base = (intptr_t)arg * 1000000L;
	for (long i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&queue.lock);
		while (queue.count == QUEUE_SIZE)
			pthread_cond_wait(&queue.not_full, &queue.lock);
		queue.items[(queue.head + queue.count) % QUEUE_SIZE] = base + i;
		queue.count++;
		pthread_cond_signal(&queue.not_empty);
		pthread_mutex_unlock(&queue.lock);
	}
	pthread_mutex_lock(&queue.lock);
	/* The last producer out tells every consumer the stream has ended. */
	if (--queue.producers_left == 0)
		pthread_cond_broadcast(&queue.not_empty);
	pthread_mutex_unlock(&queue.lock);
	return NULL;
}

static void *consume(void *arg)
{
	struct consumed *c = arg;
	pthread_mutex_lock(&queue.lock);
	for (;;) {
		while (queue.count == 0 && queue.producers_left > 0)
			pthread_cond_wait(&queue.not_empty, &queue.lock);
		if (queue.count == 0)
			break;
		c->sum += queue.items[queue.head];
		c->count++;
		queue.head = (queue.head + 1) % QUEUE_SIZE;
		queue.count--;
		pthread_cond_signal(&queue.not_full);
	}
	pthread_mutex_unlock(&queue.lock);
	return NULL;
}

static void producer_consumer(void)
{
	pthread_t p[PRODUCERS], c[CONSUMERS];
	struct consumed got[CONSUMERS] = { { 0, 0 } };
	queue.producers_left = PRODUCERS;
	for (int i = 0; i < CONSUMERS; i++)
		pthread_create(&c[i], NULL, consume, &got[i]);
	for (intptr_t i = 0; i < PRODUCERS; i++)
		pthread_create(&p[i], NULL, produce, (void *)(i + 1));
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(p[i], NULL);
	long count = 0, sum = 0;
	for (int i = 0; i < CONSUMERS; i++) {
		pthread_join(c[i], NULL);
		count += got[i].count;
		sum += got[i].sum;
	}
	long expected = 0;
	for (long p = 1; p <= PRODUCERS; p++)
		expected += p * 1000000L * ITEMS + (long)ITEMS * (ITEMS + 1) / 2;
	printf("%d producers x %d items through a %d-slot queue to %d consumers: %ld items, sum %ld\n",
	       PRODUCERS, ITEMS, QUEUE_SIZE, CONSUMERS, count, sum);
	check("  every item consumed exactly once", count == PRODUCERS * ITEMS && sum == expected);
}

/* -- broadcast ------------------------------------------------------------ */

#define WAITERS 6

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate = PTHREAD_COND_INITIALIZER, arrived = PTHREAD_COND_INITIALIZER;
static int waiting, open_gate, woken;

static void *wait_at_gate(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&gate_lock);
	waiting++;
	pthread_cond_signal(&arrived);
	while (!open_gate)
		pthread_cond_wait(&gate, &gate_lock);
	woken++;
	pthread_mutex_unlock(&gate_lock);
	return NULL;
}

static void broadcast(void)
{
	pthread_t t[WAITERS];
	for (int i = 0; i < WAITERS; i++)
		pthread_create(&t[i], NULL, wait_at_gate, NULL);
	pthread_mutex_lock(&gate_lock);
	while (waiting < WAITERS)
		pthread_cond_wait(&arrived, &gate_lock);
	open_gate = 1;
	pthread_cond_broadcast(&gate);
	pthread_mutex_unlock(&gate_lock);
	for (int i = 0; i < WAITERS; i++)
		pthread_join(t[i], NULL);
	printf("broadcast to %d waiters: %d woke\n", WAITERS, woken);
}

/* -- timed waits ---------------------------------------------------------- */

static void timed_wait(clockid_t clock, const char *clock_name)
{
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	int set = pthread_condattr_setclock(&attr, clock);
	clockid_t back = -1;
	pthread_condattr_getclock(&attr, &back);
	pthread_cond_t cond;
	pthread_cond_init(&cond, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

	pthread_mutex_lock(&m);
	int64_t start = now_ns(CLOCK_MONOTONIC);
	struct timespec at = deadline_in(clock, 50);
	int r = pthread_cond_timedwait(&cond, &m, &at);
	int64_t took = now_ns(CLOCK_MONOTONIC) - start;
	int64_t after = now_ns(clock);
	/* The mutex is held again on return, timeout or not. */
	int relocked = pthread_mutex_trylock(&m) == EBUSY;
	pthread_mutex_unlock(&m);
	printf("cond_timedwait on %s (setclock %d, reads back %s) 50 ms -> %s\n", clock_name, set,
	       back == clock ? "yes" : "no", error_name(r));
	check("  timed out after >= 50 ms", took >= 50 * 1000000LL && after >= at.tv_sec * NS_PER_S + at.tv_nsec);
	check("  timed out within 10 s", took < 10 * NS_PER_S);
	check("  mutex held again on return", relocked);
	pthread_cond_destroy(&cond);
}

struct signalled_wait {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int ready, result;
};

static void *wait_up_to_5s(void *arg)
{
	struct signalled_wait *w = arg;
	pthread_mutex_lock(&w->lock);
	struct timespec at = deadline_in(CLOCK_REALTIME, 5000);
	w->result = 0;
	while (!w->ready && w->result == 0)
		w->result = pthread_cond_timedwait(&w->cond, &w->lock, &at);
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static void timed_waits(void)
{
	timed_wait(CLOCK_MONOTONIC, "CLOCK_MONOTONIC");
	timed_wait(CLOCK_REALTIME, "CLOCK_REALTIME");

	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	printf("condattr_setclock(CLOCK_PROCESS_CPUTIME_ID) -> %s\n",
	       error_name(pthread_condattr_setclock(&attr, CLOCK_PROCESS_CPUTIME_ID)));
	pthread_condattr_destroy(&attr);

	struct signalled_wait w = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, -1 };
	pthread_t t;
	int64_t start = now_ns(CLOCK_MONOTONIC);
	pthread_create(&t, NULL, wait_up_to_5s, &w);
	sleep_ms(20);
	pthread_mutex_lock(&w.lock);
	w.ready = 1;
	pthread_cond_signal(&w.cond);
	pthread_mutex_unlock(&w.lock);
	pthread_join(t, NULL);
	printf("cond_timedwait 5 s, signalled after 20 ms -> %s\n", error_name(w.result));
	check("  returned before the deadline", now_ns(CLOCK_MONOTONIC) - start < 5 * NS_PER_S);
}

/* -- rwlocks -------------------------------------------------------------- */

#define READERS 4

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static atomic_int readers_inside, most_readers_inside, writers_inside, violations;
static long written;

static void *read_together(void *arg)
{
	(void)arg;
	pthread_rwlock_rdlock(&rw);
	int inside = atomic_fetch_add(&readers_inside, 1) + 1;
	int most = atomic_load(&most_readers_inside);
	while (inside > most && !atomic_compare_exchange_weak(&most_readers_inside, &most, inside)) {
	}
	/* Stay inside until every reader is, or give up after 10 s. */
	int64_t give_up = now_ns(CLOCK_MONOTONIC) + 10 * NS_PER_S;
	while (atomic_load(&most_readers_inside) < READERS && now_ns(CLOCK_MONOTONIC) < give_up)
		sched_yield();
	atomic_fetch_sub(&readers_inside, 1);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

#define RW_ROUNDS 2000

static void *write_often(void *arg)
{
	(void)arg;
	for (int i = 0; i < RW_ROUNDS; i++) {
		pthread_rwlock_wrlock(&rw);
		if (atomic_fetch_add(&writers_inside, 1) != 0 || atomic_load(&readers_inside) != 0)
			atomic_fetch_add(&violations, 1);
		written++;
		atomic_fetch_sub(&writers_inside, 1);
		pthread_rwlock_unlock(&rw);
	}
	return NULL;
}

static void *read_often(void *arg)
{
	(void)arg;
	for (int i = 0; i < RW_ROUNDS; i++) {
		pthread_rwlock_rdlock(&rw);
		atomic_fetch_add(&readers_inside, 1);
		if (atomic_load(&writers_inside) != 0)
			atomic_fetch_add(&violations, 1);
		atomic_fetch_sub(&readers_inside, 1);
		pthread_rwlock_unlock(&rw);
	}
	return NULL;
}

enum rw_op { TRYRDLOCK, TRYWRLOCK, TIMEDRDLOCK_50MS, TIMEDWRLOCK_50MS };

struct rw_request {
	enum rw_op op;
	int result;
	int64_t took_ns;
};

static void *rw_perform(void *arg)
{
	struct rw_request *r = arg;
	int64_t start = now_ns(CLOCK_MONOTONIC);
	struct timespec at = deadline_in(CLOCK_REALTIME, 50);
	switch (r->op) {
	case TRYRDLOCK: r->result = pthread_rwlock_tryrdlock(&rw); break;
	case TRYWRLOCK: r->result = pthread_rwlock_trywrlock(&rw); break;
	case TIMEDRDLOCK_50MS: r->result = pthread_rwlock_timedrdlock(&rw, &at); break;
	case TIMEDWRLOCK_50MS: r->result = pthread_rwlock_timedwrlock(&rw, &at); break;
	}
	r->took_ns = now_ns(CLOCK_MONOTONIC) - start;
	if (r->result == 0)
		pthread_rwlock_unlock(&rw);
	return NULL;
}

static struct rw_request rw_from_other_thread(enum rw_op op)
{
	struct rw_request r = { op, -1, 0 };
	pthread_t t;
	pthread_create(&t, NULL, rw_perform, &r);
	pthread_join(t, NULL);
	return r;
}

static void rwlocks(void)
{
	pthread_t t[READERS + 5];
	for (int i = 0; i < READERS; i++)
		pthread_create(&t[i], NULL, read_together, NULL);
	for (int i = 0; i < READERS; i++)
		pthread_join(t[i], NULL);
	printf("rwlock: most readers inside at once: %d of %d\n", atomic_load(&most_readers_inside), READERS);

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, write_often, NULL);
	for (int i = 2; i < 5; i++)
		pthread_create(&t[i], NULL, read_often, NULL);
	for (int i = 0; i < 5; i++)
		pthread_join(t[i], NULL);
	printf("rwlock: 2 writers and 3 readers x %d rounds: writes %ld, exclusion violations %d\n", RW_ROUNDS,
	       written, atomic_load(&violations));

	pthread_rwlock_rdlock(&rw);
	printf("rwlock: read-held: tryrdlock -> %s, trywrlock -> %s\n", error_name(rw_from_other_thread(TRYRDLOCK).result),
	       error_name(rw_from_other_thread(TRYWRLOCK).result));
	struct rw_request r = rw_from_other_thread(TIMEDWRLOCK_50MS);
	printf("rwlock: read-held: timedwrlock 50 ms -> %s\n", error_name(r.result));
	check("  timed out after >= 50 ms", r.took_ns >= 50 * 1000000LL);
	pthread_rwlock_unlock(&rw);

	pthread_rwlock_wrlock(&rw);
	printf("rwlock: write-held: tryrdlock -> %s, trywrlock -> %s\n", error_name(rw_from_other_thread(TRYRDLOCK).result),
	       error_name(rw_from_other_thread(TRYWRLOCK).result));
	r = rw_from_other_thread(TIMEDRDLOCK_50MS);
	printf("rwlock: write-held: timedrdlock 50 ms -> %s\n", error_name(r.result));
	check("  timed out after >= 50 ms", r.took_ns >= 50 * 1000000LL);
	pthread_rwlock_unlock(&rw);
	printf("rwlock: free: trywrlock -> %s\n", error_name(rw_from_other_thread(TRYWRLOCK).result));
}

/* -- barriers ------------------------------------------------------------- */

#define BARRIER_THREADS 4
#define ROUNDS 200

static pthread_barrier_t barrier;
static atomic_int serial_count[ROUNDS], arrived_count[ROUNDS], early;

static void *meet(void *arg)
{
	(void)arg;
	for (int round = 0; round < ROUNDS; round++) {
		atomic_fetch_add(&arrived_count[round], 1);
		int r = pthread_barrier_wait(&barrier);
		if (r == PTHREAD_BARRIER_SERIAL_THREAD)
			atomic_fetch_add(&serial_count[round], 1);
		else if (r != 0)
			atomic_fetch_add(&early, 1000);
		if (atomic_load(&arrived_count[round]) != BARRIER_THREADS)
			atomic_fetch_add(&early, 1);
	}
	return NULL;
}

static void barriers(void)
{
	printf("barrier_init with count 0 -> %s\n", error_name(pthread_barrier_init(&barrier, NULL, 0)));
	pthread_barrier_init(&barrier, NULL, 1);
	int a = pthread_barrier_wait(&barrier), b = pthread_barrier_wait(&barrier);
	check("barrier of 1: every wait returns PTHREAD_BARRIER_SERIAL_THREAD",
	      a == PTHREAD_BARRIER_SERIAL_THREAD && b == PTHREAD_BARRIER_SERIAL_THREAD);
	pthread_barrier_destroy(&barrier);

	pthread_barrier_init(&barrier, NULL, BARRIER_THREADS);
	pthread_t t[BARRIER_THREADS];
	for (int i = 0; i < BARRIER_THREADS; i++)
		pthread_create(&t[i], NULL, meet, NULL);
	for (int i = 0; i < BARRIER_THREADS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&barrier);
	int exactly_one = 0;
	for (int round = 0; round < ROUNDS; round++)
		exactly_one += atomic_load(&serial_count[round]) == 1;
	printf("barrier of %d, %d rounds: rounds with exactly one serial thread %d, early passes %d\n",
	       BARRIER_THREADS, ROUNDS, exactly_one, atomic_load(&early));
}

/* -- semaphores ----------------------------------------------------------- */

#define POSTS 1000

static sem_t items;

static void *post_items(void *arg)
{
	(void)arg;
	for (int i = 0; i < POSTS; i++) {
		sem_post(&items);
		if (i % 100 == 0)
			sched_yield();
	}
	return NULL;
}

static void *post_later(void *arg)
{
	sleep_ms(30);
	sem_post(arg);
	return NULL;
}

/* "0" for success, otherwise the errno name. */
static const char *sem_result(int r)
{
	return r == 0 ? "0" : error_name(errno);
}

static void semaphores(void)
{
	sem_t s;
	int value = -1;
	printf("sem_init 0 -> %d\n", sem_init(&s, 0, 0));
	errno = 0;
	printf("sem_trywait on 0 -> %s\n", sem_result(sem_trywait(&s)));
	printf("sem_post -> %d\n", sem_post(&s));
	sem_getvalue(&s, &value);
	printf("sem_getvalue -> %d\n", value);
	printf("sem_trywait on 1 -> %s\n", sem_result(sem_trywait(&s)));
	sem_getvalue(&s, &value);
	printf("sem_getvalue -> %d\n", value);

	int64_t start = now_ns(CLOCK_MONOTONIC);
	struct timespec at = deadline_in(CLOCK_REALTIME, 50);
	errno = 0;
	int r = sem_timedwait(&s, &at);
	int64_t took = now_ns(CLOCK_MONOTONIC) - start;
	printf("sem_timedwait 50 ms on 0 -> %s\n", sem_result(r));
	check("  timed out after >= 50 ms", took >= 50 * 1000000LL);
	struct timespec bad = { 0, NS_PER_S };
	errno = 0;
	printf("sem_timedwait with tv_nsec = 1e9 on 0 -> %s\n", sem_result(sem_timedwait(&s, &bad)));

	pthread_t t;
	pthread_create(&t, NULL, post_later, &s);
	start = now_ns(CLOCK_MONOTONIC);
	r = sem_wait(&s);
	took = now_ns(CLOCK_MONOTONIC) - start;
	pthread_join(t, NULL);
	printf("sem_wait woken by a post from another thread after 30 ms -> %d\n", r);
	check("  returned within 10 s", took < 10 * NS_PER_S);
	sem_destroy(&s);

	sem_init(&items, 0, 0);
	pthread_create(&t, NULL, post_items, NULL);
	int taken = 0;
	for (int i = 0; i < POSTS; i++)
		taken += sem_wait(&items) == 0;
	pthread_join(t, NULL);
	sem_getvalue(&items, &value);
	printf("%d posts from another thread: %d waits returned, value left %d\n", POSTS, taken, value);
	sem_destroy(&items);

	sem_init(&s, 0, SEM_VALUE_MAX);
	errno = 0;
	printf("sem_post at SEM_VALUE_MAX -> %s\n", sem_result(sem_post(&s)));
	sem_destroy(&s);
	errno = 0;
	printf("sem_init above SEM_VALUE_MAX -> %s\n", sem_result(sem_init(&s, 0, (unsigned)SEM_VALUE_MAX + 1)));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	producer_consumer();
	broadcast();
	timed_waits();
	rwlocks();
	barriers();
	semaphores();
	printf("failed checks: %d\n", failures);
	return failures != 0;
}
