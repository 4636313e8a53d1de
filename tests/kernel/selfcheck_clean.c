// rk.selfcheck after a program that used a bit of everything and left
// some of it for the kernel to release: files (one unlinked while open,
// hard links, a directory tree left behind, a FIFO opened and closed),
// pipes, memfd, dup'd and
// O_PATH descriptors, mappings, the break, threads, a cwd inside a removed
// directory. The kernel releases the rest at exit and finds nothing held:
// "selfcheck: ok" and the program's own status.
// run-options: --kernel-option rk.selfcheck
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static char block[20000];

static void *worker(void *argument)
{
	int fd = open("/tmp/kept/t", O_RDWR | O_CREAT, 0644);
	write(fd, block, sizeof block);
	close(fd);
	return argument;
}

int main(void)
{
	memset(block, 'x', sizeof block);
	mkdir("/tmp/kept", 0755);
	mkdir("/tmp/kept/sub", 0755);
	int file = open("/tmp/kept/a", O_RDWR | O_CREAT, 0644);
	write(file, block, sizeof block);
	link("/tmp/kept/a", "/tmp/kept/sub/b");
	int unlinked = open("/tmp/gone", O_RDWR | O_CREAT, 0644);
	pwrite(unlinked, block, sizeof block, 1 << 20);
	unlink("/tmp/gone");
	mkfifo("/tmp/kept/fifo", 0644);
	int fifo = open("/tmp/kept/fifo", O_RDWR | O_NONBLOCK);
	write(fifo, block, 100);
	close(fifo);
	int p[2];
	pipe(p);
	write(p[1], block, 1000);
	int memory = (int)syscall(SYS_memfd_create, "check", 0);
	ftruncate(memory, 3 << 20);
	pwrite(memory, block, sizeof block, 2 << 20);
	dup(file);
	open("/tmp/kept", O_PATH);
	char *mapping = mmap(0, 5 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(mapping, 1, 3 << 20);
	mprotect(mapping, 4096, PROT_NONE);
	sbrk(1 << 20);
	pthread_t threads[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&threads[i], 0, worker, 0);
	for (int i = 0; i < 4; i++)
		pthread_join(threads[i], 0);
	mkdir("/tmp/doomed", 0755);
	chdir("/tmp/doomed");
	rmdir("/tmp/doomed");
	printf("done\n");
	fflush(stdout);
	return 3;
}
// expect-status: 3
