/*
 * Bad pointers where qemu-riscv64, the differential tests' oracle, is not
 * Linux, so the expected output is Linux's, from its sources:
 *
 * - Partial copies. Linux copies to and from the program as it goes
 *   (copy_to_user/copy_from_user stop at the first bad byte) and a
 *   regular file's read and write (filemap_read, shmem_file_read_iter,
 *   generic_perform_write), getrandom (get_random_bytes_user) and
 *   getdents64 (filldir64, entry by entry) return what they did before
 *   the bad page. qemu-user checks the whole buffer first and gives EFAULT.
 * - Copies qemu-user does not check: clock_getres's result, nanosleep's
 *   request, getitimer into NULL; get_robust_list, which it lacks. Linux
 *   gives EFAULT for each (kernel/time/posix-timers.c, hrtimer.c,
 *   itimer.c, futex/syscalls.c).
 *
 * Each buffer below starts 96 bytes before a PROT_NONE page.
 */
#include "../diff/fs_support.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>

struct dirent64_header {
	uint64_t inode;
	int64_t next;
	unsigned short length;
	unsigned char type;
	char name[];
};

/* Counts the entries in the `count` bytes getdents64 returned. */
static int entries_in(const char *buffer, long count)
{
	int entries = 0;
	for (long at = 0; at < count; entries++)
		at += ((const struct dirent64_header *)(buffer + at))->length;
	return entries;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	enter_scratch();
	char *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(pages + 4096, 4096, PROT_NONE);
	char *half = pages + 4096 - 96;
	char data[512];
	memset(data, 'd', sizeof data);

	/* A tmpfs file: read, pread, readv and write stop at the bad page. */
	int file = open("file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK("write 512 bytes", write(file, data, sizeof data));
	CHECK("lseek to 0", lseek(file, 0, SEEK_SET));
	CHECK("read 200 into a buffer half in PROT_NONE", read(file, half, 200));
	CHECK("the offset moved by what was copied", lseek(file, 0, SEEK_CUR));
	CHECK("pread 200 at 0, half in PROT_NONE", pread(file, half, 200, 0));
	struct iovec vectors[2] = { { half, 200 }, { data, 16 } };
	CHECK("preadv: the first vector half in PROT_NONE", preadv(file, vectors, 2, 0));
	CHECK("read with the first byte bad", read(file, pages + 4096, 200));
	int written = open("written", O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(half, 'w', 96);
	CHECK("write 200 from a buffer half in PROT_NONE", write(written, half, 200));
	struct stat status;
	fstat(written, &status);
	printf("the file holds %lld bytes\n", (long long)status.st_size);

	/* getrandom: the bytes before the bad page. */
	CHECK("getrandom 200, half in PROT_NONE", syscall(SYS_getrandom, half, 200, 0));

	/* getdents64: the whole entries that fit before the bad page, and
	 * the rest on the next call. */
	for (int index = 0; index < 12; index++) {
		char name[32];
		snprintf(name, sizeof name, "entry-with-a-long-name-%02d", index);
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	int directory = open(".", O_RDONLY | O_DIRECTORY);
	long first = syscall(SYS_getdents64, directory, half, 4096);
	printf("getdents64 half in PROT_NONE: %s\n", first > 0 && first <= 96 ? "some entries, all before the bad page" : "wrong");
	int seen = first > 0 ? entries_in(half, first) : 0;
	long rest = syscall(SYS_getdents64, directory, pages, 4096);
	seen += rest > 0 ? entries_in(pages, rest) : 0;
	printf("entries seen over both calls: %d\n", seen);
	CHECK("getdents64 with the first byte bad", syscall(SYS_getdents64, directory, pages + 4096, 4096));

	/* Copies qemu-user does not check. */
	CHECK("clock_getres into PROT_NONE", syscall(SYS_clock_getres, CLOCK_MONOTONIC, pages + 4096));
	CHECK("nanosleep with the request in PROT_NONE", syscall(SYS_nanosleep, pages + 4096, NULL));
	CHECK("getitimer into NULL", syscall(SYS_getitimer, ITIMER_REAL, NULL));
	CHECK("get_robust_list into PROT_NONE", syscall(SYS_get_robust_list, 0, pages + 4096, pages));
	CHECK("get_robust_list length into NULL", syscall(SYS_get_robust_list, 0, pages, NULL));

	leave_scratch();
	printf("still running\n");
	return 0;
}
