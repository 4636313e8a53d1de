// A store through a NULL pointer two calls deep: the kernel reports the
// fault with registers and a backtrace through g, f and main, and the
// program ends as a shell shows a SIGSEGV death.
// expect-status: 139
// expect-backtrace: g f main
#include <stdio.h>

__attribute__((noinline)) static void g(volatile int *p) { *p = 42; }
__attribute__((noinline)) static void f(volatile int *p) { g(p); puts("not reached"); }

int main(int argc, char **argv) {
    (void)argv;
    puts("before the fault");
    fflush(stdout);
    f(argc > 100 ? (volatile int *)&argc : NULL);
    return 0;
}
