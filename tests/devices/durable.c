/*
 * Durability: `durable write FILE` writes a pattern to FILE, fsyncs it and
 * its directory, says so, and waits to be killed; `durable check FILE`
 * reads it back and says whether every byte is there. The other modes
 * write FILE without fsync and end the program another way: `exit`
 * (returning from main), `thread-exit` (the only thread's pthread_exit),
 * `abort` (SIGABRT's default action) and `segv` (a fault in the program):
 * each end must leave the file complete. `threads` writes FILE.0 to
 * FILE.3 from four threads at once, each fsyncing its file, and returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SIZE (300 * 1024)

static unsigned char buffer[SIZE];

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + i / 4096);
}

static void fill_pattern(void)
{
	for (size_t i = 0; i < SIZE; i++)
		buffer[i] = pattern(i);
}

/* Writes the pattern to a new `path` in 16 KiB pieces (without syncing
 * it); 0 on success. */
static int write_pattern(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("open failed: %s\n", strerror(errno));
		return 1;
	}
	for (size_t done = 0; done < SIZE; done += 16384)
		if (write(fd, buffer + done, 16384) != 16384) {
			printf("write failed: %s\n", strerror(errno));
			return 1;
		}
	return close(fd);
}

static void *write_and_sync(void *path)
{
	if (write_pattern(path) != 0)
		return "failed";
	int fd = open(path, O_RDONLY);
	if (fd < 0 || fsync(fd) != 0)
		return "fsync failed";
	close(fd);
	return NULL;
}

static int threads(const char *path)
{
	char names[4][256];
	pthread_t thread[4];
	for (int i = 0; i < 4; i++) {
		snprintf(names[i], sizeof names[i], "%s.%d", path, i);
		pthread_create(&thread[i], NULL, write_and_sync, names[i]);
	}
	int failures = 0;
	for (int i = 0; i < 4; i++) {
		void *result;
		pthread_join(thread[i], &result);
		if (result) {
			printf("%s: %s\n", names[i], (char *)result);
			failures++;
		}
	}
	printf("written\n");
	return failures != 0;
}

static int check(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("open failed: %s\n", strerror(errno));
		return 1;
	}
	ssize_t total = 0, n;
	while ((n = read(fd, buffer + total, SIZE - total)) > 0)
		total += n;
	size_t bad = 0;
	for (size_t i = 0; i < (size_t)total; i++)
		bad += buffer[i] != pattern(i);
	printf("%zd bytes, %zu wrong\n", total, bad);
	return total == SIZE && bad == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	const char *mode = argv[1], *path = argv[2];
	if (strcmp(mode, "check") == 0)
		return check(path);
	fill_pattern();
	if (strcmp(mode, "threads") == 0)
		return threads(path);
	if (write_pattern(path) != 0)
		return 1;
	if (strcmp(mode, "write") == 0) {
		int fd = open(path, O_WRONLY);
		if (fd < 0 || fsync(fd) != 0) {
			printf("fsync failed: %s\n", strerror(errno));
			return 1;
		}
		char *directory = dirname(strdup(path));
		int dirfd = open(directory, O_RDONLY | O_DIRECTORY);
		if (dirfd < 0 || fsync(dirfd) != 0) {
			printf("directory fsync failed: %s\n", strerror(errno));
			return 1;
		}
		printf("written and synced\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	printf("written\n");
	fflush(stdout);
	if (strcmp(mode, "thread-exit") == 0)
		pthread_exit(NULL);
	if (strcmp(mode, "abort") == 0)
		abort();
	if (strcmp(mode, "segv") == 0)
		*(volatile int *)16 = 1;
	return 0;
}
