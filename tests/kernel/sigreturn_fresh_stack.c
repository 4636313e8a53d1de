// rt_sigreturn runs on the program's stack, just below the signal frame, and
// may touch a page of it nothing touched yet (demand-zero memory): a handler
// on a fresh alternate stack, its frame placed at every 16-byte offset near
// the bottom of a page, so that the kernel's own calls during rt_sigreturn
// (deeper when a second signal is taken on the way out) reach into the
// untouched page below. Each must come back to the caller intact.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096
// The riscv64 signal frame the kernel pushes: siginfo (128) + ucontext (960).
#define FRAME 1088

static volatile int first, second;

static void on_first(int signal) {
    first++;
    // Pending now, taken on the way out of this handler's rt_sigreturn,
    // on the interrupted (main) stack.
    if (signal == SIGUSR1) raise(SIGUSR2);
}

// Leaf handlers: they touch nothing of their stack themselves.
static void on_second(int signal) { (void)signal; second++; }

static int run(size_t offset, int chained) {
    char *map = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) return -1;
    // The frame starts `offset` bytes above the second page's start; the
    // pages below it are untouched.
    stack_t alternate = { .ss_sp = map, .ss_size = PAGE + offset + FRAME, .ss_flags = 0 };
    if (sigaltstack(&alternate, NULL) != 0) return -1;
    first = second = 0;
    volatile long canary = 0x5eed0000 + (long)offset;
    raise(chained ? SIGUSR1 : SIGHUP);
    int ok = canary == 0x5eed0000 + (long)offset && first == 1 && second == (chained ? 1 : 0);
    alternate.ss_flags = SS_DISABLE;
    sigaltstack(&alternate, NULL);
    munmap(map, 3 * PAGE);
    return ok ? 0 : 1;
}

int main(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_first;
    action.sa_flags = SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    sigaction(SIGHUP, &action, NULL);
    sigaddset(&action.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &action, NULL);
    action.sa_handler = on_second;
    action.sa_flags = 0;
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR2, &action, NULL);

    int failures = 0;
    for (int chained = 0; chained < 2; chained++)
        for (size_t offset = 0; offset < 1024; offset += 16)
            if (run(offset, chained) != 0) {
                printf("offset %zu%s: wrong state after the handler\n", offset, chained ? " (chained)" : "");
                failures++;
            }
    printf("%d failures\n", failures);
    return failures != 0;
}
