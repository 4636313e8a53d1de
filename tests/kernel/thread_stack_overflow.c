// Unbounded recursion on a second thread runs into the guard page musl puts
// below every thread stack (mapped PROT_NONE); the report names thread 2.
// expect-status: 139
#include <pthread.h>
#include <stdio.h>

__attribute__((noinline)) static int deeper(volatile char *previous, int depth) {
    volatile char frame[512];
    frame[0] = previous ? previous[0] + 1 : 0;
    return deeper(frame, depth + 1) + frame[0];
}

static void *run(void *argument) {
    (void)argument;
    return (void *)(long)deeper(0, 0);
}

int main(void) {
    puts("recursing on a thread");
    fflush(stdout);
    pthread_t thread;
    if (pthread_create(&thread, 0, run, 0) != 0) return 1;
    pthread_join(thread, 0);
    puts("not reached");
    return 0;
}
