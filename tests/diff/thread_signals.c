/*
 * Signals in a threaded process. With no argument or "all": handlers run
 * for raise, kill and pthread_kill with the right siginfo; masks during a
 * handler (sa_mask, SA_NODEFER) and SA_RESETHAND; SIG_IGN and
 * default-ignored signals; blocked signals stay pending (one standard, every
 * real-time instance, lowest real-time number first); a signal sent to one
 * thread waits for that thread, and a process-directed one goes to the
 * thread that does not block it; sigsuspend woken by pthread_kill from
 * another thread; alarm(1) interrupting pause(); a periodic ITIMER_REAL;
 * nanosleep interrupted with EINTR; a SIGSEGV handler recovering twice with
 * siglongjmp; a handler on a sigaltstack; sigtimedwait and sigwaitinfo. The
 * status is the number of failed checks.
 *
 * With another argument (thread_signals.cases), the program ends by a
 * signal: abort, abort with a SIGABRT handler that returns, SIGTERM raised
 * by a second thread, SIGKILL, and a NULL store with no handler.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "thread_support.h"

static const char *code_name(int code)
{
	switch (code) {
	case SI_USER: return "SI_USER";
	case SI_TKILL: return "SI_TKILL";
	case SI_QUEUE: return "SI_QUEUE";
	case SI_KERNEL: return "SI_KERNEL";
	default: return "other";
	}
}

static sigset_t set_of(int signal)
{
	sigset_t set;
	sigemptyset(&set);
	if (signal)
		sigaddset(&set, signal);
	return set;
}

static void block(int signal)
{
	sigset_t set = set_of(signal);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void unblock(int signal)
{
	sigset_t set = set_of(signal);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

static int is_blocked(int signal)
{
	sigset_t now;
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	return sigismember(&now, signal);
}

static int is_pending(int signal)
{
	sigset_t pending;
	sigpending(&pending);
	return sigismember(&pending, signal);
}

/* -- what the handler saw ------------------------------------------------- */

static volatile sig_atomic_t count[_NSIG];
static volatile int last_code, last_pid, self_blocked, other_blocked, other_signal;
static volatile pid_t handler_tid;
static volatile int order[8], order_length;
static char *volatile handler_local;

static void record(int signal, siginfo_t *info, void *context)
{
	(void)context;
	char local;
	count[signal]++;
	last_code = info->si_code;
	last_pid = info->si_pid;
	handler_tid = gettid();
	handler_local = &local;
	self_blocked = is_blocked(signal);
	other_blocked = other_signal && is_blocked(other_signal);
	if (order_length < 8)
		order[order_length++] = signal;
}

static void install(int signal, int flags, int masked)
{
	struct sigaction sa = { .sa_sigaction = record, .sa_flags = SA_SIGINFO | flags };
	sigemptyset(&sa.sa_mask);
	if (masked)
		sigaddset(&sa.sa_mask, masked);
	sigaction(signal, &sa, NULL);
}

static void reset_record(void)
{
	for (int i = 0; i < _NSIG; i++)
		count[i] = 0;
	last_code = last_pid = -1;
	order_length = 0;
	handler_local = NULL;
}

/* -- handlers and dispositions -------------------------------------------- */

