/*
 * Process identity, uname, randomness, scheduling, resource limits, the
 * auxiliary vector and signal dispositions and masks. Values that
 * legitimately differ (pids, uids, host names, CPU counts) are reduced to
 * the properties both systems share.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

static const char *yes(int condition)
{
	return condition ? "yes" : "no";
}

static void identity(void)
{
	pid_t pid = getpid();
	printf("getpid > 0: %s, stable: %s\n", yes(pid > 0), yes(getpid() == pid));
	printf("gettid == getpid in the main thread: %s\n", yes(gettid() == pid));
	printf("getppid >= 0: %s\n", yes(getppid() >= 0));
	printf("getuid == geteuid: %s, getgid == getegid: %s\n",
	       yes(getuid() == geteuid()), yes(getgid() == getegid()));
	uid_t r, e, s;
	int got = getresuid(&r, &e, &s);
	printf("getresuid -> %d, all three equal: %s\n", got, yes(r == e && e == s));
	printf("getpgrp == getpgid(0): %s, getsid(0) >= 0: %s\n",
	       yes(getpgrp() == getpgid(0)), yes(getsid(0) >= 0));
}

static void system_name(void)
{
	struct utsname u;
	int r = uname(&u);
	printf("uname -> %d\n", r);
	printf("sysname %s, machine %s\n", u.sysname, u.machine);
	printf("release, version and nodename non-empty: %s\n",
	       yes(u.release[0] && u.version[0] && u.nodename[0]));
	char host[256];
	int got = gethostname(host, sizeof host);
	printf("gethostname -> %d, matches nodename: %s\n", got, yes(strcmp(host, u.nodename) == 0));
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static void randomness(void)
{
	unsigned char a[32] = { 0 }, b[32] = { 0 };
	ssize_t na = getrandom(a, sizeof a, 0);
	ssize_t nb = getrandom(b, sizeof b, GRND_NONBLOCK);
	printf("getrandom -> %zd and %zd, not all zero: %s, calls differ: %s\n", na, nb,
	       yes(!all_zero(a, sizeof a)), yes(memcmp(a, b, sizeof a) != 0));
	printf("getrandom of 0 bytes -> %zd\n", getrandom(a, 0, 0));
	errno = 0;
	ssize_t bad = getrandom(a, sizeof a, 0x1000);
	printf("getrandom(unknown flag) -> %zd %s\n", bad, strerror(errno));
	unsigned char c[256];
	printf("getentropy(256 bytes) -> %d\n", getentropy(c, sizeof c));
	errno = 0;
	int r = getentropy(c, 257);
	printf("getentropy(257 bytes) -> %d %s\n", r, strerror(errno));
}

static void scheduling(void)
{
	printf("sched_yield -> %d\n", sched_yield());
	cpu_set_t set;
	CPU_ZERO(&set);
	int r = sched_getaffinity(0, sizeof set, &set);
	printf("sched_getaffinity -> %d, at least one CPU: %s\n", r, yes(CPU_COUNT(&set) >= 1));
	printf("sysconf(_SC_NPROCESSORS_ONLN) >= 1: %s\n", yes(sysconf(_SC_NPROCESSORS_ONLN) >= 1));
}

static void limits(void)
{
	struct rlimit stack, files, changed;
	int r = getrlimit(RLIMIT_STACK, &stack);
	printf("getrlimit(RLIMIT_STACK) -> %d, soft <= hard: %s, soft >= 64 KiB: %s\n", r,
	       yes(stack.rlim_cur <= stack.rlim_max), yes(stack.rlim_cur >= 65536));
	r = prlimit(0, RLIMIT_NOFILE, NULL, &files);
	printf("prlimit(RLIMIT_NOFILE) -> %d, soft <= hard: %s, soft >= 64: %s\n", r,
	       yes(files.rlim_cur <= files.rlim_max), yes(files.rlim_cur >= 64));

	struct rlimit lower = { 64, files.rlim_max };
	r = setrlimit(RLIMIT_NOFILE, &lower);
	getrlimit(RLIMIT_NOFILE, &changed);
	printf("setrlimit(RLIMIT_NOFILE, soft 64) -> %d, reads back 64: %s\n", r,
	       yes(changed.rlim_cur == 64 && changed.rlim_max == files.rlim_max));
	struct rlimit inverted = { 128, 64 };
	errno = 0;
	r = setrlimit(RLIMIT_NOFILE, &inverted);
	printf("setrlimit(soft > hard) -> %d %s\n", r, strerror(errno));
	errno = 0;
	r = getrlimit(1000, &changed);
	printf("getrlimit(bad resource) -> %d %s\n", r, strerror(errno));
}

static void auxiliary_vector(void)
{
	printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
	printf("AT_RANDOM present: %s\n", yes(getauxval(AT_RANDOM) != 0));
	unsigned long hwcap = getauxval(AT_HWCAP);
	int letters = 1;
	for (const char *p = "IMAFDC"; *p; p++)
		letters &= (hwcap >> (*p - 'A')) & 1;
	printf("AT_HWCAP has I, M, A, F, D, C: %s\n", yes(letters));
	printf("AT_PHDR present: %s, AT_PHENT %lu\n", yes(getauxval(AT_PHDR) != 0), getauxval(AT_PHENT));
	printf("AT_SECURE %lu\n", getauxval(AT_SECURE));
}

static void handler(int signal)
{
	(void)signal;
}

static void signals(void)
{
	struct sigaction action = { 0 }, old;
	action.sa_handler = handler;
	action.sa_flags = SA_RESTART;
	sigemptyset(&action.sa_mask);
	sigaddset(&action.sa_mask, SIGUSR2);
	printf("sigaction(SIGUSR1) -> %d\n", sigaction(SIGUSR1, &action, NULL));
	printf("read back -> %d\n", sigaction(SIGUSR1, NULL, &old));
	printf("  handler kept: %s, flags & SA_RESTART|SA_SIGINFO|SA_NODEFER|SA_RESETHAND = %#x, "
	       "mask has SIGUSR2: %s, SIGINT: %s\n",
	       yes(old.sa_handler == handler),
	       old.sa_flags & (SA_RESTART | SA_SIGINFO | SA_NODEFER | SA_RESETHAND),
	       yes(sigismember(&old.sa_mask, SIGUSR2)), yes(sigismember(&old.sa_mask, SIGINT)));

	printf("default disposition of SIGTERM is SIG_DFL: %s\n",
	       yes(sigaction(SIGTERM, NULL, &old) == 0 && old.sa_handler == SIG_DFL));
	printf("signal(SIGPIPE, SIG_IGN) returned the old SIG_DFL: %s\n", yes(signal(SIGPIPE, SIG_IGN) == SIG_DFL));
	printf("SIGPIPE now ignored: %s\n", yes(sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_IGN));

	errno = 0;
	int r = sigaction(SIGKILL, &action, NULL);
	printf("sigaction(SIGKILL) -> %d %s\n", r, strerror(errno));
	errno = 0;
	r = sigaction(SIGSTOP, &action, NULL);
	printf("sigaction(SIGSTOP) -> %d %s\n", r, strerror(errno));

	sigset_t block, current;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGKILL);
	sigaddset(&block, SIGRTMIN);
	printf("sigprocmask(SIG_BLOCK) -> %d\n", sigprocmask(SIG_BLOCK, &block, NULL));
	sigprocmask(SIG_SETMASK, NULL, &current);
	printf("  blocked: SIGUSR1 %s, SIGUSR2 %s, SIGRTMIN %s, SIGINT %s, SIGKILL %s\n",
	       yes(sigismember(&current, SIGUSR1)), yes(sigismember(&current, SIGUSR2)),
	       yes(sigismember(&current, SIGRTMIN)), yes(sigismember(&current, SIGINT)),
	       yes(sigismember(&current, SIGKILL)));
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	printf("sigprocmask(SIG_UNBLOCK, SIGUSR1) -> %d\n", sigprocmask(SIG_UNBLOCK, &block, NULL));
	sigprocmask(SIG_SETMASK, NULL, &current);
	printf("  blocked: SIGUSR1 %s, SIGUSR2 %s\n",
	       yes(sigismember(&current, SIGUSR1)), yes(sigismember(&current, SIGUSR2)));
	errno = 0;
	r = sigprocmask(12345, &block, NULL);
	printf("sigprocmask(bad how) -> %d %s\n", r, strerror(errno));
	sigset_t pending;
	r = sigpending(&pending);
	printf("sigpending -> %d, nothing pending: %s\n", r,
	       yes(!sigismember(&pending, SIGUSR1) && !sigismember(&pending, SIGUSR2)));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	identity();
	system_name();
	randomness();
	scheduling();
	limits();
	auxiliary_vector();
	signals();
	return 0;
}
