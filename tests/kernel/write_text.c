// A store into the program's own code: text is mapped read+execute, so the
// kernel stops it with a report that names the text segment.
// expect-status: 139
#include <stdio.h>

__attribute__((noinline)) static int victim(int x) { return x + 1; }

int main(void) {
    puts("writing to text");
    fflush(stdout);
    volatile unsigned *code = (volatile unsigned *)(void *)victim;
    *code = 0;
    printf("not reached: %d\n", victim(1));
    return 0;
}
