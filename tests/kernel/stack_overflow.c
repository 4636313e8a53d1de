// Unbounded recursion on the main thread runs into the guard page below the
// stack; the report says so and names the thread (the main thread's id is
// the process id, 1).
// expect-status: 139
#include <stdio.h>

__attribute__((noinline)) static int deeper(volatile char *previous, int depth) {
    volatile char frame[1024];
    frame[0] = previous ? previous[0] + 1 : 0;
    return deeper(frame, depth + 1) + frame[0];
}

int main(void) {
    puts("recursing");
    fflush(stdout);
    return deeper(0, 0);
}