static void handlers(void)
{
	install(SIGUSR1, 0, SIGUSR2);
	other_signal = SIGUSR2;
	reset_record();
	int r = raise(SIGUSR1);
	printf("raise(SIGUSR1) -> %d: handler ran %d, si_code %s, own signal blocked inside %s, sa_mask signal blocked inside %s\n",
	       r, count[SIGUSR1], code_name(last_code), self_blocked ? "yes" : "no", other_blocked ? "yes" : "no");
	check("  mask restored after the handler", !is_blocked(SIGUSR1) && !is_blocked(SIGUSR2));

	reset_record();
	r = kill(getpid(), SIGUSR1);
	printf("kill(getpid(), SIGUSR1) -> %d: handler ran %d, si_code %s, si_pid is ours %s\n", r, count[SIGUSR1],
	       code_name(last_code), last_pid == getpid() ? "yes" : "no");
	reset_record();
	r = pthread_kill(pthread_self(), SIGUSR1);
	printf("pthread_kill(self, SIGUSR1) -> %d: handler ran %d, si_code %s\n", r, count[SIGUSR1],
	       code_name(last_code));
	other_signal = 0;

	install(SIGUSR1, SA_NODEFER, 0);
	reset_record();
	raise(SIGUSR1);
	printf("SA_NODEFER: handler ran %d, own signal blocked inside %s\n", count[SIGUSR1], self_blocked ? "yes" : "no");

	install(SIGUSR1, SA_RESETHAND, 0);
	reset_record();
	raise(SIGUSR1);
	struct sigaction now;
	sigaction(SIGUSR1, NULL, &now);
	printf("SA_RESETHAND: handler ran %d, disposition afterwards SIG_DFL %s\n", count[SIGUSR1],
	       now.sa_handler == SIG_DFL ? "yes" : "no");

	void (*old)(int) = signal(SIGUSR2, SIG_IGN);
	printf("signal(SIGUSR2, SIG_IGN) returned SIG_DFL: %s\n", old == SIG_DFL ? "yes" : "no");
	printf("raise(SIGUSR2) while ignored -> %d, still running\n", raise(SIGUSR2));
	sigaction(SIGUSR2, NULL, &now);
	printf("sigaction reads back SIG_IGN: %s\n", now.sa_handler == SIG_IGN ? "yes" : "no");
	signal(SIGUSR2, SIG_DFL);
	printf("raise of default-ignored SIGCHLD, SIGWINCH, SIGURG -> %d %d %d, still running\n", raise(SIGCHLD),
	       raise(SIGWINCH), raise(SIGURG));

	errno = 0;
	r = sigaction(SIGKILL, &(struct sigaction){ .sa_handler = SIG_IGN }, NULL);
	printf("sigaction(SIGKILL) -> %d %s\n", r, strerror(errno));
	errno = 0;
	r = sigaction(0, NULL, &now);
	printf("sigaction(0) -> %d %s\n", r, strerror(errno));
	errno = 0;
	r = kill(getpid(), 0);
	printf("kill(getpid(), 0) -> %d\n", r);
}

/* -- blocking and pending ------------------------------------------------- */

