// A store into a string literal: rodata is mapped read-only.
// expect-status: 139
#include <stdio.h>

static const char greeting[] = "read-only";

int main(void) {
    puts("writing to rodata");
    fflush(stdout);
    volatile char *p = (volatile char *)greeting;
    p[0] = 'R';
    puts("not reached");
    return 0;
}
