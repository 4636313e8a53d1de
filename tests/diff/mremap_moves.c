/*
 * mremap(2) moving a mapping that the program cannot read (PROT_NONE) or
 * never touched: the contents move with it. The kernel once read the old
 * pages through the program's PROT_NONE entries and faulted (found by
 * tests/fuzz/syscalls.c).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static void move(const char *label, int protection, int touch)
{
	long page = 4096;
	char *old = mmap(0, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (touch) {
		strcpy(old, "first page");
		strcpy(old + 2 * page, "third page");
	}
	// Keep the two pages after it busy, so that growing has to move.
	munmap(old + 3 * page, page);
	char *blocker = mmap(old + 3 * page, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	mprotect(old, 3 * page, protection);
	char *moved = mremap(old, 3 * page, 64 * page, MREMAP_MAYMOVE);
	if (moved == MAP_FAILED) {
		printf("%s: mremap failed\n", label);
		return;
	}
	printf("%s: moved %s\n", label, moved != old ? "yes" : "no");
	mprotect(moved, 64 * page, PROT_READ);
	printf("%s: contents \"%s\" \"%s\" %d %d\n", label, moved, moved + 2 * page, moved[page], moved[63 * page]);
	munmap(moved, 64 * page);
	if (blocker != MAP_FAILED)
		munmap(blocker, page);
}

int main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	move("read-write", PROT_READ | PROT_WRITE, 1);
	move("PROT_NONE", PROT_NONE, 1);
	move("PROT_NONE untouched", PROT_NONE, 0);
	move("read-only", PROT_READ, 1);
	return 0;
}
