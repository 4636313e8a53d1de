/*
 * Memory runs out politely: with 32 MiB of RAM, malloc, mmap (touched
 * page by page from the top, so first touches split 2 MiB entries and need
 * page-table pages) and brk are taken until they fail with ENOMEM, and the
 * in-memory root is written until ENOSPC. Meanwhile the kernel works on
 * its reserve: files, pipes and threads fail with an error rather than a
 * kernel fault. After everything is given back the same amounts can be had
 * again. The amounts depend on the VM's memory size and the kernel's
 * reserve, which Linux cannot be the oracle for.
 */
// run-options: --mem 32M
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIB (1024 * 1024)

/* Takes `size`-byte blocks with malloc, each touched and linked to the
 * last, until malloc fails; returns the list and the total in *total. */
static void *malloc_all(size_t size, size_t *total, int *error)
{
	void *head = NULL;
	*total = 0;
	for (;;) {
		void **block = malloc(size);
		if (!block) {
			*error = errno;
			return head;
		}
		memset(block, 0xa5, size);
		*block = head;
		head = block;
		*total += size;
	}
}

static void free_all(void *head)
{
	while (head) {
		void *next = *(void **)head;
		free(head);
		head = next;
	}
}

/* Maps `size`-byte mappings until mmap fails, touching each page from the
 * top down; they are linked through their first word. */
static void *map_all(size_t size, size_t *total, int *error)
{
	void *head = NULL;
	*total = 0;
	for (;;) {
		char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			*error = errno;
			return head;
		}
		for (size_t offset = size; offset > 0; offset -= 4096) p[offset - 1] = 1;
		*(void **)p = head;
		head = p;
		*total += size;
	}
}

static void unmap_all(void *head, size_t size)
{
	while (head) {
		void *next = *(void **)head;
		munmap(head, size);
		head = next;
	}
}

static void *thread_main(void *arg)
{
	return arg;
}

/* What the kernel still does with the program's memory used up: each
 * kind of object is made until the first failure, whose error is printed;
 * everything is given back afterwards. */
static void kernel_still_works(void)
{
	/* Small directories, so that what stops it is the files themselves
	 * rather than one directory's table growing. */
	int count = 0, error = 0;
	char name[32];
	for (;; count++) {
		snprintf(name, sizeof name, "/tmp/d%d", count / 16);
		if (count % 16 == 0 && mkdir(name, 0700) != 0) {
			error = errno;
			break;
		}
		snprintf(name, sizeof name, "/tmp/d%d/f%d", count / 16, count % 16);
		int fd = open(name, O_CREAT | O_WRONLY, 0600);
		if (fd < 0) {
			error = errno;
			break;
		}
		close(fd);
	}
	printf("  creating files stops with ENOSPC or ENFILE: %s\n",
	       error == ENOSPC || error == ENFILE ? "yes" : strerror(error));
	for (int i = 0; i <= count; i++) {
		snprintf(name, sizeof name, "/tmp/d%d/f%d", i / 16, i % 16);
		unlink(name);
		snprintf(name, sizeof name, "/tmp/d%d", i / 16);
		if (i % 16 == 15 || i == count) rmdir(name);
	}
	/* The memory the removed files took serves new ones. */
	int fd = open("/tmp/again", O_CREAT | O_WRONLY, 0600);
	printf("  after removing them, creating a file: %s\n", fd >= 0 ? "succeeds" : strerror(errno));
	close(fd);
	unlink("/tmp/again");

	int pipes[256][2];
	count = 0;
	error = 0;
	while (count < 256 && pipe(pipes[count]) == 0) count++;
	if (count < 256) error = errno;
	printf("  creating pipes stops with ENFILE: %s\n", error == ENFILE ? "yes" : strerror(error));
	for (int i = 0; i < count; i++) {
		close(pipes[i][0]);
		close(pipes[i][1]);
	}

	pthread_t thread;
	int status = pthread_create(&thread, NULL, thread_main, NULL);
	printf("  pthread_create: %s\n", strerror(status));
	if (status == 0) pthread_join(thread, NULL);
}

/* Whether a second round got as much as the first, within 1 MiB: the
 * kernel keeps some pages its objects used meanwhile in its heap. */
static const char *same(size_t again, size_t first)
{
	return again + MIB >= first ? "yes" : "no";
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	size_t first, again, tail;
	int error = 0;

	void *blocks = malloc_all(64 * 1024, &first, &error);
	printf("malloc(64 KiB) until NULL: errno %s, over 20 MiB: %s\n", strerror(error), first > 20 * MIB ? "yes" : "no");
	kernel_still_works();
	free_all(blocks);
	blocks = malloc_all(64 * 1024, &again, &error);
	printf("after free, malloc(64 KiB) again: the same amount within 1 MiB: %s\n", same(again, first));
	free_all(blocks);

	void *maps = map_all(4 * MIB, &first, &error);
	void *small_maps = map_all(4096, &tail, &error);
	first += tail;
	printf("mmap until MAP_FAILED, every page touched: errno %s, over 20 MiB: %s\n", strerror(error),
	       first > 20 * MIB ? "yes" : "no");
	void *moved = mremap(small_maps, 4096, 8 * 4096, MREMAP_MAYMOVE);
	printf("mremap to grow: %s\n", moved == MAP_FAILED ? strerror(errno) : "succeeded");
	kernel_still_works();
	unmap_all(small_maps, 4096);
	unmap_all(maps, 4 * MIB);
	maps = map_all(4 * MIB, &again, &error);
	small_maps = map_all(4096, &tail, &error);
	again += tail;
	printf("after munmap, mmap again: the same amount within 1 MiB: %s\n", same(again, first));
	unmap_all(small_maps, 4096);
	unmap_all(maps, 4 * MIB);

	char *start = sbrk(0);
	while (sbrk(64 * 1024) != (void *)-1) {}
	error = errno;
	char *end = sbrk(0);
	for (char *p = start; p < end; p += 4096) *p = 1;
	printf("sbrk(64 KiB) until it fails: errno %s\n", strerror(error));
	printf("sbrk back down: %s\n", sbrk(start - end) != (void *)-1 && sbrk(0) == start ? "yes" : strerror(errno));

	/* The in-memory root has no size limit by default: memory is its limit. */
	int fd = open("/tmp/big", O_CREAT | O_RDWR, 0600);
	static char chunk[3000];
	ssize_t written;
	int shorts = 0;
	first = 0;
	while ((written = write(fd, chunk, sizeof chunk)) > 0) {
		first += written;
		shorts += written < (ssize_t)sizeof chunk;
	}
	printf("write to /tmp until it fails: %s, short writes %d, over 20 MiB: %s\n", strerror(errno), shorts,
	       first > 20 * MIB ? "yes" : "no");
	/* volatile: the compiler may not assume the allocation succeeds. */
	void *volatile block = malloc(MIB);
	printf("  malloc(1 MiB) meanwhile: %s\n", block ? "succeeded" : strerror(errno));
	free(block);
	close(fd);
	unlink("/tmp/big");
	block = malloc(MIB);
	printf("after unlink, malloc(1 MiB): %s\n", block ? "succeeded" : strerror(errno));
	free(block);

	blocks = malloc_all(100, &first, &error);
	printf("malloc(100) until NULL: errno %s\n", strerror(error));
	free_all(blocks);
	blocks = malloc_all(100, &again, &error);
	printf("after free, malloc(100) again: the same amount within 1 MiB: %s\n", same(again, first));
	free_all(blocks);
	return 0;
}
