// A jump into an array on the stack holding a valid instruction (ret): the
// stack is never executable.
// expect-status: 139
#include <stdio.h>
#include <string.h>

int main(void) {
    volatile unsigned code[4] = {0x00008067};   // jalr x0, 0(ra)
    puts("calling into the stack");
    fflush(stdout);
    ((void (*)(void))(void *)code)();
    puts("not reached");
    return 0;
}
