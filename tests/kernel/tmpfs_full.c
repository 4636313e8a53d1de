/*
 * A full tmpfs: the root file system booted with a 1 MiB size limit
 * (`rk.root.size=1M`, like Linux's tmpfs `size=` option). Writes fill it
 * to the limit, the last one short, then fail with ENOSPC; statvfs shows it
 * full; truncating or removing a file gives the space back for reuse. The
 * limit is a kernel option, which Linux cannot be the oracle for; what
 * happens at the limit is write(2)'s and tmpfs's behaviour on Linux.
 */
// run-options: --kernel-option rk.root.size=1M
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

static const char *name(int error)
{
	return error == ENOSPC ? "ENOSPC" : strerror(error);
}

/* Writes 3000-byte chunks to `fd` until a write fails; returns the bytes
 * written and counts the short writes. */
static long fill(int fd, int *shorts, int *error)
{
	static char chunk[3000];
	memset(chunk, 'x', sizeof chunk);
	long total = 0;
	ssize_t written;
	*shorts = 0;
	while ((written = write(fd, chunk, sizeof chunk)) > 0) {
		total += written;
		if (written < (ssize_t)sizeof chunk) (*shorts)++;
	}
	*error = errno;
	return total;
}

static int free_blocks(void)
{
	struct statvfs status;
	return statvfs("/tmp", &status) == 0 ? (int)status.f_bavail : -1;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	struct statvfs status;
	statvfs("/tmp", &status);
	printf("statvfs: %lu KiB\n", (unsigned long)(status.f_blocks * status.f_bsize / 1024));

	int shorts, error;
	int fd = open("/tmp/big", O_CREAT | O_RDWR, 0644);
	long first = fill(fd, &shorts, &error);
	printf("write until it fails: %s, short writes %d, all 1 MiB written: %s\n", name(error), shorts,
	       first == 1024 * 1024 ? "yes" : "no");
	printf("free blocks: %d\n", free_blocks());
	int other = open("/tmp/other", O_CREAT | O_RDWR, 0644);
	printf("another file: open %s, write: %s\n", other >= 0 ? "ok" : name(errno),
	       write(other, "x", 1) < 0 ? name(errno) : "ok");
	printf("pwrite into a hole: %s\n", pwrite(fd, "x", 1, 4 << 20) < 0 ? name(errno) : "ok");
	char byte = 0;
	printf("the data is intact: %s\n", pread(fd, &byte, 1, first - 1) == 1 && byte == 'x' ? "yes" : "no");

	printf("ftruncate to 512 KiB: %s, free blocks %d\n", ftruncate(fd, 512 * 1024) ? name(errno) : "ok",
	       free_blocks());
	long more = fill(other, &shorts, &error);
	printf("the other file takes the rest: %s, 512 KiB: %s\n", name(error), more == 512 * 1024 ? "yes" : "no");
	close(fd);
	close(other);
	unlink("/tmp/big");
	unlink("/tmp/other");
	printf("after unlink, free blocks %d\n", free_blocks());

	fd = open("/tmp/big", O_CREAT | O_RDWR, 0644);
	long again = fill(fd, &shorts, &error);
	printf("write again: %s, short writes %d, the same amount: %s\n", name(error), shorts, again == first ? "yes" : "no");
	close(fd);
	return 0;
}
