/*
 * A named FIFO's pipe lives only while one of its ends is open: data left
 * in it when the last end closes is gone at the next open, as on Linux
 * (pipe(7)). The kernel once kept every FIFO's pipe, 64 KiB and its data,
 * for as long as the FIFO existed, which rk.selfcheck found as a vnode
 * that nothing reached (found by tests/fuzz/syscalls.c).
 */
#include "fs_support.h"

static void drain(const char *label, int fd)
{
	char buffer[16] = {0};
	errno = 0;
	long got = read(fd, buffer, sizeof buffer - 1);
	printf("%s: %ld %s \"%s\"\n", label, got, got < 0 ? errno_name(errno) : "", got > 0 ? buffer : "");
}

int main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	enter_scratch();
	TRY("mkfifo", mkfifo("fifo", 0644));
	int both = open("fifo", O_RDWR | O_NONBLOCK);
	CHECK("write abc", write(both, "abc", 3));
	close(both);
	both = open("fifo", O_RDWR | O_NONBLOCK);
	drain("after the last close", both);
	CHECK("write def", write(both, "def", 3));
	int reader = open("fifo", O_RDONLY | O_NONBLOCK);
	close(both);
	drain("with a reader still open", reader);
	int writer = open("fifo", O_WRONLY | O_NONBLOCK);
	CHECK("write ghi", write(writer, "ghi", 3));
	close(writer);
	drain("writer closed, reader open", reader);
	close(reader);
	TRY("O_WRONLY|O_NONBLOCK without a reader", open("fifo", O_WRONLY | O_NONBLOCK));
	reader = open("fifo", O_RDONLY | O_NONBLOCK);
	drain("fresh reader", reader);
	close(reader);
	unlink("fifo");
	leave_scratch();
	return 0;
}
