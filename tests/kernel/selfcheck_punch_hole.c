// Punching a hole (fallocate FALLOC_FL_PUNCH_HOLE) frees the pages inside
// it, and the file system's count of used pages follows: statfs shows the
// space back once the file is gone, and rk.selfcheck finds every page
// accounted for. The count once kept the punched pages for ever (found by
// tests/fuzz/syscalls.c with rk.selfcheck).
// run-options: --kernel-option rk.selfcheck
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

static char block[5 * 4096];

static long free_blocks(void)
{
	struct statfs status;
	statfs("/tmp", &status);
	return (long)status.f_bfree;
}

int main(void)
{
	memset(block, 'x', sizeof block);
	long before = free_blocks();
	int fd = open("/tmp/holes", O_RDWR | O_CREAT, 0644);
	write(fd, block, sizeof block);
	printf("5 pages in use: %s\n", before - free_blocks() == 5 ? "yes" : "no");
	printf("punch 3 pages: %d\n", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096, 3 * 4096));
	printf("2 pages in use: %s\n", before - free_blocks() == 2 ? "yes" : "no");
	close(fd);
	unlink("/tmp/holes");
	printf("all back: %s\n", free_blocks() == before ? "yes" : "no");
	return 0;
}
