/*
 * How a threaded process ends, chosen by the arguments (thread_exit.cases):
 *   return N          main returns while other threads sleep, wait and spin
 *   thread-exit N     a second thread calls exit(N) while main waits in join
 *   thread-_exit N    a second thread calls _exit(N): no atexit handlers
 *   main-pthread-exit N  main calls pthread_exit; the process lives on until
 *                     the last thread, which calls exit(N)
 *   last-returns      no bystanders; main calls pthread_exit and the other
 *                     thread returns last, which ends the process with
 *                     status 0 (musl calls exit(0) for the last thread)
 * exit and returning from main end every thread at once (exit_group) and run
 * the atexit handlers; the status seen by the parent is N & 0xff.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "thread_support.h"

static int status;
static sem_t ready;
static sem_t never_posted;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never_signalled = PTHREAD_COND_INITIALIZER;

static void at_exit(void)
{
	printf("atexit handler ran\n");
}

/* Threads that would keep the process alive for a minute if exit left them. */
static void *sleeper(void *arg)
{
	(void)arg;
	sem_post(&ready);
	sleep(60);
	return NULL;
}

static void *cond_waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	sem_post(&ready);
	for (;;)
		pthread_cond_wait(&never_signalled, &lock);
	return NULL;
}

static void *sem_waiter(void *arg)
{
	(void)arg;
	sem_post(&ready);
	sem_wait(&never_posted);
	return NULL;
}

static void *spinner(void *arg)
{
	(void)arg;
	sem_post(&ready);
	for (volatile unsigned long i = 0;; i++) {
	}
	return NULL;
}

static void start_bystanders(void)
{
	void *(*const bodies[])(void *) = { sleeper, cond_waiter, sem_waiter, spinner };
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		pthread_t t;
		pthread_create(&t, NULL, bodies[i], NULL);
		pthread_detach(t);
	}
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
		sem_wait(&ready);
	printf("4 threads are sleeping, waiting and spinning\n");
}

static void *exit_now(void *arg)
{
	(void)arg;
	printf("second thread calls exit(%d)\n", status);
	exit(status);
}

static void *underscore_exit_now(void *arg)
{
	(void)arg;
	printf("second thread calls _exit(%d)\n", status);
	_exit(status);
}

static void *outlive_main(void *arg)
{
	pthread_t main_thread = *(pthread_t *)arg;
	/* Joining the main thread waits for its pthread_exit. */
	void *result = NULL;
	int r = pthread_join(main_thread, &result);
	printf("last thread: joined main -> %d, value %ld\n", r, (long)(intptr_t)result);
	sleep_ms(20);
	printf("last thread still running after main's pthread_exit\n");
	if (status >= 0) {
		printf("last thread calls exit(%d)\n", status);
		exit(status);
	}
	printf("last thread returns\n");
	return NULL;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		printf("usage: thread_exit return|thread-exit|thread-_exit|main-pthread-exit|last-returns [N]\n");
		return 2;
	}
	const char *how = argv[1];
	status = argc > 2 ? atoi(argv[2]) : -1;
	sem_init(&ready, 0, 0);
	sem_init(&never_posted, 0, 0);
	atexit(at_exit);
	/* Bystanders would keep a process alive whose last thread returns. */
	if (strcmp(how, "last-returns") != 0)
		start_bystanders();

	pthread_t t;
	if (strcmp(how, "return") == 0) {
		printf("main returns %d\n", status);
		return status;
	} else if (strcmp(how, "thread-exit") == 0 || strcmp(how, "thread-_exit") == 0) {
		pthread_create(&t, NULL, how[7] == '_' ? underscore_exit_now : exit_now, NULL);
		pthread_join(t, NULL);
		printf("not reached: join returned\n");
		return 1;
	} else if (strcmp(how, "main-pthread-exit") == 0 || strcmp(how, "last-returns") == 0) {
		printf("main calls pthread_exit\n");
		static pthread_t self;
		self = pthread_self();
		pthread_create(&t, NULL, outlive_main, &self);
		pthread_exit((void *)7);
	}
	printf("unknown way to end: %s\n", how);
	return 2;
}