static void pending(void)
{
	install(SIGUSR1, 0, 0);
	reset_record();
	block(SIGUSR1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	printf("SIGUSR1 blocked, raised twice: handler ran %d, pending %s\n", count[SIGUSR1],
	       is_pending(SIGUSR1) ? "yes" : "no");
	unblock(SIGUSR1);
	printf("  unblocked: handler ran %d (standard signals do not queue), pending %s\n", count[SIGUSR1],
	       is_pending(SIGUSR1) ? "yes" : "no");

	int rt2 = SIGRTMIN + 2, rt3 = SIGRTMIN + 3;
	sigset_t rts;
	sigemptyset(&rts);
	sigaddset(&rts, rt2);
	sigaddset(&rts, rt3);
	/* Each handler masks the other, so one runs to completion before the next. */
	install(rt2, 0, rt3);
	install(rt3, 0, rt2);
	reset_record();
	pthread_sigmask(SIG_BLOCK, &rts, NULL);
	raise(rt3);
	raise(rt2);
	raise(rt2);
	raise(rt3);
	raise(rt2);
	pthread_sigmask(SIG_UNBLOCK, &rts, NULL);
	printf("SIGRTMIN+3, +2, +2, +3, +2 raised while blocked: delivered");
	for (int i = 0; i < order_length; i++)
		printf(" +%d", order[i] - SIGRTMIN);
	printf("\n");

	struct sigaction sa = { .sa_handler = SIG_IGN };
	sigaction(SIGUSR2, &sa, NULL);
	block(SIGUSR2);
	raise(SIGUSR2);
	unblock(SIGUSR2);
	printf("ignored SIGUSR2 raised while blocked, then unblocked: still running\n");
	signal(SIGUSR2, SIG_DFL);

	sigset_t old, all;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	sigset_t got;
	sigprocmask(SIG_SETMASK, &old, &got);
	printf("blocking everything: SIGKILL and SIGSTOP stay unblocked %s, SIGUSR1 blocked %s\n",
	       !sigismember(&got, SIGKILL) && !sigismember(&got, SIGSTOP) ? "yes" : "no",
	       sigismember(&got, SIGUSR1) ? "yes" : "no");
	errno = 0;
	int r = sigprocmask(12345, &all, NULL);
	printf("sigprocmask(bad how) -> %d %s\n", r, strerror(errno));
}

/* -- signals and threads -------------------------------------------------- */

static sem_t ready, go;
static pthread_t main_thread;

struct thread_view {
	pid_t tid;
	int pending_here, handled_before_unblock, handled_after_unblock, handled_in_me;
	int suspend_result, suspend_errno;
};

/* Blocks SIGUSR1, lets main send it to this thread, looks, unblocks. */
static void *directed_target(void *arg)
{
	struct thread_view *v = arg;
	v->tid = gettid();
	block(SIGUSR1);
	sem_post(&ready);
	sem_wait(&go);
	v->pending_here = is_pending(SIGUSR1);
	v->handled_before_unblock = count[SIGUSR1];
	unblock(SIGUSR1);
	v->handled_after_unblock = count[SIGUSR1];
	v->handled_in_me = handler_tid == v->tid;
	return NULL;
}

/* Waits in sigsuspend with SIGUSR1 allowed; main blocks it throughout. */
static void *suspend_for_process_signal(void *arg)
{
	struct thread_view *v = arg;
	v->tid = gettid();
	sigset_t allow = set_of(0);
	sem_post(&ready);
	v->suspend_result = sigsuspend(&allow);
	v->suspend_errno = errno;
	v->handled_in_me = handler_tid == v->tid;
	return NULL;
}

static void *kill_main_later(void *arg)
{
	sleep_ms(20);
	pthread_kill(main_thread, (int)(intptr_t)arg);
	return NULL;
}

static void threads(void)
{
	sem_init(&ready, 0, 0);
	sem_init(&go, 0, 0);
	main_thread = pthread_self();
	install(SIGUSR1, 0, 0);

	reset_record();
	struct thread_view v = { 0 };
	pthread_t t;
	pthread_create(&t, NULL, directed_target, &v);
	sem_wait(&ready);
	int r = pthread_kill(t, SIGUSR1);
	int pending_in_main = is_pending(SIGUSR1);
	sem_post(&go);
	pthread_join(t, NULL);
	printf("pthread_kill to a thread blocking SIGUSR1 -> %d\n", r);
	printf("  pending there %s, pending in main %s, handled before unblock %d, after %d, in that thread %s\n",
	       v.pending_here ? "yes" : "no", pending_in_main ? "yes" : "no", v.handled_before_unblock,
	       v.handled_after_unblock, v.handled_in_me ? "yes" : "no");

	reset_record();
	block(SIGUSR1);
	v = (struct thread_view){ 0 };
	pthread_create(&t, NULL, suspend_for_process_signal, &v);
	sem_wait(&ready);
	r = kill(getpid(), SIGUSR1);
	pthread_join(t, NULL);
	printf("kill() to the process while main blocks SIGUSR1 and a thread waits in sigsuspend -> %d\n", r);
	printf("  sigsuspend -> %d %s, handled %d, in that thread %s, pending in main afterwards %s\n",
	       v.suspend_result, strerror(v.suspend_errno), count[SIGUSR1], v.handled_in_me ? "yes" : "no",
	       is_pending(SIGUSR1) ? "yes" : "no");

	/* Main waits in sigsuspend; another thread sends the signal. */
	reset_record();
	pid_t main_tid = gettid();
	pthread_create(&t, NULL, kill_main_later, (void *)(intptr_t)SIGUSR1);
	sigset_t allow = set_of(0);
	errno = 0;
	r = sigsuspend(&allow);
	int e = errno;
	pthread_join(t, NULL);
	printf("main in sigsuspend, pthread_kill from another thread: -> %d %s, handled %d, in main %s\n", r,
	       strerror(e), count[SIGUSR1], handler_tid == main_tid ? "yes" : "no");
	check("  SIGUSR1 blocked again after sigsuspend", is_blocked(SIGUSR1));
	unblock(SIGUSR1);
	printf("pthread_kill with signal 0 to a live thread -> %d\n", pthread_kill(pthread_self(), 0));
}

/* -- alarm and interval timers -------------------------------------------- */

static void timers(void)
{
	install(SIGALRM, 0, 0);
	unsigned first = alarm(5);
	unsigned left = alarm(0);
	printf("alarm(5) -> %u, then alarm(0) -> %u\n", first, left);

	reset_record();
	int64_t start = now_ns(CLOCK_MONOTONIC);
	alarm(1);
	errno = 0;
	int r = pause();
	int e = errno;
	int64_t took = now_ns(CLOCK_MONOTONIC) - start;
	printf("alarm(1), pause() -> %d %s, SIGALRM handled %d\n", r, strerror(e), count[SIGALRM]);
	check("  after >= 1 s", took >= NS_PER_S);
	check("  and < 10 s", took < 10 * NS_PER_S);

	/* Periodic: 20 ms, five expirations waited for with sigsuspend. */
	reset_record();
	block(SIGALRM);
	struct itimerval every = { { 0, 20000 }, { 0, 20000 } }, got, zero = { { 0, 0 }, { 0, 0 } };
	start = now_ns(CLOCK_MONOTONIC);
	r = setitimer(ITIMER_REAL, &every, NULL);
	getitimer(ITIMER_REAL, &got);
	printf("setitimer(ITIMER_REAL, 20 ms periodic) -> %d; getitimer: interval %ld us, value in (0, 20 ms] %s\n", r,
	       (long)got.it_interval.tv_sec * 1000000 + got.it_interval.tv_usec,
	       got.it_value.tv_sec == 0 && got.it_value.tv_usec > 0 && got.it_value.tv_usec <= 20000 ? "yes" : "no");
	sigset_t allow = set_of(0);
	while (count[SIGALRM] < 5 && now_ns(CLOCK_MONOTONIC) - start < 10 * NS_PER_S)
		sigsuspend(&allow);
	took = now_ns(CLOCK_MONOTONIC) - start;
	struct itimerval old;
	setitimer(ITIMER_REAL, &zero, &old);
	getitimer(ITIMER_REAL, &got);
	printf("  expirations seen %d, after >= 100 ms %s\n", count[SIGALRM], took >= 100 * NS_PER_MS ? "yes" : "no");
	printf("  disarm returned the old interval %ld us; now all zero %s\n",
	       (long)old.it_interval.tv_sec * 1000000 + old.it_interval.tv_usec,
	       got.it_interval.tv_sec == 0 && got.it_interval.tv_usec == 0 && got.it_value.tv_sec == 0 &&
			       got.it_value.tv_usec == 0
		       ? "yes"
		       : "no");
	sleep_ms(60);
	int after = count[SIGALRM];
	unblock(SIGALRM);
	printf("  none after disarm: %s\n", count[SIGALRM] == after && after >= 5 ? "yes" : "no");

	/* A one-shot timer interrupts a long nanosleep (no SA_RESTART). */
	reset_record();
	struct itimerval once = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_REAL, &once, NULL);
	struct timespec req = { 5, 0 }, rem = { 0, 0 };
	start = now_ns(CLOCK_MONOTONIC);
	errno = 0;
	r = nanosleep(&req, &rem);
	e = errno;
	took = now_ns(CLOCK_MONOTONIC) - start;
	printf("nanosleep 5 s with a 50 ms timer -> %d %s, handled %d\n", r, strerror(e), count[SIGALRM]);
	check("  interrupted after >= 50 ms and < 4 s", took >= 50 * NS_PER_MS && took < 4 * NS_PER_S);
	check("  remaining time in (0, 5 s)", rem.tv_sec < 5 && (rem.tv_sec > 0 || rem.tv_nsec > 0));
	signal(SIGALRM, SIG_DFL);
}

