/* riscv_flush_icache(2): make earlier stores to memory visible to this
 * hart's instruction fetches (needed by JITs and self-modifying code).
 * musl's generic src/linux/cache.c first looks for the call in the vDSO;
 * Runikraft has no vDSO, so this asks the kernel directly. */

#include "syscall.h"

int __riscv_flush_icache(void *start, void *end, unsigned long flags)
{
	return syscall(SYS_riscv_flush_icache, start, end, flags);
}

weak_alias(__riscv_flush_icache, riscv_flush_icache);
