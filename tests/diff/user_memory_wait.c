// A pipe read or write that waits, then finds its buffer gone: another
// thread unmaps (or protects) it while the call sleeps. The call is EFAULT,
// as on Linux, where the copy after the wait fails, and the data waiting in
// the pipe stays there; before, the kernel faulted copying into the page.
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static char *page;

static void pause_ms(long ms) {
    struct timespec t = {0, ms * 1000000L};
    nanosleep(&t, NULL);
}

static const char *outcome(ssize_t n) {
    static char text[64];
    if (n < 0) snprintf(text, sizeof text, "-1 %s", errno == EFAULT ? "EFAULT" : strerror(errno));
    else snprintf(text, sizeof text, "%zd", n);
    return text;
}

static void *unmap_then_write(void *unused) {
    (void)unused;
    pause_ms(100);
    munmap(page, 4096);
    if (write(fds[1], "data", 4) != 4) puts("write into the pipe failed");
    return NULL;
}

// What protect_then_drain read; printed by the main thread after the join,
// so that the output's order does not depend on which thread runs first.
static long drained;

static void *protect_then_drain(void *unused) {
    (void)unused;
    pause_ms(100);
    mprotect(page, 8192, PROT_NONE);
    static char sink[4096];
    ssize_t n;
    while ((n = read(fds[0], sink, sizeof sink)) > 0) drained += n;
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pthread_t thread;

    if (pipe(fds) != 0) return 1;
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    pthread_create(&thread, NULL, unmap_then_write, NULL);
    printf("read into a buffer unmapped while waiting: %s\n", outcome(read(fds[0], page, 4096)));
    pthread_join(thread, NULL);
    char rest[8] = {0};
    ssize_t n = read(fds[0], rest, sizeof rest);
    printf("the data is still in the pipe: %s \"%.4s\"\n", outcome(n), rest);
    close(fds[0]);
    close(fds[1]);

    if (pipe(fds) != 0) return 1;
    page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(page, 'x', 8192);
    // Fill the pipe, so that the next write waits.
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    while (write(fds[1], page, 4096) > 0) {}
    fcntl(fds[1], F_SETFL, 0);
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    pthread_create(&thread, NULL, protect_then_drain, NULL);
    printf("write from a buffer protected while waiting: %s\n", outcome(write(fds[1], page, 8192)));
    pthread_join(thread, NULL);
    printf("the other thread drained the full pipe: %s\n", drained > 0 ? "yes" : "no");
    return 0;
}
