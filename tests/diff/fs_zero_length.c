/*
 * Reads and writes of zero bytes on every kind of descriptor: each returns
 * 0 (or the error the kind gives any read or write) and changes nothing.
 * An empty read of a /proc file once faulted the kernel, which took the
 * address of the empty buffer, and pread/pwrite on a pipe's wrong end
 * said EBADF where Linux says ESPIPE (found by tests/fuzz/syscalls.c).
 */
#include "fs_support.h"
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>

static void empty(const char *label, int fd)
{
	char buffer[1];
	struct iovec none = {buffer, 0};
	char line[128];
	snprintf(line, sizeof line, "%s: read", label);
	CHECK(line, read(fd, buffer, 0));
	snprintf(line, sizeof line, "%s: read NULL", label);
	CHECK(line, read(fd, 0, 0));
	snprintf(line, sizeof line, "%s: pread", label);
	CHECK(line, pread(fd, buffer, 0, 0));
	snprintf(line, sizeof line, "%s: readv", label);
	CHECK(line, readv(fd, &none, 1));
	snprintf(line, sizeof line, "%s: write", label);
	CHECK(line, write(fd, buffer, 0));
	// (Linux's seq_file /proc files refuse pwrite with ESPIPE.)
	if (strncmp(label, "/proc", 5) != 0) {
		snprintf(line, sizeof line, "%s: pwrite", label);
		CHECK(line, pwrite(fd, buffer, 0, 0));
	}
}

int main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	enter_scratch();
	int p[2];
	pipe(p);
	empty("regular file", open("file", O_RDWR | O_CREAT, 0644));
	empty("directory", open(".", O_RDONLY | O_DIRECTORY));
	empty("pipe read end", p[0]);
	empty("pipe write end", p[1]);
	empty("/dev/null", open("/dev/null", O_RDWR));
	empty("/dev/zero", open("/dev/zero", O_RDWR));
	empty("/dev/urandom", open("/dev/urandom", O_RDONLY));
	empty("/proc/self/status", open("/proc/self/status", O_RDONLY));
	empty("/proc/meminfo", open("/proc/meminfo", O_RDONLY));
	empty("memfd", (int)syscall(SYS_memfd_create, "empty", 0));
	unlink("file");
	leave_scratch();
	return 0;
}
