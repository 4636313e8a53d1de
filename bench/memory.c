/*
 * Anonymous memory in bulk: map 256 MiB as 64 mappings of 4 MiB, write one
 * word in every 4 KiB page, unmap them all; three rounds. Prints guest
 * instructions per page (scripts/bench-memory.sh boots it with paging on and
 * with rk.paging=off under qemu -icount shift=0, where one instruction is
 * one nanosecond and the `time` CSR ticks once per 100 instructions).
 *
 * Output:  bench: memory <instructions per page>
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

#define PAGE 4096
#define CHUNK (4u << 20)
#define CHUNKS 64
#define ROUNDS 3
#define INSTRUCTIONS_PER_TICK 100

static uint64_t ticks(void)
{
	uint64_t value;
	__asm__ volatile("rdtime %0" : "=r"(value));
	return value;
}

int main(void)
{
	static char *chunks[CHUNKS];
	uint64_t start = ticks();
	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < CHUNKS; i++) {
			void *p = mmap(0, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED) {
				printf("bench: memory failed: mmap of chunk %d\n", i);
				return 1;
			}
			chunks[i] = p;
			for (unsigned offset = 0; offset < CHUNK; offset += PAGE)
				((volatile char *)p)[offset] = 1;
		}
		for (int i = 0; i < CHUNKS; i++)
			munmap(chunks[i], CHUNK);
	}
	uint64_t pages = (uint64_t)ROUNDS * CHUNKS * (CHUNK / PAGE);
	printf("bench: memory %.1f\n", (double)(ticks() - start) * INSTRUCTIONS_PER_TICK / pages);
	return 0;
}
