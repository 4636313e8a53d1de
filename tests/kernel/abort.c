// Signals a program sends itself: a handler runs at once, SIG_IGN ignores,
// a blocked signal waits until unblocked, and abort() ends the program with
// status 134 as on Linux, after the crash report a fault gets.
// expect-status: 134
// expect-backtrace: raise abort main
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static volatile int handled;

static void on_signal(int signal) { handled = signal; }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGUSR1, on_signal);
    raise(SIGUSR1);
    printf("handler ran for signal %d\n", handled);

    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    puts("SIGUSR2 ignored");

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    handled = 0;
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    sigset_t pending;
    sigpending(&pending);
    printf("blocked: handled %d, pending %d\n", handled, sigismember(&pending, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("unblocked: handled %d\n", handled);

    puts("aborting");
    abort();
}
