/*
 * A 9p share with memory full: the program maps all memory first, then
 * creates files in the directory given until the kernel, short of memory
 * for their vnodes, refuses one with an error (never a kernel fault);
 * every file made stats and unlinks, and afterwards the memory their
 * vnodes took serves a new file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MOST 20000

int main(int argc, char **argv)
{
	if (argc != 2 || chdir(argv[1]) != 0) return 2;
	setvbuf(stdout, NULL, _IONBF, 0);
	char *p;
	while ((p = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) != MAP_FAILED)
		memset(p, 1, 65536);

	char name[32];
	int count = 0, error = 0;
	for (; count < MOST; count++) {
		snprintf(name, sizeof name, "f%d", count);
		int fd = open(name, O_CREAT | O_WRONLY, 0644);
		if (fd < 0) {
			error = errno;
			break;
		}
		close(fd);
	}
	printf("creating files stops with ENFILE, ENOSPC or ENOMEM: %s\n",
	       error == ENFILE || error == ENOSPC || error == ENOMEM ? "yes" : strerror(error));
	int stated = 0, removed = 0;
	struct stat status;
	for (int i = 0; i < count; i++) {
		snprintf(name, sizeof name, "f%d", i);
		stated += stat(name, &status) == 0;
		removed += unlink(name) == 0;
	}
	printf("every file stats: %s, unlinks: %s\n", stated == count ? "yes" : "no", removed == count ? "yes" : "no");
	int fd = open("again", O_CREAT | O_WRONLY, 0644);
	printf("after removing them, creating a file: %s\n", fd >= 0 ? "succeeds" : strerror(errno));
	close(fd);
	unlink("again");
	return 0;
}