/* -- SIGSEGV recovery ----------------------------------------------------- */

static sigjmp_buf recover;
static volatile uintptr_t fault_address;
static volatile int fault_code;
static int *volatile null_pointer;

static void on_segv(int signal, siginfo_t *info, void *context)
{
	(void)signal;
	(void)context;
	fault_address = (uintptr_t)info->si_addr;
	fault_code = info->si_code;
	siglongjmp(recover, 1);
}

static void segv(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	static const char *const what[] = { "store", "load", "store again" };
	for (int i = 0; i < 3; i++) {
		fault_address = 1;
		fault_code = -1;
		volatile int recovered = 0;
		if (sigsetjmp(recover, 1) == 0) {
			if (i == 1)
				recovered = *null_pointer;
			else
				*null_pointer = 42;
			printf("NULL %s did not fault\n", what[i]);
		} else {
			recovered = 1;
		}
		printf("NULL %s: recovered with siglongjmp %s, si_addr NULL %s, si_code SEGV_MAPERR %s\n", what[i],
		       recovered == 1 ? "yes" : "no", fault_address == 0 ? "yes" : "no",
		       fault_code == SEGV_MAPERR ? "yes" : "no");
	}
	check("SIGSEGV unblocked after the recoveries", !is_blocked(SIGSEGV));
	signal(SIGSEGV, SIG_DFL);
}

