/*
 * Thread life cycle: create and join with return values, pthread_exit,
 * detached threads that finish on their own, thread identity (pthread_self,
 * pthread_equal, gettid against getpid), stack sizes from attributes (the
 * thread touches most of its stack), __thread variables with initialisers
 * (.tdata) and without (.tbss) distinct per thread, pthread_once called from
 * 8 threads at once, and thread-specific data whose destructors run at
 * thread exit. Only the main thread prints; the status is the number of
 * failed checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "thread_support.h"

/* -- create, join, pthread_exit ------------------------------------------- */

static void *square_plus_one(void *arg)
{
	intptr_t i = (intptr_t)arg;
	return (void *)(i * i + 1);
}

static void *exit_early(void *arg)
{
	pthread_exit((void *)((intptr_t)arg + 1000));
	return NULL;
}

static void *wait_for_release(void *arg)
{
	sem_wait(arg);
	return (void *)5;
}

static void create_join(void)
{
	pthread_t t[8];
	for (intptr_t i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, square_plus_one, (void *)i);
	intptr_t sum = 0;
	int all_joined = 1;
	for (int i = 0; i < 8; i++) {
		void *result;
		all_joined &= pthread_join(t[i], &result) == 0;
		sum += (intptr_t)result;
	}
	check("8 threads joined", all_joined);
	printf("sum of their return values (i*i+1 for i < 8): %ld\n", (long)sum);

	pthread_t e;
	void *result = NULL;
	int created = pthread_create(&e, NULL, exit_early, (void *)7);
	int joined = pthread_join(e, &result);
	printf("pthread_exit value through join: create %d, join %d, value %ld\n", created, joined,
	       (long)(intptr_t)result);

	/* Threads must be reclaimed: many short-lived threads in a row. */
	int ok = 1;
	for (intptr_t i = 0; i < 300 && ok; i++) {
		pthread_t s;
		ok = pthread_create(&s, NULL, square_plus_one, (void *)i) == 0 &&
		     pthread_join(s, &result) == 0 && (intptr_t)result == i * i + 1;
	}
	check("300 threads created and joined one after another", ok);

	/* Joining a thread that is still running: the non-blocking and timed
	 * variants give up. */
	sem_t release;
	sem_init(&release, 0, 0);
	pthread_t w;
	pthread_create(&w, NULL, wait_for_release, &release);
	printf("pthread_tryjoin_np on a running thread -> %s\n", strerror(pthread_tryjoin_np(w, NULL)));
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += 30 * 1000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	printf("pthread_timedjoin_np 30 ms on a running thread -> %s\n",
	       strerror(pthread_timedjoin_np(w, NULL, &deadline)));
	sem_post(&release);
	result = NULL;
	printf("after release, join -> %d, value %ld\n", pthread_join(w, &result), (long)(intptr_t)result);
	sem_destroy(&release);
}

/* -- detached threads ----------------------------------------------------- */

static sem_t detached_done;
static atomic_int detached_ran;

static void *detached_worker(void *arg)
{
	(void)arg;
	sleep_ms(5);
	atomic_fetch_add(&detached_ran, 1);
	sem_post(&detached_done);
	return NULL;
}

static void detached(void)
{
	sem_init(&detached_done, 0, 0);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int state = -1;
	pthread_attr_getdetachstate(&attr, &state);
	check("attribute reads back PTHREAD_CREATE_DETACHED", state == PTHREAD_CREATE_DETACHED);
	int created = 0;
	for (int i = 0; i < 6; i++) {
		pthread_t t;
		created += pthread_create(&t, &attr, detached_worker, NULL) == 0;
	}
	pthread_attr_destroy(&attr);
	/* Two more detached after creation. */
	for (int i = 0; i < 2; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, detached_worker, NULL) == 0)
			created += pthread_detach(t) == 0;
	}
	for (int i = 0; i < created; i++)
		sem_wait(&detached_done);
	printf("detached threads created %d, finished %d\n", created, atomic_load(&detached_ran));
	sem_destroy(&detached_done);
}

/* -- identity ------------------------------------------------------------- */

struct identity {
	pthread_t self;
	pid_t tid, pid;
};

static void *who_am_i(void *arg)
{
	struct identity *id = arg;
	id->self = pthread_self();
	id->tid = gettid();
	id->pid = getpid();
	return NULL;
}

