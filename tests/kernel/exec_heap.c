// A jump into malloc'd memory holding a valid instruction (ret): the heap
// is never executable, so the kernel stops it before the instruction runs.
// expect-status: 139
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    static const unsigned ret = 0x00008067;   // jalr x0, 0(ra)
    void *code = malloc(64);
    memcpy(code, &ret, sizeof ret);
    puts("calling into the heap");
    fflush(stdout);
    ((void (*)(void))code)();
    puts("not reached");
    return 0;
}
