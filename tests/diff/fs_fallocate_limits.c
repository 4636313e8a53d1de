/*
 * fallocate(2) with ranges that wrap past the largest file offset: EFBIG
 * for every mode, punching a hole included, as Linux's vfs_fallocate
 * checks before the file system sees the call. A hole punched to LONG_MAX
 * once overflowed in tmpfs and faulted the kernel (found by
 * tests/fuzz/syscalls.c).
 */
#include "fs_support.h"
#include <limits.h>

int main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	enter_scratch();
	int fd = open("file", O_RDWR | O_CREAT, 0644);
	CHECK("write", write(fd, "0123456789", 10));
	TRY("punch hole to LONG_MAX", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4, LONG_MAX));
	TRY("punch hole LONG_MAX at LONG_MAX", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, LONG_MAX, LONG_MAX));
	TRY("allocate to LONG_MAX", fallocate(fd, 0, 1, LONG_MAX));
	TRY("allocate keep size to LONG_MAX", fallocate(fd, FALLOC_FL_KEEP_SIZE, 1, LONG_MAX));
	TRY("punch hole of 3 bytes", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 2, 3));
	char bytes[11] = {0};
	CHECK("pread", pread(fd, bytes, 10, 0));
	for (int i = 0; i < 10; i++)
		printf("%d ", bytes[i]);
	printf("\n");
	close(fd);
	unlink("file");
	leave_scratch();
	return 0;
}
