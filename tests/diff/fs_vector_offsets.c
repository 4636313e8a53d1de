/*
 * preadv(2) and pwritev(2) at offsets where the range would pass the
 * largest file offset: EINVAL before anything moves, as Linux's
 * rw_verify_area. The kernel once added the offset and the bytes done in
 * an overflowing sum and faulted (found by tests/fuzz/syscalls.c).
 */
#include "fs_support.h"
#include <limits.h>
#include <sys/uio.h>

int main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	enter_scratch();
	int fd = open("file", O_RDWR | O_CREAT, 0644);
	char a[100], b[100];
	memset(a, 'a', sizeof a);
	memset(b, 'b', sizeof b);
	struct iovec two[2] = {{a, sizeof a}, {b, sizeof b}};
	CHECK("pwritev at LONG_MAX - 150", pwritev(fd, two, 2, LONG_MAX - 150));
	CHECK("preadv at LONG_MAX - 150", preadv(fd, two, 2, LONG_MAX - 150));
	CHECK("pwritev at LONG_MAX", pwritev(fd, two, 1, LONG_MAX));
	CHECK("preadv at LONG_MAX - 100", preadv(fd, two, 1, LONG_MAX - 100));
	CHECK("pwritev at 10", pwritev(fd, two, 2, 10));
	CHECK("preadv at 0", preadv(fd, two, 2, 0));
	printf("a[10] %c b[0] %c\n", a[10], b[0]);
	close(fd);
	fd = open("/dev/zero", O_RDWR);
	CHECK("/dev/zero: preadv at LONG_MAX - 150", preadv(fd, two, 2, LONG_MAX - 150));
	CHECK("/dev/zero: pwritev at LONG_MAX - 150", pwritev(fd, two, 2, LONG_MAX - 150));
	CHECK("/dev/zero: preadv at 1000", preadv(fd, two, 2, 1000));
	printf("a[10] %d b[0] %d\n", a[10], b[0]);
	close(fd);
	unlink("file");
	leave_scratch();
	return 0;
}
