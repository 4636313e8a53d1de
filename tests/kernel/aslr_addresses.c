// Prints where this boot put the program's code (text), its globals (data),
// its GOT, the heap (malloc and brk), an anonymous mapping, the main stack
// and the stack canary; tests/aslr.sh boots it many times and checks that
// the values differ.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

extern uintptr_t __stack_chk_guard;
// The linker defines it at the GOT (ELF psABI for RISC-V).
extern char _GLOBAL_OFFSET_TABLE_[];

static int counter = 1;

int main(void) {
    int local = 0;
    void *heap = malloc(64);
    void *mapping = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("text %p data %p got %p heap %p brk %p mmap %p stack %p canary-nonzero %d\n", (void *)main,
           (void *)&counter, (void *)_GLOBAL_OFFSET_TABLE_, heap, sbrk(0), mapping, (void *)&local,
           __stack_chk_guard != 0);
    if (getenv("SHOW_CANARY")) printf("canary %#lx\n", (unsigned long)__stack_chk_guard);
    return 0;
}
