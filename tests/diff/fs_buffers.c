/*
 * Program buffers a file system may hand straight to a device (a 9p share
 * reads and writes them by DMA): memory the program never touched, which
 * must read back what was read into it and write zeros; buffers half
 * touched; a read spanning a fresh 4 MiB mapping's 2 MiB boundary; and
 * buffers the call may not use — read into read-only, PROT_NONE and
 * .rodata memory, write from PROT_NONE — which are EFAULT, as on Linux.
 */
#include "fs_support.h"
#include <sys/mman.h>
#include <sys/uio.h>

enum { FILE_BYTES = 3 << 20 };

static unsigned char pattern(long i) { return (unsigned char)(i * 7 + (i >> 12)); }

static const char read_only_data[8192] = { 1 };

/* Whether `n` bytes at `buffer` are the file's bytes from `offset`. */
static const char *matches(const unsigned char *buffer, long offset, long n)
{
	for (long i = 0; i < n; i++)
		if (buffer[i] != pattern(offset + i))
			return "DIFFERENT";
	return "same bytes";
}

static void *fresh(size_t size, int protection)
{
	return mmap(0, size, protection, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

int main(void)
{
	enter_scratch();
	unsigned char *source = malloc(FILE_BYTES);
	for (long i = 0; i < FILE_BYTES; i++)
		source[i] = pattern(i);
	int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	printf("write: %zd\n", write(fd, source, FILE_BYTES));
	free(source);

	/* Reads into pages never touched: the data must stay. */
	unsigned char *untouched = fresh(256 << 10, PROT_READ | PROT_WRITE);
	ssize_t n = pread(fd, untouched, 256 << 10, 4096);
	printf("read into untouched pages: %zd, %s\n", n, matches(untouched, 4096, n));
	munmap(untouched, 256 << 10);

	unsigned char *half = fresh(128 << 10, PROT_READ | PROT_WRITE);
	memset(half, 0x55, 64 << 10);
	n = pread(fd, half + 1000, 100000, 77);
	printf("read into half-touched pages: %zd, %s, around: %s\n", n, matches(half + 1000, 77, n),
	       half[999] == 0x55 && half[101000] == 0 ? "kept" : "CHANGED");
	munmap(half, 128 << 10);

	unsigned char *large = fresh(4 << 20, PROT_READ | PROT_WRITE);
	long offset = (2 << 20) - 5000;
	n = pread(fd, large + offset, 1 << 20, 12345);
	printf("read across a 2 MiB boundary: %zd, %s\n", n, matches(large + offset, 12345, n));
	printf("untouched neighbours read as zero: %s\n",
	       large[0] == 0 && large[offset - 1] == 0 && large[(4 << 20) - 1] == 0 ? "yes" : "NO");
	munmap(large, 4 << 20);

	struct iovec parts[2];
	parts[0].iov_base = fresh(8192, PROT_READ | PROT_WRITE);
	parts[0].iov_len = 5000;
	parts[1].iov_base = fresh(8192, PROT_READ | PROT_WRITE);
	parts[1].iov_len = 8192;
	n = preadv(fd, parts, 2, 100);
	printf("preadv into untouched pages: %zd, %s %s\n", n, matches(parts[0].iov_base, 100, 5000),
	       matches(parts[1].iov_base, 5100, 8192));

	/* Writes from pages never touched write zeros. */
	unsigned char *zeros = fresh(64 << 10, PROT_READ | PROT_WRITE);
	printf("write from untouched pages: %zd\n", pwrite(fd, zeros, 64 << 10, 8192));
	munmap(zeros, 64 << 10);
	unsigned char *back = malloc(64 << 10);
	n = pread(fd, back, 64 << 10, 8192);
	long nonzero = 0;
	for (long i = 0; i < n; i++)
		nonzero += back[i] != 0;
	printf("read back: %zd, %ld nonzero\n", n, nonzero);
	free(back);

	/* Buffers the call may not use. */
	void *read_only = fresh(16384, PROT_READ);
	CHECK("read into read-only", pread(fd, read_only, 8192, 0));
	CHECK("read(2) into read-only", (lseek(fd, 0, SEEK_SET), read(fd, read_only, 100)));
	struct iovec into_read_only = { read_only, 4096 };
	CHECK("readv into read-only", readv(fd, &into_read_only, 1));
	void *none = fresh(16384, PROT_NONE);
	CHECK("read into PROT_NONE", pread(fd, none, 4096, 0));
	CHECK("write from PROT_NONE", pwrite(fd, none, 4096, 0));
	CHECK("read into .rodata", pread(fd, (void *)read_only_data, 4096, 0));
	printf("file still the same size: %lld\n", (long long)lseek(fd, 0, SEEK_END));

	close(fd);
	leave_scratch();
	return 0;
}
