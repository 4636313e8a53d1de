/*
 * posix_fadvise (the fadvise64 syscall) against Linux: every advice value
 * on a regular file, a directory and /dev/null; EBADF for closed and
 * O_PATH descriptors; ESPIPE on a pipe, before the length or the advice is
 * looked at; EINVAL for a negative length or an unknown advice; and the
 * same bytes read back after DONTNEED, whether the data was synced first
 * or not (a cache may drop only clean data).
 */
#include "fs_support.h"

/* posix_fadvise returns the error number instead of setting errno. */
#define ADVISE(label, fd, offset, length, advice) \
	printf("%s: %s\n", label, errno_name(posix_fadvise(fd, offset, length, advice)))

enum { FILE_BYTES = 256 * 1024 + 100 };

static unsigned char expected[FILE_BYTES], got[FILE_BYTES];

static void fill(unsigned seed)
{
	for (int i = 0; i < FILE_BYTES; i++)
		expected[i] = (unsigned char)((i * 131u + seed) >> 3);
}

/* Reads the whole file and says whether it holds `expected`. */
static void compare(const char *label, int fd)
{
	ssize_t n = pread(fd, got, sizeof got, 0);
	printf("%s: read %zd, %s\n", label, n,
	       n == FILE_BYTES && memcmp(got, expected, FILE_BYTES) == 0 ? "same bytes" : "DIFFERENT");
}

static void every_advice(const char *what, int fd)
{
	static const char *names[] = { "NORMAL", "RANDOM", "SEQUENTIAL", "WILLNEED", "DONTNEED", "NOREUSE" };
	static const int values[] = { POSIX_FADV_NORMAL, POSIX_FADV_RANDOM, POSIX_FADV_SEQUENTIAL,
				      POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE };
	for (int i = 0; i < 6; i++) {
		char label[64];
		snprintf(label, sizeof label, "%s %s", what, names[i]);
		ADVISE(label, fd, 0, 0, values[i]);
	}
}

int main(void)
{
	enter_scratch();

	int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	fill(7);
	printf("write: %zd\n", write(fd, expected, FILE_BYTES));
	every_advice("file", fd);
	ADVISE("file range", fd, 4096, 8192, POSIX_FADV_DONTNEED);
	ADVISE("file range past the end", fd, 1 << 30, 4096, POSIX_FADV_DONTNEED);
	ADVISE("file range overflowing", fd, 0x7fffffffffffff00, 0x1000, POSIX_FADV_DONTNEED);
	ADVISE("file negative offset", fd, -4096, 0, POSIX_FADV_DONTNEED);

	/* EINVAL */
	ADVISE("advice 6", fd, 0, 0, 6);
	ADVISE("advice 100", fd, 0, 0, 100);
	ADVISE("advice -1", fd, 0, 0, -1);
	ADVISE("negative length", fd, 0, -1, POSIX_FADV_NORMAL);
	ADVISE("negative length, bad advice", fd, 0, -1, 100);

	/* EBADF */
	ADVISE("closed fd", 99, 0, 0, POSIX_FADV_NORMAL);
	ADVISE("fd -1", -1, 0, 0, POSIX_FADV_DONTNEED);
	int path_only = open("data", O_PATH);
	ADVISE("O_PATH fd", path_only, 0, 0, POSIX_FADV_NORMAL);
	close(path_only);

	/* ESPIPE, checked before the length and the advice. */
	int ends[2];
	if (pipe(ends) == 0) {
		every_advice("pipe read end", ends[0]);
		ADVISE("pipe write end", ends[1], 0, 0, POSIX_FADV_DONTNEED);
		ADVISE("pipe, bad advice", ends[0], 0, 0, 100);
		ADVISE("pipe, negative length", ends[0], 0, -1, POSIX_FADV_NORMAL);
		close(ends[0]);
		close(ends[1]);
	}

	/* Other kinds of file take the advice. */
	int directory = open(".", O_RDONLY | O_DIRECTORY);
	every_advice("directory", directory);
	close(directory);
	int null = open("/dev/null", O_RDWR);
	ADVISE("/dev/null", null, 0, 0, POSIX_FADV_DONTNEED);
	close(null);
	int write_only = open("data", O_WRONLY);
	ADVISE("write-only fd", write_only, 0, 0, POSIX_FADV_DONTNEED);
	close(write_only);

	/* Dropping caches never changes what reads return. */
	compare("unsynced, after DONTNEED", fd);
	printf("fsync: %d\n", fsync(fd));
	ADVISE("synced DONTNEED", fd, 0, 0, POSIX_FADV_DONTNEED);
	compare("synced, after DONTNEED", fd);
	expected[5000] ^= 0xff;
	expected[FILE_BYTES - 1] ^= 0xff;
	printf("pwrite: %zd %zd\n", pwrite(fd, &expected[5000], 1, 5000),
	       pwrite(fd, &expected[FILE_BYTES - 1], 1, FILE_BYTES - 1));
	ADVISE("partial DONTNEED", fd, 4000, 3000, POSIX_FADV_DONTNEED);
	compare("rewritten, after a partial DONTNEED", fd);
	close(fd);
	fd = open("data", O_RDONLY);
	ADVISE("reopened DONTNEED", fd, 0, 0, POSIX_FADV_DONTNEED);
	compare("reopened", fd);
	close(fd);

	leave_scratch();
	return 0;
}
