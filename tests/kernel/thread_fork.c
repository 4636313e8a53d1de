/*
 * A unikernel has one process: clones that would make a new one (fork,
 * vfork, and the raw clone system call without CLONE_VM and CLONE_THREAD)
 * fail with ENOSYS, the kernel says so once on the console, and threads
 * still work afterwards. On Linux each of these would succeed, so this is a
 * kernel test rather than a differential one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *add_one(void *arg)
{
	return (void *)((intptr_t)arg + 1);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pid_t pid = getpid();

	errno = 0;
	pid_t r = fork();
	printf("fork -> %d %s\n", (int)r, strerror(errno));
	errno = 0;
	r = vfork();
	printf("vfork -> %d %s\n", (int)r, strerror(errno));
	errno = 0;
	long raw = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	printf("clone(SIGCHLD) -> %ld %s\n", raw, strerror(errno));

	printf("still one process: %s\n", getpid() == pid ? "yes" : "no");
	pthread_t t;
	void *result = NULL;
	int created = pthread_create(&t, NULL, add_one, (void *)41);
	int joined = pthread_join(t, &result);
	printf("pthread_create %d, join %d, result %ld\n", created, joined, (long)(intptr_t)result);
	return 0;
}
