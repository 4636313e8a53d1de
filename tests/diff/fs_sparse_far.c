/*
 * Writes far past the end of a file (2 GiB, 64 GiB and just under 1 TiB):
 * the file takes the size, reads back the byte written and zeros around
 * it, and shrinks again; holes that large cost nothing. A page index as
 * long as the file once made the 64 GiB write exhaust memory inside the
 * kernel (found by tests/fuzz/syscalls.c).
 */
#include "fs_support.h"

static void far_write(int fd, off_t offset)
{
	char label[64], got[4] = {0};
	snprintf(label, sizeof label, "pwrite at %#llx", (long long)offset);
	CHECK(label, pwrite(fd, "x", 1, offset));
	struct stat st;
	fstat(fd, &st);
	printf("size %#llx\n", (long long)st.st_size);
	CHECK("pread around it", pread(fd, got, 3, offset - 1));
	printf("bytes %d %d %d\n", got[0], got[1], got[2]);
	CHECK("pread in the hole", pread(fd, got, 3, offset / 2));
	printf("bytes %d %d %d\n", got[0], got[1], got[2]);
}

int main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	enter_scratch();
	int fd = open("far", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK("write at 0", write(fd, "head", 4));
	far_write(fd, 0x7fffffffLL);
	far_write(fd, 0x1000000000LL);
	far_write(fd, 0xffffffffffLL);
	CHECK("ftruncate to 0x1000000001", ftruncate(fd, 0x1000000001LL));
	char got[2] = {0};
	CHECK("pread the byte at 0x1000000000", pread(fd, got, 2, 0x1000000000LL));
	printf("byte %d\n", got[0]);
	CHECK("ftruncate to 2", ftruncate(fd, 2));
	CHECK("pread the start", pread(fd, got, 2, 0));
	printf("bytes %c%c\n", got[0], got[1]);
	CHECK("pwrite at 0x1000000000 again", pwrite(fd, "y", 1, 0x1000000000LL));
	close(fd);
	unlink("far");
	leave_scratch();
	return 0;
}
