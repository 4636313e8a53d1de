/*
 * Preemption: threads that never block or yield must not keep others off
 * the CPU. A thread spinning on a flag sees it set by a main thread that
 * slept 50 ms first; a thread sleeping 100 ms while two threads spin wakes
 * within 2 s; four spinning threads all make progress while main sleeps; two
 * threads pass a turn back and forth with sched_yield for a fixed number of
 * rounds. Only derived facts are printed; the status is the number of failed
 * checks. The harness's timeout bounds a run in which preemption is missing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "thread_support.h"

/* -- a spinner waits for a flag that a sleeper sets ----------------------- */

static volatile int flag;

static void *spin_until_flag(void *arg)
{
	long spins = 0;
	while (!flag)
		spins++;
	*(long *)arg = spins;
	return NULL;
}

static void flag_after_sleep(void)
{
	long spins = -1;
	pthread_t t;
	pthread_create(&t, NULL, spin_until_flag, &spins);
	int r = sleep_ms(50);
	flag = 1;
	pthread_join(t, NULL);
	printf("main slept 50 ms (-> %d) while a thread spun, then set the flag\n", r);
	check("  the spinning thread saw it and finished", spins >= 0);
}

/* -- a sleeper wakes on time among spinners ------------------------------- */

static atomic_int stop;
static atomic_long progress[4];

static void *spin_until_stop(void *arg)
{
	atomic_long *counter = arg;
	while (!atomic_load_explicit(&stop, memory_order_relaxed))
		atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
	return NULL;
}

static void *sleep_100ms(void *arg)
{
	int64_t start = now_ns(CLOCK_MONOTONIC);
	sleep_ms(100);
	*(int64_t *)arg = now_ns(CLOCK_MONOTONIC) - start;
	return NULL;
}

static void sleeper_among_spinners(void)
{
	atomic_store(&stop, 0);
	pthread_t spinner[2], sleeper;
	for (int i = 0; i < 2; i++)
		pthread_create(&spinner[i], NULL, spin_until_stop, &progress[i]);
	int64_t took = -1;
	pthread_create(&sleeper, NULL, sleep_100ms, &took);
	pthread_join(sleeper, NULL);
	atomic_store(&stop, 1);
	for (int i = 0; i < 2; i++)
		pthread_join(spinner[i], NULL);
	printf("a thread slept 100 ms while 2 threads spun\n");
	check("  woke in time", took >= 100 * 1000000LL && took < 2 * NS_PER_S);
}

/* -- every spinner gets CPU time ------------------------------------------ */

static void all_make_progress(void)
{
	atomic_store(&stop, 0);
	pthread_t t[4];
	for (int i = 0; i < 4; i++) {
		atomic_store(&progress[i], 0);
		pthread_create(&t[i], NULL, spin_until_stop, &progress[i]);
	}
	/* Main sleeps in short steps until each spinner has counted, or 10 s. */
	int64_t give_up = now_ns(CLOCK_MONOTONIC) + 10 * NS_PER_S;
	int all;
	do {
		sleep_ms(10);
		all = 1;
		for (int i = 0; i < 4; i++)
			all &= atomic_load(&progress[i]) > 0;
	} while (!all && now_ns(CLOCK_MONOTONIC) < give_up);
	/* Each keeps running: its count grows again after main's next sleep. */
	long before[4];
	for (int i = 0; i < 4; i++)
		before[i] = atomic_load(&progress[i]);
	int again;
	do {
		sleep_ms(10);
		again = 1;
		for (int i = 0; i < 4; i++)
			again &= atomic_load(&progress[i]) > before[i];
	} while (!again && now_ns(CLOCK_MONOTONIC) < give_up);
	atomic_store(&stop, 1);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("4 spinning threads while main sleeps in 10 ms steps\n");
	check("  all 4 made progress", all);
	check("  and kept making progress", again);
}

/* -- sched_yield ping-pong ------------------------------------------------ */

#define ROUNDS 5000

static atomic_int turn;
static atomic_long moves;

/* Waits for its turn by yielding, then hands the turn to the other thread. */
static void *player(void *arg)
{
	int me = (int)(intptr_t)arg;
	for (int i = 0; i < ROUNDS; i++) {
		while (atomic_load(&turn) != me)
			sched_yield();
		atomic_fetch_add(&moves, 1);
		atomic_store(&turn, 1 - me);
	}
	return NULL;
}

static void ping_pong(void)
{
	pthread_t t[2];
	for (intptr_t i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, player, (void *)i);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("sched_yield ping-pong: %d rounds, %ld moves, turn back at %d\n", ROUNDS, atomic_load(&moves),
	       atomic_load(&turn));
	printf("sched_yield with one thread runnable -> %d\n", sched_yield());
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	flag_after_sleep();
	sleeper_among_spinners();
	all_make_progress();
	ping_pong();
	printf("failed checks: %d\n", failures);
	return failures != 0;
}