static void identity(void)
{
	pid_t pid = getpid();
	check("gettid == getpid in the main thread", gettid() == pid);
	check("pthread_equal(self, self)", pthread_equal(pthread_self(), pthread_self()) != 0);

	pthread_t t[2];
	struct identity id[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, who_am_i, &id[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	check("thread's pthread_self equals what pthread_create returned",
	      pthread_equal(id[0].self, t[0]) && pthread_equal(id[1].self, t[1]));
	check("thread's pthread_self differs from main's", !pthread_equal(id[0].self, pthread_self()));
	check("threads share the process id", id[0].pid == pid && id[1].pid == pid);
	check("thread ids differ from the process id and each other",
	      id[0].tid != pid && id[1].tid != pid && id[0].tid != id[1].tid && id[0].tid > 0 && id[1].tid > 0);
}

/* -- stack sizes ---------------------------------------------------------- */

struct stack_report {
	size_t requested, reported, touched;
	int local_inside, pattern_ok;
};

/* Fills `n` bytes of this frame's stack and reads them back. */
__attribute__((noinline)) static int touch_stack(size_t n)
{
	volatile unsigned char buffer[n];
	for (size_t i = 0; i < n; i += 64)
		buffer[i] = (unsigned char)(i >> 6);
	int ok = 1;
	for (size_t i = 0; i < n; i += 64)
		ok &= buffer[i] == (unsigned char)(i >> 6);
	return ok;
}

static void *stack_user(void *arg)
{
	struct stack_report *r = arg;
	pthread_attr_t attr;
	void *base = NULL;
	size_t size = 0;
	int local;
	if (pthread_getattr_np(pthread_self(), &attr) == 0) {
		pthread_attr_getstack(&attr, &base, &size);
		pthread_attr_destroy(&attr);
	}
	r->reported = size;
	r->local_inside = (char *)&local >= (char *)base && (char *)&local < (char *)base + size;
	/* All but 12 KiB: room for this frame, libc and the kernel's own use. */
	r->touched = r->requested - 12 * 1024;
	r->pattern_ok = touch_stack(r->touched);
	return NULL;
}

static void stack_sizes(void)
{
	static const size_t sizes[] = { 64 * 1024, 1024 * 1024 };
	for (int i = 0; i < 2; i++) {
		struct stack_report r = { .requested = sizes[i] };
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		int set = pthread_attr_setstacksize(&attr, sizes[i]);
		size_t back = 0;
		pthread_attr_getstacksize(&attr, &back);
		pthread_t t;
		int created = pthread_create(&t, &attr, stack_user, &r);
		pthread_attr_destroy(&attr);
		if (created == 0)
			pthread_join(t, NULL);
		printf("stack %zu KiB: setstacksize %d, reads back %s, create %d\n", sizes[i] / 1024, set,
		       back == sizes[i] ? "yes" : "no", created);
		check("  thread's reported stack at least the requested size", r.reported >= sizes[i]);
		check("  a local lies inside the reported stack", r.local_inside);
		printf("  touched %zu KiB of it, read back intact: %s\n", r.touched / 1024,
		       r.pattern_ok ? "yes" : "no");
		if (!r.pattern_ok)
			failures++;
	}
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	printf("setstacksize below PTHREAD_STACK_MIN -> %s\n",
	       strerror(pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN - 1)));
	pthread_attr_destroy(&attr);
}

/* -- __thread ------------------------------------------------------------- */

#define TLS_THREADS 4

static __thread int tdata_value = 42;
static __thread long tdata_array[4] = { 1, 2, 3, 4 };
static __thread int tbss_value;
static __thread char tbss_array[256];
static __thread _Alignas(64) char tls_aligned[64];

struct tls_report {
	int index;
	int initial_ok, aligned, kept;
	void *address;
};

static pthread_barrier_t tls_barrier;

static void *tls_user(void *arg)
{
	struct tls_report *r = arg;
	int zero = 1;
	for (size_t i = 0; i < sizeof tbss_array; i++)
		zero &= tbss_array[i] == 0;
	r->initial_ok = tdata_value == 42 && tdata_array[0] == 1 && tdata_array[3] == 4 &&
			tbss_value == 0 && zero;
	r->aligned = ((uintptr_t)tls_aligned & 63) == 0;
	r->address = &tdata_value;
	tdata_value += r->index;
	tdata_array[3] = r->index;
	tbss_value = 100 + r->index;
	memset(tbss_array, r->index + 1, sizeof tbss_array);
	/* Everyone has written their copy before anyone checks its own. */
	pthread_barrier_wait(&tls_barrier);
	r->kept = tdata_value == 42 + r->index && tdata_array[3] == r->index &&
		  tbss_value == 100 + r->index && tbss_array[255] == r->index + 1;
	return NULL;
}

static void thread_locals(void)
{
	struct tls_report r[TLS_THREADS];
	pthread_t t[TLS_THREADS];
	pthread_barrier_init(&tls_barrier, NULL, TLS_THREADS);
	for (int i = 0; i < TLS_THREADS; i++) {
		r[i] = (struct tls_report){ .index = i + 1 };
		pthread_create(&t[i], NULL, tls_user, &r[i]);
	}
	for (int i = 0; i < TLS_THREADS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&tls_barrier);

	int initial = 1, aligned = 1, kept = 1, distinct = 1;
	for (int i = 0; i < TLS_THREADS; i++) {
		initial &= r[i].initial_ok;
		aligned &= r[i].aligned;
		kept &= r[i].kept;
		distinct &= r[i].address != (void *)&tdata_value;
		for (int j = 0; j < i; j++)
			distinct &= r[i].address != r[j].address;
	}
	check("__thread variables start with their initialisers and zeros in every thread", initial);
	check("_Alignas(64) __thread variable aligned in every thread", aligned);
	check("each thread keeps its own values", kept);
	check("each thread's copy has its own address", distinct);
	check("main's copies untouched", tdata_value == 42 && tbss_value == 0 && tbss_array[0] == 0);
}

/* -- pthread_once --------------------------------------------------------- */

#define ONCE_THREADS 8

static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int once_runs, once_done;
static pthread_barrier_t once_barrier;

static void once_routine(void)
{
	atomic_fetch_add(&once_runs, 1);
	/* Slow, so the other callers have to wait for it to finish. */
	sleep_ms(20);
	atomic_store(&once_done, 1);
}

static void *once_caller(void *arg)
{
	pthread_barrier_wait(&once_barrier);
	pthread_once(&once, once_routine);
	/* pthread_once returns only after the routine has completed. */
	*(int *)arg = atomic_load(&once_done);
	return NULL;
}

static void once_from_threads(void)
{
	pthread_t t[ONCE_THREADS];
	int saw_done[ONCE_THREADS];
	pthread_barrier_init(&once_barrier, NULL, ONCE_THREADS);
	for (int i = 0; i < ONCE_THREADS; i++)
		pthread_create(&t[i], NULL, once_caller, &saw_done[i]);
	int all = 1;
	for (int i = 0; i < ONCE_THREADS; i++) {
		pthread_join(t[i], NULL);
		all &= saw_done[i];
	}
	pthread_barrier_destroy(&once_barrier);
	printf("pthread_once from %d threads: routine ran %d time(s)\n", ONCE_THREADS, atomic_load(&once_runs));
	check("every caller returned after the routine finished", all);
	pthread_once(&once, once_routine);
	check("a later call does not run it again", atomic_load(&once_runs) == 1);
}

/* -- thread-specific data ------------------------------------------------- */

static pthread_key_t key;
static atomic_long destructor_sum;
static atomic_int destructor_calls;

static void destructor(void *value)
{
	atomic_fetch_add(&destructor_calls, 1);
	atomic_fetch_add(&destructor_sum, (long)(intptr_t)value);
}

static void *specific_user(void *arg)
{
	intptr_t i = (intptr_t)arg;
	int before_null = pthread_getspecific(key) == NULL;
	/* Thread 0 leaves its value NULL: no destructor call for it. */
	if (i > 0)
		pthread_setspecific(key, (void *)i);
	int reads_back = pthread_getspecific(key) == (i > 0 ? (void *)i : NULL);
	if (i == 2)
		pthread_exit((void *)(intptr_t)(before_null && reads_back));
	return (void *)(intptr_t)(before_null && reads_back);
}

static void specific_data(void)
{
	int created = pthread_key_create(&key, destructor);
	pthread_setspecific(key, (void *)1000);
	pthread_t t[5];
	for (intptr_t i = 0; i < 5; i++)
		pthread_create(&t[i], NULL, specific_user, (void *)i);
	int all = 1;
	for (int i = 0; i < 5; i++) {
		void *ok;
		pthread_join(t[i], &ok);
		all &= ok != NULL;
	}
	printf("pthread_key_create -> %d\n", created);
	check("each thread starts with NULL and reads back its own value", all);
	printf("destructors: %d calls, values sum %ld\n", atomic_load(&destructor_calls),
	       atomic_load(&destructor_sum));
	check("main's value unchanged", pthread_getspecific(key) == (void *)1000);
	printf("pthread_key_delete -> %d\n", pthread_key_delete(key));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	create_join();
	detached();
	identity();
	stack_sizes();
	thread_locals();
	once_from_threads();
	specific_data();
	printf("failed checks: %d\n", failures);
	return failures != 0;
}
