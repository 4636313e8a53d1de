/*
 * Page protections as mmap(2), mprotect(2), mremap(2) and madvise(2) set
 * them: which accesses fault (caught as SIGSEGV and left with siglongjmp),
 * that contents survive protection changes, that fresh and discarded pages
 * read as zero, and the errors Linux gives for bad arguments. (musl rounds
 * an unaligned mprotect to whole pages itself, so that is not asked.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static sigjmp_buf recovery;
static volatile sig_atomic_t faults;

static void on_segv(int signal)
{
	(void)signal;
	faults++;
	siglongjmp(recovery, 1);
}

/* Whether reading (write == 0) or writing the byte at p faults. */
static const char *try_access(volatile char *p, int write)
{
	int before = faults;
	if (sigsetjmp(recovery, 1) == 0) {
		if (write)
			*p = 7;
		else
			(void)*p;
	}
	return faults != before ? "faults" : "ok";
}

static void report(const char *what, long result)
{
	if (result == -1)
		printf("%s -> -1 %s\n", what, strerror(errno));
	else
		printf("%s -> %ld\n", what, result);
}

static char *map(size_t length, int protection)
{
	void *p = mmap(0, length, protection, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? 0 : p;
}

static int all_zero(const char *p, size_t length)
{
	for (size_t i = 0; i < length; i++)
		if (p[i])
			return 0;
	return 1;
}

int main(void)
{
	struct sigaction action = {.sa_handler = on_segv};
	sigemptyset(&action.sa_mask);
	sigaction(SIGSEGV, &action, 0);

	/* Fresh memory reads zero; each protection allows what it says. */
	char *p = map(4 * PAGE, PROT_READ | PROT_WRITE);
	printf("fresh pages zero: %s\n", all_zero(p, 4 * PAGE) ? "yes" : "no");
	printf("read-write: read %s, write %s\n", try_access(p, 0), try_access(p, 1));
	p[PAGE] = 42;
	report("mprotect none", mprotect(p, 2 * PAGE, PROT_NONE));
	printf("none: read %s, write %s\n", try_access(p + PAGE, 0), try_access(p + PAGE, 1));
	printf("page after it still read-write: write %s\n", try_access(p + 2 * PAGE, 1));
	report("mprotect read", mprotect(p, 2 * PAGE, PROT_READ));
	printf("read-only: read %s, write %s, contents kept: %s\n", try_access(p + PAGE, 0),
	       try_access(p + PAGE, 1), p[PAGE] == 42 ? "yes" : "no");
	report("mprotect write only", mprotect(p, PAGE, PROT_WRITE));
	printf("write-only: write %s\n", try_access(p, 1));
	report("mprotect read-write", mprotect(p, 2 * PAGE, PROT_READ | PROT_WRITE));
	printf("read-write again: write %s\n", try_access(p + PAGE, 1));

	/* Mapped without access from the start, as musl maps thread stacks. */
	char *q = map(2 * PAGE, PROT_NONE);
	printf("PROT_NONE mapping: read %s\n", try_access(q, 0));
	report("mprotect its second page read-write", mprotect(q + PAGE, PAGE, PROT_READ | PROT_WRITE));
	printf("guard still faults: %s, page above: write %s\n", try_access(q, 1), try_access(q + PAGE, 1));
	report("write(2) from the guard page", write(STDOUT_FILENO, q, 16));

	/* A path string read up to the end of a readable page: cut off by the
	 * page with no access above it (EFAULT), or ending in its last byte. */
	char *text = map(2 * PAGE, PROT_READ | PROT_WRITE);
	report("mprotect the page above a path none", mprotect(text + PAGE, PAGE, PROT_NONE));
	for (size_t start = PAGE - 21; start <= PAGE - 13; start++) {
		memset(text + PAGE - 32, 'x', 32);
		text[PAGE - 32] = '/';
		printf("path of %zu bytes running into it: ", PAGE - start);
		report("open", open(text + start, O_RDONLY));
		text[PAGE - 1] = 0;
		printf("path of %zu bytes ending at the page end: ", PAGE - 1 - start);
		report("open", open(text + start, O_RDONLY));
	}
	char *r = map(PAGE, PROT_READ);
	printf("PROT_READ mapping: read %s, write %s, zero: %s\n", try_access(r, 0), try_access(r, 1),
	       all_zero(r, PAGE) ? "yes" : "no");

	/* Argument errors. */
	report("mprotect unknown bits", mprotect(p, PAGE, 0x40));
	report("munmap unaligned", munmap(p + 1, PAGE));
	report("munmap length 0", munmap(p, 0));
	errno = 0;
	void *bad = mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap length 0 -> %s %s\n", bad == MAP_FAILED ? "MAP_FAILED" : "mapped", strerror(errno));
	errno = 0;
	bad = mmap(0, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0);
	printf("mmap neither private nor shared -> %s %s\n", bad == MAP_FAILED ? "MAP_FAILED" : "mapped",
	       strerror(errno));
	errno = 0;
	bad = mmap(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1);
	printf("mmap unaligned offset -> %s %s\n", bad == MAP_FAILED ? "MAP_FAILED" : "mapped", strerror(errno));

	/* MAP_FIXED replaces contents. (MAP_FIXED_NOREPLACE is not asked:
	 * qemu-riscv64 7.2, the oracle, treats it as a hint.) */
	memset(p, 1, 2 * PAGE);
	char *fixed = mmap(p, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("MAP_FIXED at the same place: %s, zero: %s, next page kept: %s\n", fixed == p ? "yes" : "no",
	       all_zero(p, PAGE) ? "yes" : "no", p[PAGE] == 1 ? "yes" : "no");

	/* madvise(MADV_DONTNEED) discards: the pages read zero again. */
	memset(p, 9, 4 * PAGE);
	report("madvise dontneed", madvise(p + PAGE, 2 * PAGE, MADV_DONTNEED));
	printf("discarded pages zero: %s, others kept: %s\n", all_zero(p + PAGE, 2 * PAGE) ? "yes" : "no",
	       p[0] == 9 && p[3 * PAGE] == 9 ? "yes" : "no");

	/* mremap keeps contents and protection. */
	char *s = map(2 * PAGE, PROT_READ | PROT_WRITE);
	memset(s, 5, 2 * PAGE);
	char *grown = mremap(s, 2 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
	printf("mremap grow: %s, contents kept: %s, new part zero: %s\n", grown == MAP_FAILED ? "failed" : "ok",
	       grown != MAP_FAILED && grown[0] == 5 && grown[2 * PAGE - 1] == 5 ? "yes" : "no",
	       grown != MAP_FAILED && all_zero(grown + 2 * PAGE, 62 * PAGE) ? "yes" : "no");
	char *shrunk = mremap(grown, 64 * PAGE, PAGE, 0);
	printf("mremap shrink in place: %s\n", shrunk == grown ? "yes" : "no");
	report("mprotect the part given up", mprotect(grown + PAGE, PAGE, PROT_READ));
	/* Memory from malloc is mapped too (protections kept as they are). */
	char *heap = aligned_alloc(PAGE, 2 * PAGE);
	report("mprotect malloc'd pages read-write", mprotect(heap, 2 * PAGE, PROT_READ | PROT_WRITE));
	heap[0] = 1;
	free(heap);
	report("munmap", munmap(shrunk, PAGE));
	printf("after munmap: read %s\n", try_access(shrunk, 0));
	report("mprotect after munmap", mprotect(shrunk, PAGE, PROT_READ));

	printf("faults caught: %d\n", (int)faults);
	return 0;
}
