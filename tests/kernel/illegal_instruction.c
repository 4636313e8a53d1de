// __builtin_trap() executes an illegal instruction: a crash report, and the
// status of a SIGILL death.
// expect-status: 132
#include <stdio.h>

int main(void) {
    puts("trapping");
    fflush(stdout);
    __builtin_trap();
}
