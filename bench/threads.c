/*
 * What threads and system calls cost, in guest instructions per operation.
 * An ordinary Linux program: scripts/bench-threads.sh builds it for Runikraft
 * and for Linux and boots both under qemu -icount shift=0.
 *
 * Each measure reads the `time` CSR around a loop. qemu virt's timebase is
 * 10 MHz, and -icount shift=0 advances guest time by one nanosecond per
 * instruction, so one tick is 100 instructions; loops are long enough that
 * this granularity does not matter.
 *
 * Output, one line per measure:
 *     bench: <measure> <instructions per operation>
 *     bench: <measure> failed: <reason>
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define INSTRUCTIONS_PER_TICK 100

enum {
	GETPID_ROUNDS = 20000,
	MUTEX_ROUNDS = 200000,
	CREATE_ROUNDS = 1000,
	WAKE_ROUNDS = 2000,
	SWITCH_ROUNDS = 5000,
};

static inline unsigned long ticks(void)
{
	unsigned long t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static void report(const char *measure, unsigned long elapsed_ticks, long operations)
{
	printf("bench: %s %.1f\n", measure, (double)elapsed_ticks * INSTRUCTIONS_PER_TICK / operations);
}

static void report_failure(const char *measure, const char *call, int error)
{
	printf("bench: %s failed: %s: %s\n", measure, call, strerror(error));
}

/* -- system call round trip ------------------------------------------------- */

static void bench_getpid(void)
{
	unsigned long start = ticks();
	for (int i = 0; i < GETPID_ROUNDS; i++)
		getpid();
	report("getpid", ticks() - start, GETPID_ROUNDS);
}

/* -- uncontended mutex ------------------------------------------------------- */

static void bench_mutex(void)
{
	pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
	unsigned long start = ticks();
	for (int i = 0; i < MUTEX_ROUNDS; i++) {
		pthread_mutex_lock(&mutex);
		pthread_mutex_unlock(&mutex);
	}
	report("mutex", ticks() - start, MUTEX_ROUNDS);
}

/* -- thread create + join ---------------------------------------------------- */

static void *empty_thread(void *argument)
{
	return argument;
}

static void bench_create_join(void)
{
	unsigned long start = ticks();
	for (int i = 0; i < CREATE_ROUNDS; i++) {
		pthread_t thread;
		int error = pthread_create(&thread, NULL, empty_thread, NULL);
		if (error) {
			report_failure("create-join", "pthread_create", error);
			return;
		}
		pthread_join(thread, NULL);
	}
	report("create-join", ticks() - start, CREATE_ROUNDS);
}

/* -- futex wake to run ------------------------------------------------------- */

static void futex_wait(atomic_int *word, int value)
{
	syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, value, NULL);
}

static void futex_wake(atomic_int *word)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1);
}

/* The main thread and a partner pass a baton through two futex words: each
 * sets the other's word to 1, wakes it, and sleeps until its own is 1. The
 * main thread notes the time just before each wake; the partner, once
 * running, adds up how long that took. */
static struct {
	atomic_int partner_go, main_go;
	unsigned long woken_at, wake_to_run_ticks;
} baton;

static void pass_baton(atomic_int *to, atomic_int *mine)
{
	atomic_store(to, 1);
	futex_wake(to);
	while (atomic_load(mine) == 0)
		futex_wait(mine, 0);
	atomic_store(mine, 0);
}

static void *baton_partner(void *argument)
{
	(void)argument;
	/* Round 0 is the partner's first run after creation, not a wake. */
	for (int round = 0; round <= WAKE_ROUNDS; round++) {
		while (atomic_load(&baton.partner_go) == 0)
			futex_wait(&baton.partner_go, 0);
		atomic_store(&baton.partner_go, 0);
		if (round > 0)
			baton.wake_to_run_ticks += ticks() - baton.woken_at;
		atomic_store(&baton.main_go, 1);
		futex_wake(&baton.main_go);
	}
	return NULL;
}

static void bench_wake_to_run(void)
{
	pthread_t partner;
	int error = pthread_create(&partner, NULL, baton_partner, NULL);
	if (error) {
		report_failure("wake-to-run", "pthread_create", error);
		return;
	}
	for (int round = 0; round <= WAKE_ROUNDS; round++) {
		baton.woken_at = ticks();
		pass_baton(&baton.partner_go, &baton.main_go);
	}
	pthread_join(partner, NULL);
	report("wake-to-run", baton.wake_to_run_ticks, WAKE_ROUNDS);
}

/* -- context switch ---------------------------------------------------------- */

/* Two threads take turns: each yields until it is its turn, then hands the
 * turn over. With both runnable on one CPU, every handover is one switch
 * through sched_yield; yields that come back without a switch are counted
 * in, as they are part of what a handover costs. */
static atomic_int turn;

static void take_turns(int me)
{
	for (int i = 0; i < SWITCH_ROUNDS; i++) {
		while (atomic_load(&turn) != me)
			sched_yield();
		atomic_store(&turn, !me);
	}
}

static void *switch_partner(void *argument)
{
	(void)argument;
	take_turns(1);
	return NULL;
}

static void bench_context_switch(void)
{
	pthread_t partner;
	atomic_store(&turn, 0);
	int error = pthread_create(&partner, NULL, switch_partner, NULL);
	if (error) {
		report_failure("switch", "pthread_create", error);
		return;
	}
	unsigned long start = ticks();
	take_turns(0);
	/* The partner's last handover back, so that both made SWITCH_ROUNDS. */
	while (atomic_load(&turn) != 0)
		sched_yield();
	unsigned long elapsed = ticks() - start;
	pthread_join(partner, NULL);
	report("switch", elapsed, 2L * SWITCH_ROUNDS);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Single-threaded measures first: they need no scheduler. */
	bench_getpid();
	bench_mutex();
	bench_create_join();
	bench_wake_to_run();
	bench_context_switch();
	return 0;
}
