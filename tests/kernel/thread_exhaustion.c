/*
 * Threads run out politely: with 32 MiB of RAM, pthread_create is called
 * until it fails, once with musl's default stacks (memory for the stacks
 * runs out: mmap's ENOMEM) and once with 16 KiB stacks (the kernel's
 * memory for threads runs out: clone's EAGAIN). Either way pthread_create
 * returns EAGAIN, the threads made so far all run and are joined, and a
 * new thread can be made afterwards. A second round with default stacks
 * gets fewer (what the kernel keeps of exited threads, and the holes it
 * leaves, make 132 KiB stacks harder to place) but still more than 50.
 * How many fit depends on the VM's memory, which Linux cannot be the
 * oracle for.
 */
// run-options: --mem 32M
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAXIMUM 4096

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_t threads[MAXIMUM];

/* Waits until main opens the gate, then returns its argument plus one. */
static void *wait_at_gate(void *arg)
{
	pthread_mutex_lock(&gate);
	pthread_mutex_unlock(&gate);
	return (void *)((intptr_t)arg + 1);
}

/* Creates threads with `attributes` until pthread_create fails, then lets
 * them all finish and joins them; prints what happened. */
static void exhaust(const char *label, pthread_attr_t *attributes, int at_least)
{
	pthread_mutex_lock(&gate);
	int count = 0, status = 0;
	while (count < MAXIMUM && (status = pthread_create(&threads[count], attributes, wait_at_gate, (void *)(intptr_t)count)) == 0) {
		count++;
	}
	printf("%s: pthread_create until it fails: %s, more than %d threads: %s\n", label,
	       status == EAGAIN ? "EAGAIN" : strerror(status), at_least, count > at_least ? "yes" : "no");
	pthread_mutex_unlock(&gate);
	int joined = 0;
	for (int i = 0; i < count; i++) {
		void *result;
		if (pthread_join(threads[i], &result) == 0 && (intptr_t)result == i + 1) joined++;
	}
	printf("%s: every thread ran and was joined: %s\n", label, joined == count ? "yes" : "no");

	pthread_t another;
	void *result = NULL;
	status = pthread_create(&another, attributes, wait_at_gate, (void *)41);
	if (status == 0) pthread_join(another, &result);
	printf("%s: a thread afterwards: %s, result %d\n", label, status == 0 ? "created" : strerror(status), (int)(intptr_t)result);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	exhaust("default stacks", NULL, 100);

	pthread_attr_t small;
	pthread_attr_init(&small);
	pthread_attr_setstacksize(&small, 16 * 1024);
	exhaust("16 KiB stacks", &small, 300);
	exhaust("default stacks again", NULL, 50);
	return 0;
}
