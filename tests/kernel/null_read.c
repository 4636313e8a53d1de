// A load through a NULL struct pointer at a small offset: the first MiB of
// the address space is never mapped.
// expect-status: 139
#include <stdio.h>

struct record { long header[64]; long value; };

int main(int argc, char **argv) {
    (void)argv;
    struct record *volatile r = argc > 100 ? (struct record *)argv : 0;
    puts("reading through NULL");
    fflush(stdout);
    printf("not reached: %ld\n", r->value);
    return 0;
}
