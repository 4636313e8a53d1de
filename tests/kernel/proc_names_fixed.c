// /proc's names are the kernel's: unlink, rmdir, mkdir, rename, symlink,
// link and mknod in it fail with EPERM and open(O_CREAT) of a new name with
// EACCES, as on Linux (procfs has none of these operations); /proc/self and
// /proc/meminfo work afterwards. procfs, built on tmpfs, once let a
// program remove /proc/self, and rk.selfcheck found a procfs vnode that
// was alive but no longer reachable (found by tests/fuzz/syscalls.c).
// run-options: --kernel-option rk.selfcheck
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TRY(call) do { errno = 0; int result = (call); \
	printf("%s: %s\n", #call, result < 0 ? strerror(errno) : "ok"); } while (0)

int main(void)
{
	TRY(unlink("/proc/self"));
	TRY(unlink("/proc/meminfo"));
	TRY(rmdir("/proc/self/fd"));
	TRY(mkdir("/proc/new", 0755));
	TRY(mkdir("/proc/self/new", 0755));
	TRY(rename("/proc/cpuinfo", "/proc/renamed"));
	TRY(symlink("meminfo", "/proc/link"));
	TRY(link("/proc/meminfo", "/proc/hard"));
	TRY(mknod("/proc/fifo", S_IFIFO | 0644, 0));
	TRY(open("/proc/new", O_RDWR | O_CREAT, 0644));
	TRY(open("/proc/meminfo", O_RDONLY | O_CREAT, 0644));
	char target[32] = {0};
	readlink("/proc/self", target, sizeof target - 1);
	printf("/proc/self -> %s\n", target);
	char line[16] = {0};
	int fd = open("/proc/meminfo", O_RDONLY);
	read(fd, line, 9);
	printf("/proc/meminfo starts with %s\n", line);
	return 0;
}
