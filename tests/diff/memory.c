/*
 * Memory: the malloc family (sizes, alignment, contents across realloc,
 * zeroing, errors) and anonymous mappings (mmap, mremap, madvise, mprotect,
 * munmap, with their error cases), plus sbrk as musl allows it. Addresses
 * differ between systems, so only properties are printed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static const char *yes(int condition)
{
	return condition ? "yes" : "no";
}

/*
 * Compilers know the malloc family: they may drop an allocation whose result
 * is unused, assume it succeeded, or assume it leaves errno alone. Calls
 * whose failure or errno is under test go through these opaque pointers.
 */
static void *(*volatile opaque_malloc)(size_t) = malloc;
static void *(*volatile opaque_calloc)(size_t, size_t) = calloc;
static void *(*volatile opaque_realloc)(void *, size_t) = realloc;
static void *(*volatile opaque_aligned_alloc)(size_t, size_t) = aligned_alloc;
static void (*volatile opaque_free)(void *) = free;

static int aligned(const void *p, size_t alignment)
{
	return ((uintptr_t)p & (alignment - 1)) == 0;
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

static int intact(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i * 7))
			return 0;
	return 1;
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* A fixed pseudo-random sequence, so both systems do the same operations. */
static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state >> 8;
}

static void malloc_sizes(void)
{
	int ok_align = 1, ok_usable = 1, ok_contents = 1;
	for (size_t size = 1; size <= (1u << 20); size = size * 3 / 2 + 1) {
		unsigned char *p = malloc(size);
		if (p == NULL) {
			printf("malloc(%zu) failed\n", size);
			continue;
		}
		ok_align &= aligned(p, alignof(max_align_t));
		ok_usable &= malloc_usable_size(p) >= size;
		fill(p, size, (unsigned)size);
		ok_contents &= intact(p, size, (unsigned)size);
		free(p);
	}
	printf("malloc 1 B .. 1 MiB: aligned to %zu %s, usable size >= size %s, contents %s\n",
	       alignof(max_align_t), yes(ok_align), yes(ok_usable), yes(ok_contents));
	printf("malloc_usable_size(NULL) = %zu\n", malloc_usable_size(NULL));

	void *zero = opaque_malloc(0);
	opaque_free(zero);
	printf("malloc(0) then free: survived\n");
	opaque_free(NULL);
	printf("free(NULL): survived\n");

	unsigned char *big = opaque_malloc(8 << 20);
	if (big != NULL) {
		memset(big, 0x5a, 8 << 20);
		printf("malloc 8 MiB and touch every byte: %s\n", yes(big[0] == 0x5a && big[(8 << 20) - 1] == 0x5a));
		free(big);
	}
}

/* Live blocks under a fixed mix of malloc, realloc and free. */
static void malloc_churn(void)
{
	enum { SLOTS = 128, STEPS = 4000 };
	static unsigned char *block[SLOTS];
	static size_t length[SLOTS];
	static unsigned seed[SLOTS];
	uint32_t state = 12345;
	int ok = 1, failures = 0;

	for (int step = 0; step < STEPS; step++) {
		int slot = next_random(&state) % SLOTS;
		uint32_t r = next_random(&state);
		size_t size = r % 4 == 0 ? r % 65536 + 1 : r % 512 + 1;
		if (block[slot] != NULL)
			ok &= intact(block[slot], length[slot], seed[slot]);
		if (block[slot] == NULL) {
			block[slot] = malloc(size);
		} else if (r % 3 == 0) {
			free(block[slot]);
			block[slot] = NULL;
			continue;
		} else {
			size_t kept = size < length[slot] ? size : length[slot];
			unsigned char *moved = realloc(block[slot], size);
			if (moved == NULL) {
				failures++;
				continue;
			}
			ok &= intact(moved, kept, seed[slot]);
			block[slot] = moved;
		}
		if (block[slot] == NULL) {
			failures++;
			continue;
		}
		ok &= aligned(block[slot], alignof(max_align_t));
		length[slot] = size;
		seed[slot] = (unsigned)step;
		fill(block[slot], size, seed[slot]);
	}
	for (int slot = 0; slot < SLOTS; slot++) {
		if (block[slot] != NULL)
			ok &= intact(block[slot], length[slot], seed[slot]);
		free(block[slot]);
	}
	printf("%d steps of malloc/realloc/free: contents and alignment kept %s, failures %d\n",
	       STEPS, yes(ok), failures);
}

