/*
 * sendfile(2) and copy_file_range(2) at positions near the largest file
 * offset: EINVAL for a source range that wraps (sendfile), the count cut
 * to the source's end and EFBIG for a target past the largest offset
 * (copy_file_range), as Linux's checks do; the kernel once added
 * position and count in an overflowing sum and faulted (found by
 * tests/fuzz/syscalls.c).
 */
#define _GNU_SOURCE
#include "fs_support.h"
#include <limits.h>
#include <sys/sendfile.h>

int main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	enter_scratch();
	int zero = open("/dev/zero", O_RDONLY);
	int out = open("out", O_RDWR | O_CREAT, 0644);
	int in = open("in", O_RDWR | O_CREAT, 0644);
	CHECK("write in", write(in, "0123456789", 10));
	off_t position = LONG_MAX - 10;
	CHECK("sendfile from /dev/zero at LONG_MAX - 10, 100 bytes", sendfile(out, zero, &position, 100));
	printf("position is LONG_MAX - %lld\n", (long long)(LONG_MAX - position));
	position = LONG_MAX;
	CHECK("sendfile from /dev/zero at LONG_MAX", sendfile(out, zero, &position, 100));
	position = 0;
	CHECK("sendfile from /dev/zero, 100 bytes", sendfile(out, zero, &position, 100));
	off_t from = LONG_MAX - 10, to = 0;
	CHECK("copy_file_range from LONG_MAX - 10", copy_file_range(in, &from, out, &to, 100, 0));
	from = 0, to = LONG_MAX - 10;
	CHECK("copy_file_range to LONG_MAX - 10", copy_file_range(in, &from, out, &to, 100, 0));
	from = 0, to = 2;
	CHECK("copy_file_range within one file, count LONG_MAX", copy_file_range(in, &from, in, &to, LONG_MAX, 0));
	from = 0, to = 0;
	CHECK("copy_file_range 10 bytes", copy_file_range(in, &from, out, &to, 10, 0));
	unlink("in");
	unlink("out");
	leave_scratch();
	return 0;
}
