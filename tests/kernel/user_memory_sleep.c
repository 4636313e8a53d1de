/*
 * A call that sleeps checks the program's memory again when it wakes:
 * ppoll waits on a pipe while another thread makes its pollfd array
 * PROT_NONE and then writes to the pipe. Linux's do_sys_poll writes the
 * results with put_user after the wait and returns EFAULT; here too,
 * instead of a kernel fault on the array. (qemu-user cannot be the oracle:
 * it writes the results to the protected page from its own code.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static int pipe_fds[2];
static struct pollfd *array;

static void *protect_then_write(void *argument)
{
	(void)argument;
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	nanosleep(&pause, NULL);
	printf("protect the array: %d\n", mprotect(array, 4096, PROT_NONE));
	printf("write to the pipe: %zd\n", write(pipe_fds[1], "x", 1));
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	array = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pipe(pipe_fds);
	array[0].fd = pipe_fds[0];
	array[0].events = POLLIN;
	pthread_t thread;
	pthread_create(&thread, NULL, protect_then_write, NULL);
	int result = poll(array, 1, -1);
	printf("poll after its array was protected: %d %s\n", result, result < 0 && errno == EFAULT ? "EFAULT" : "");
	pthread_join(thread, NULL);
	printf("still running\n");
	return 0;
}
