/*
 * Durability: `durable write FILE` writes a pattern to FILE, fsyncs it and
 * its directory, says so, and waits to be killed; `durable check FILE`
 * reads it back and says whether every byte is there.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SIZE (300 * 1024)

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + i / 4096);
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	static unsigned char buffer[SIZE];
	if (strcmp(argv[1], "write") == 0) {
		for (size_t i = 0; i < SIZE; i++)
			buffer[i] = pattern(i);
		int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, buffer, SIZE) != SIZE || fsync(fd) != 0) {
			printf("write failed: %s\n", strerror(errno));
			return 1;
		}
		char *directory = dirname(strdup(argv[2]));
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
	int fd = open(argv[2], O_RDONLY);
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
