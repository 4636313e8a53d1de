// The program tests/tooling/run.sh traces: one call of each kind the
// decoder shows — a path and flags, an errno, a buffer, memory flags, a
// clock, a signal mask, and the exit that does not return.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    int fd = open("/etc/app.conf", O_RDONLY | O_CLOEXEC);
    write(1, "hi\tthere\n", 9);
    void *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p, 8192);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    close(42);
    return fd < 0 ? 3 : 0;
}
