// A root file system with a size limit (rk.root.size) checks how many pages
// a write needs before writing: offsets near the largest file size once
// overflowed in that count and faulted the kernel (found by
// tests/fuzz/syscalls.c). Such writes fail as without a limit: EFBIG past
// the largest size, EINVAL for a negative offset.
// run-options: --kernel-option rk.root.size=64K
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char block[8192];

static void show(const char *label, long result)
{
	printf("%s: %ld %s\n", label, result, result < 0 ? strerror(errno) : "");
}

int main(void)
{
	int fd = open("/tmp/limited", O_RDWR | O_CREAT, 0644);
	show("pwrite at 0x7fffffffffffffff", pwrite(fd, "x", 1, 0x7fffffffffffffffL));
	show("pwrite at 0x7ffffffffffff000", pwrite(fd, block, 8192, 0x7ffffffffffff000L));
	show("pwrite at 1 TiB - 1", pwrite(fd, "xy", 2, (1L << 40) - 1));
	show("pwrite at -1", pwrite(fd, "x", 1, -1));
	show("pwrite of 4 KiB", pwrite(fd, block, 4096, 0));
	close(fd);
	unlink("/tmp/limited");
	return 0;
}