static void calloc_and_realloc(void)
{
	unsigned char *dirty = opaque_malloc(4096);
	memset(dirty, 0xff, 4096);
	opaque_free(dirty);
	unsigned char *clean = opaque_calloc(64, 64);
	printf("calloc after a dirty free is zeroed: %s\n", yes(clean != NULL && all_zero(clean, 4096)));
	free(clean);
	unsigned char *large = opaque_calloc(1, 3 << 20);
	printf("calloc 3 MiB is zeroed: %s\n", yes(large != NULL && all_zero(large, 3 << 20)));
	free(large);

	errno = 0;
	void *p = opaque_calloc(SIZE_MAX / 2, 3);
	printf("calloc overflowing size_t -> %s errno %s\n", p ? "pointer" : "NULL", strerror(errno));
	free(p);

	unsigned char *grow = realloc(NULL, 10);
	fill(grow, 10, 1);
	int ok = 1;
	size_t size = 10;
	for (size_t next = 17; next <= (2u << 20); next = next * 2 + 3) {
		grow = realloc(grow, next);
		ok &= grow != NULL && intact(grow, size, 1);
		fill(grow, next, 1);
		size = next;
	}
	grow = realloc(grow, 5);
	ok &= grow != NULL && intact(grow, 5, 1);
	printf("realloc 10 B .. 2 MiB .. 5 B keeps contents: %s\n", yes(ok));

	errno = 0;
	void *same = opaque_realloc(grow, SIZE_MAX - PAGE);
	printf("realloc to SIZE_MAX - 4096 -> %s errno %s, old block intact %s\n",
	       same ? "pointer" : "NULL", strerror(errno), yes(intact(grow, 5, 1)));
	free(grow);

	errno = 0;
	p = opaque_malloc(SIZE_MAX - PAGE);
	printf("malloc(SIZE_MAX - 4096) -> %s errno %s\n", p ? "pointer" : "NULL", strerror(errno));
	free(p);
}

static void aligned_allocations(void)
{
	int ok = 1;
	for (size_t alignment = sizeof(void *); alignment <= (1u << 20); alignment *= 2) {
		void *p = NULL;
		int r = posix_memalign(&p, alignment, 100);
		ok &= r == 0 && aligned(p, alignment) && malloc_usable_size(p) >= 100;
		if (p)
			memset(p, 1, 100);
		free(p);
	}
	printf("posix_memalign 8 B .. 1 MiB alignment: %s\n", yes(ok));

	void *p = (void *)1;
	int r = posix_memalign(&p, 24, 8);
	printf("posix_memalign(alignment 24) -> %s, pointer untouched %s\n", strerror(r), yes(p == (void *)1));
	r = posix_memalign(&p, 4, 8);
	printf("posix_memalign(alignment 4) -> %s\n", strerror(r));

	p = aligned_alloc(PAGE, 2 * PAGE);
	printf("aligned_alloc(4096, 8192): page aligned %s\n", yes(p != NULL && aligned(p, PAGE)));
	free(p);
	p = aligned_alloc(64 * 1024, 64 * 1024);
	printf("aligned_alloc(64 KiB, 64 KiB): aligned %s\n", yes(p != NULL && aligned(p, 64 * 1024)));
	free(p);
	errno = 0;
	p = opaque_aligned_alloc(3, 9);
	printf("aligned_alloc(3, 9) -> %s errno %s\n", p ? "pointer" : "NULL", strerror(errno));
	free(p);
	p = memalign(256, 1000);
	printf("memalign(256, 1000): aligned %s\n", yes(p != NULL && aligned(p, 256)));
	free(p);
}

static void report_error(const char *what, int failed)
{
	printf("%s fails: %s, errno %s\n", what, yes(failed), strerror(errno));
}