/* -- sigaltstack ---------------------------------------------------------- */

static void alternate_stack(void)
{
	size_t size = 64 * 1024;
	char *memory = malloc(size);
	stack_t ss = { .ss_sp = memory, .ss_size = size, .ss_flags = 0 }, old, now;
	int r = sigaltstack(&ss, &old);
	printf("sigaltstack -> %d, previously disabled %s\n", r, old.ss_flags & SS_DISABLE ? "yes" : "no");
	sigaltstack(NULL, &now);
	printf("  reads back: same base and size %s, flags 0 %s\n",
	       now.ss_sp == memory && now.ss_size == size ? "yes" : "no", now.ss_flags == 0 ? "yes" : "no");

	install(SIGUSR1, SA_ONSTACK, 0);
	reset_record();
	raise(SIGUSR1);
	char *local = handler_local;
	printf("SA_ONSTACK handler: ran %d, on the alternate stack %s\n", count[SIGUSR1],
	       local >= memory && local < memory + size ? "yes" : "no");
	install(SIGUSR1, 0, 0);
	reset_record();
	raise(SIGUSR1);
	local = handler_local;
	printf("handler without SA_ONSTACK: ran %d, on the alternate stack %s\n", count[SIGUSR1],
	       local >= memory && local < memory + size ? "yes" : "no");

	stack_t tiny = { .ss_sp = memory, .ss_size = 64, .ss_flags = 0 };
	errno = 0;
	r = sigaltstack(&tiny, NULL);
	printf("sigaltstack of 64 bytes -> %d %s\n", r, strerror(errno));
	stack_t off = { .ss_flags = SS_DISABLE };
	r = sigaltstack(&off, NULL);
	sigaltstack(NULL, &now);
	printf("disable -> %d, reads back SS_DISABLE %s\n", r, now.ss_flags & SS_DISABLE ? "yes" : "no");
	free(memory);
}

