/*
 * Files of several pages: holes read as zeros wherever they are (the
 * first page included), truncation to the middle of a page and to zero
 * frees what lies past the end, and a file grown again over freed pages
 * reads zeros there, not the old contents.
 */
#include "fs_support.h"

static char block[12288];

/* Prints a digest of `length` bytes at `offset`: the count read and the
 * sum of the bytes, so that zeros and old contents tell apart. */
static void show_range(const char *label, int fd, off_t offset, size_t length)
{
	memset(block, 0x55, sizeof block);
	ssize_t got = pread(fd, block, length, offset);
	unsigned long sum = 0;
	for (ssize_t i = 0; i < got; i++)
		sum += (unsigned char)block[i];
	printf("%s: read %zd, sum %lu\n", label, got, sum);
}

int main(void)
{
	enter_scratch();
	int fd = open("sparse", O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(block, 'a', sizeof block);
	CHECK("write 3 pages", write(fd, block, 12288));
	show_range("all", fd, 0, 12288);
	CHECK("ftruncate into page 2", ftruncate(fd, 5000));
	show_range("after truncate", fd, 0, 12288);
	CHECK("ftruncate grow to 3 pages", ftruncate(fd, 12288));
	show_range("grown again: zeros past 5000", fd, 4096, 8192);
	CHECK("ftruncate 0", ftruncate(fd, 0));
	CHECK("pwrite at 8192", pwrite(fd, "zz", 2, 8192));
	show_range("hole in pages 0 and 1", fd, 0, 8194);
	CHECK("pwrite in the middle of page 0", pwrite(fd, "yy", 2, 100));
	show_range("page 0 around it", fd, 0, 4096);
	show_range("page 1 still a hole", fd, 4096, 4096);
	struct stat st;
	fstat(fd, &st);
	printf("size %lld\n", (long long)st.st_size);
	CHECK("ftruncate 1 byte", ftruncate(fd, 1));
	CHECK("pwrite far out", pwrite(fd, "x", 1, 3 * 4096 + 7));
	show_range("page 0 after truncating to 1 byte", fd, 0, 4096);
	show_range("last page", fd, 8192, 4104);
	close(fd);
	unlink("sparse");
	leave_scratch();
	return 0;
}