static void anonymous_mappings(void)
{
	size_t size = 16 * PAGE;
	unsigned char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap 64 KiB: %s, page aligned %s, zero-filled %s\n", yes(p != MAP_FAILED),
	       yes(aligned(p, PAGE)), yes(p != MAP_FAILED && all_zero(p, size)));
	if (p == MAP_FAILED)
		return;
	fill(p, size, 3);

	int read_only = mprotect(p, PAGE, PROT_READ);
	int read_write = mprotect(p, PAGE, PROT_READ | PROT_WRITE);
	printf("mprotect read-only -> %d, back to read-write -> %d\n", read_only, read_write);

	printf("madvise(MADV_DONTNEED) on 2 pages -> %d\n", madvise(p + 4 * PAGE, 2 * PAGE, MADV_DONTNEED));
	printf("  those pages read zero: %s, the rest kept: %s\n", yes(all_zero(p + 4 * PAGE, 2 * PAGE)),
	       yes(intact(p, 4 * PAGE, 3)));
	fill(p, size, 3);

	size_t bigger = 256 * PAGE;
	unsigned char *q = mremap(p, size, bigger, MREMAP_MAYMOVE);
	printf("mremap 64 KiB -> 1 MiB: %s, contents kept %s, new part zero %s\n", yes(q != MAP_FAILED),
	       yes(q != MAP_FAILED && intact(q, size, 3)),
	       yes(q != MAP_FAILED && all_zero(q + size, bigger - size)));
	if (q == MAP_FAILED)
		return;
	unsigned char *r = mremap(q, bigger, 2 * PAGE, 0);
	printf("mremap shrink to 8 KiB: stays in place %s, contents kept %s\n", yes(r == q),
	       yes(r != MAP_FAILED && intact(r, 2 * PAGE, 3)));
	printf("munmap -> %d\n", munmap(q, 2 * PAGE));

	unsigned char *odd = mmap(NULL, 5000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap 5000 B: %s, whole last page usable %s\n", yes(odd != MAP_FAILED),
	       yes(odd != MAP_FAILED && all_zero(odd, 2 * PAGE)));
	printf("munmap 5000 B -> %d\n", munmap(odd, 5000));

	unsigned char *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	printf("mmap MAP_SHARED|MAP_ANONYMOUS: %s, zero-filled %s\n", yes(shared != MAP_FAILED),
	       yes(shared != MAP_FAILED && all_zero(shared, PAGE)));
	munmap(shared, PAGE);

	int total = 0;
	for (int i = 0; i < 64; i++) {
		unsigned char *m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED || !all_zero(m, 3 * PAGE))
			break;
		memset(m, 0xee, 3 * PAGE);
		total += munmap(m, 3 * PAGE) == 0;
	}
	printf("64 rounds of mmap, dirty, munmap (each new mapping zeroed): %d\n", total);
}

static void mapping_errors(void)
{
	errno = 0;
	void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_ANONYMOUS, -1, 0);
	report_error("mmap without MAP_PRIVATE or MAP_SHARED", p == MAP_FAILED);
	errno = 0;
	p = mmap(NULL, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	report_error("mmap of length 0", p == MAP_FAILED);
	errno = 0;
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, -1, 0);
	report_error("mmap of fd -1 without MAP_ANONYMOUS", p == MAP_FAILED);

	unsigned char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	errno = 0;
	report_error("munmap of an unaligned address", munmap(m + 1, PAGE) != 0);
	errno = 0;
	report_error("munmap of length 0", munmap(m, 0) != 0);
	errno = 0;
	report_error("madvise of an unaligned address", madvise(m + 1, PAGE, MADV_DONTNEED) != 0);
	printf("munmap -> %d\n", munmap(m, 2 * PAGE));
}

static void program_break(void)
{
	void *brk0 = sbrk(0);
	printf("sbrk(0) succeeds: %s\n", yes(brk0 != (void *)-1));
	errno = 0;
	void *grown = sbrk(PAGE);
	/* musl refuses to move the break: it would collide with its own malloc. */
	printf("sbrk(4096) -> %s errno %s\n", grown == (void *)-1 ? "-1" : "pointer", strerror(errno));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("page size %ld, getpagesize %d\n", sysconf(_SC_PAGESIZE), getpagesize());
	malloc_sizes();
	malloc_churn();
	calloc_and_realloc();
	aligned_allocations();
	anonymous_mappings();
	mapping_errors();
	program_break();
	return 0;
}
