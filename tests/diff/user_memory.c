/*
 * Bad pointers handed to the kernel: the call fails with EFAULT (or does
 * what Linux does without touching the pointer) and the program goes on.
 * The examples that once ended the whole VM: getrandom and uname into
 * read-only data, ppoll on a read-only pollfd array; then buffers half in
 * a PROT_NONE page, futex words Linux only uses as keys, and the text.
 * Cases where qemu-riscv64 is not Linux (partial copies) are in
 * tests/kernel/user_memory_linux.c.
 */
#include "fs_support.h"
#include <linux/futex.h>
#include <poll.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>

/* Read-only data (.rodata): the program may read it, the kernel may not
 * write it for the program. */
static const char rodata[8192] __attribute__((aligned(4096))) = "read-only";
static const int rodata_word __attribute__((aligned(4))) = 7;

static void *readonly(void)
{
	/* Through a volatile so the compiler cannot assume what is there. */
	const char *volatile pointer = rodata;
	return (void *)pointer;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	enter_scratch();

	/* The examples. */
	CHECK("getrandom into .rodata", syscall(SYS_getrandom, readonly(), 16, 0));
	CHECK("uname into .rodata", syscall(SYS_uname, readonly()));
	struct pollfd *fds = readonly();
	struct timespec zero = { 0, 0 };
	CHECK("ppoll on a read-only pollfd array", syscall(SYS_ppoll, fds, 1, &zero, NULL, 8));
	CHECK("poll on a read-only pollfd array", poll(fds, 1, 0));
	CHECK("fstat into .rodata", syscall(SYS_fstat, 1, readonly()));
	CHECK("clock_gettime into .rodata", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, readonly()));
	printf(".rodata still reads: %s\n", rodata);

	/* A buffer whose second half is a PROT_NONE page. */
	char *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mprotect second page PROT_NONE", mprotect(pages + 4096, 4096, PROT_NONE));
	char *half = pages + 4096 - 96;
	char data[512];
	memset(data, 'p', sizeof data);

	int pipe_fds[2];
	CHECK("pipe", pipe(pipe_fds));
	CHECK("write 300 bytes to the pipe", write(pipe_fds[1], data, 300));
	CHECK("read 200 from the pipe, half into PROT_NONE", read(pipe_fds[0], half, 200));
	CHECK("read 96 from the pipe into the good half", read(pipe_fds[0], half, 96));
	CHECK("the pipe still holds the rest", read(pipe_fds[0], data, sizeof data));
	CHECK("write from a buffer half in PROT_NONE to the pipe", write(pipe_fds[1], half, 200));
	CHECK("getcwd half into PROT_NONE", syscall(SYS_getcwd, pages + 4096 - 2, 64));
	CHECK("symlink", symlink("a-target-name-of-some-length", "link"));
	CHECK("readlinkat half into PROT_NONE", syscall(SYS_readlinkat, AT_FDCWD, "link", pages + 4096 - 8, 64));
	CHECK("readlinkat into the good half", syscall(SYS_readlinkat, AT_FDCWD, "link", pages + 4096 - 64, 64));
	CHECK("uname into PROT_NONE", syscall(SYS_uname, pages + 4096));
	CHECK("open a path in PROT_NONE", syscall(SYS_openat, AT_FDCWD, pages + 4096, O_RDONLY));
	/* A path running from a good page into PROT_NONE without its NUL. */
	memset(pages + 4096 - 16, 'n', 16);
	CHECK("open a path that runs into PROT_NONE", syscall(SYS_openat, AT_FDCWD, pages + 4096 - 16, O_RDONLY));

	/* readv from a file: the first vector filled, the second bad. */
	int file = open("file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK("write the file", write(file, data, 256));
	struct iovec vectors[2] = { { data, 16 }, { pages + 4096, 16 } };
	CHECK("readv with the second vector in PROT_NONE", preadv(file, vectors, 2, 0));
	vectors[0].iov_base = pages + 4096;
	CHECK("readv with the first vector in PROT_NONE", preadv(file, vectors, 2, 0));
	CHECK("read from the file into .rodata", pread(file, readonly(), 16, 0));
	CHECK("the file's offset did not move", lseek(file, 0, SEEK_CUR));

	/* The text: readable, never writable. */
	CHECK("write from the text", write(pipe_fds[1], (void *)&main, 16));
	CHECK("read into the text", read(pipe_fds[0], (void *)&main, 16));

	/* Futex words. A private wake only uses the address as a key; a wait
	 * reads the word; FUTEX_WAKE_OP writes its second word. */
	int *ro_word = (int *)&rodata_word;
	CHECK("FUTEX_WAKE_PRIVATE on NULL", syscall(SYS_futex, NULL, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	CHECK("FUTEX_WAKE_PRIVATE on PROT_NONE", syscall(SYS_futex, pages + 4096, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	CHECK("FUTEX_WAKE on NULL", syscall(SYS_futex, NULL, FUTEX_WAKE, 1, NULL, NULL, 0));
	CHECK("FUTEX_WAKE on PROT_NONE", syscall(SYS_futex, pages + 4096, FUTEX_WAKE, 1, NULL, NULL, 0));
	CHECK("FUTEX_WAKE on a read-only word", syscall(SYS_futex, ro_word, FUTEX_WAKE, 1, NULL, NULL, 0));
	CHECK("FUTEX_WAIT_PRIVATE on a read-only word", syscall(SYS_futex, ro_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
	CHECK("FUTEX_WAIT_PRIVATE on PROT_NONE", syscall(SYS_futex, pages + 4096, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
	CHECK("FUTEX_WAIT_PRIVATE misaligned", syscall(SYS_futex, pages + 2, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
	int word = 0;
	CHECK("FUTEX_WAKE_OP on a read-only second word",
	      syscall(SYS_futex, &word, FUTEX_WAKE_OP_PRIVATE, 1, 1, ro_word, 0));
	CHECK("FUTEX_WAKE_OP on a writable second word",
	      syscall(SYS_futex, &word, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word, FUTEX_OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_EQ, 0)));
	printf("the word after FUTEX_OP_ADD 5: %d\n", word);
	CHECK("FUTEX_WAKE_PRIVATE wrapping past the top", syscall(SYS_futex, (void *)-4L, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));

	/* Huge lengths and ranges past the top of memory. */
	CHECK("read with a length past the top", read(file, pages, (size_t)-1 / 2));
	CHECK("write from a range wrapping around", write(pipe_fds[1], (void *)-16L, 32));
	CHECK("getrandom into a range wrapping around", syscall(SYS_getrandom, (void *)-16L, 32, 0));

	leave_scratch();
	printf("still running\n");
	return 0;
}
