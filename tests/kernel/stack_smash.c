// The classic overflow: strcpy of an argument longer than the buffer on the
// stack. runikraft-cc compiles with -fstack-protector-strong by default, so
// the canary check in copy()'s epilogue calls musl's __stack_chk_fail, and
// the kernel reports the smash (status 139: musl's __stack_chk_fail
// crashes with SIGSEGV, on Linux too).
// expect-status: 139
// expect-backtrace: __stack_chk_fail copy
#include <stdio.h>
#include <string.h>

__attribute__((noinline)) void copy(const char *text) {
    char buffer[16];
    strcpy(buffer, text);
    printf("copied %zu bytes\n", strlen(buffer));
}

int main(int argc, char **argv) {
    copy(argc > 1 ? argv[1] : "short");
    fflush(stdout);
    return 0;
}
