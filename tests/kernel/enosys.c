/*
 * A system call the kernel does not implement fails with ENOSYS, the kernel
 * says so once on the console, and the program carries on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void call(const char *which)
{
	errno = 0;
	long r = syscall(SYS_inotify_init1, 0);
	printf("%s inotify_init1 -> %ld %s\n", which, r, r == -1 && errno == ENOSYS ? "ENOSYS" : strerror(errno));
	fflush(stdout);
}

int main(void)
{
	printf("before\n");
	fflush(stdout);
	call("first");
	call("second");
	printf("still running\n");
	return 0;
}
