// A failed assert two calls deep: musl prints the assertion and aborts, and
// the kernel reports SIGABRT with the call chain back through the caller.
// expect-status: 134
// expect-backtrace: raise abort __assert_fail check outer main
#include <assert.h>
#include <stdio.h>

__attribute__((noinline)) static void check(int value) { assert(value == 1); }
__attribute__((noinline)) static void outer(int value) { check(value + 1); puts("not reached"); }

int main(int argc, char **argv) {
    (void)argv;
    outer(argc);
    return 0;
}
