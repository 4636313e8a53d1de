/*
 * Calls the system call whose number is the first argument (no arguments)
 * and prints its result: a way to make the kernel log a notice.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long number = argc > 1 ? atol(argv[1]) : 26;
	errno = 0;
	long r = syscall(number, 0, 0, 0);
	printf("syscall %ld -> %ld %s\n", number, r, r == -1 ? strerror(errno) : "");
	return 0;
}