/* -- waiting for signals synchronously ------------------------------------ */

static void synchronous_wait(void)
{
	install(SIGUSR1, 0, 0);
	reset_record();
	block(SIGUSR1);
	block(SIGUSR2);
	raise(SIGUSR1);
	sigset_t wanted = set_of(SIGUSR1);
	siginfo_t info;
	struct timespec second = { 1, 0 }, fifty = { 0, 50 * NS_PER_MS };
	int r = sigtimedwait(&wanted, &info, &second);
	printf("sigtimedwait with SIGUSR1 pending -> %s, si_code %s, handler ran %d, still pending %s\n",
	       r == SIGUSR1 ? "SIGUSR1" : "other", code_name(info.si_code), count[SIGUSR1],
	       is_pending(SIGUSR1) ? "yes" : "no");

	int64_t start = now_ns(CLOCK_MONOTONIC);
	errno = 0;
	r = sigtimedwait(&wanted, &info, &fifty);
	int e = errno;
	int64_t took = now_ns(CLOCK_MONOTONIC) - start;
	printf("sigtimedwait 50 ms with nothing pending -> %d %s\n", r, e == EAGAIN ? "EAGAIN" : strerror(e));
	check("  after >= 50 ms", took >= 50 * NS_PER_MS);

	struct timespec zero = { 0, 0 };
	errno = 0;
	r = sigtimedwait(&wanted, &info, &zero);
	printf("sigtimedwait 0 with nothing pending -> %d %s\n", r, errno == EAGAIN ? "EAGAIN" : strerror(errno));

	pthread_t t;
	pthread_create(&t, NULL, kill_main_later, (void *)(intptr_t)SIGUSR2);
	sigset_t either = set_of(SIGUSR1);
	sigaddset(&either, SIGUSR2);
	r = sigwaitinfo(&either, &info);
	pthread_join(t, NULL);
	printf("sigwaitinfo woken by pthread_kill from another thread -> %s, si_code %s\n",
	       r == SIGUSR2 ? "SIGUSR2" : "other", code_name(info.si_code));

	raise(SIGUSR2);
	int which = 0;
	r = sigwait(&either, &which);
	printf("sigwait with SIGUSR2 pending -> %d, signal SIGUSR2 %s\n", r, which == SIGUSR2 ? "yes" : "no");
	unblock(SIGUSR1);
	unblock(SIGUSR2);
	printf("handler never ran for the waited signals: %s\n", count[SIGUSR1] == 0 ? "yes" : "no");
}

/* -- endings -------------------------------------------------------------- */

static void on_abort(int signal)
{
	(void)signal;
	printf("SIGABRT handler ran and returns\n");
}

static void *raise_sigterm(void *arg)
{
	(void)arg;
	raise(SIGTERM);
	sleep(10);
	return NULL;
}

static int end_by_signal(const char *how)
{
	printf("ending with: %s\n", how);
	if (strcmp(how, "abort") == 0) {
		abort();
	} else if (strcmp(how, "abort-handled") == 0) {
		signal(SIGABRT, on_abort);
		abort();
	} else if (strcmp(how, "sigterm-from-thread") == 0) {
		pthread_t t;
		pthread_create(&t, NULL, raise_sigterm, NULL);
		pthread_join(t, NULL);
	} else if (strcmp(how, "sigkill") == 0) {
		kill(getpid(), SIGKILL);
	} else if (strcmp(how, "segv-unhandled") == 0) {
		*null_pointer = 1;
	} else {
		printf("unknown ending\n");
		return 2;
	}
	printf("still alive\n");
	return 1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "all") != 0)
		return end_by_signal(argv[1]);
	handlers();
	pending();
	threads();
	timers();
	segv();
	alternate_stack();
	synchronous_wait();
	printf("failed checks: %d\n", failures);
	return failures != 0;
}
