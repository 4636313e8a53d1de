#include "config.h"
#include <math.h>
#include <stdio.h>

#ifndef HAVE_SYS_EPOLL_H
#define HAVE_SYS_EPOLL_H 0
#endif
#ifndef HAVE_GNU_LIBC_VERSION_H
#define HAVE_GNU_LIBC_VERSION_H 0
#endif
#ifndef HAVE_CLOCK_GETTIME
#define HAVE_CLOCK_GETTIME 0
#endif
#ifndef HAVE_INOTIFY_INIT1
#define HAVE_INOTIFY_INIT1 0
#endif
#ifndef HAVE_NO_SUCH_FUNCTION_ANYWHERE
#define HAVE_NO_SUCH_FUNCTION_ANYWHERE 0
#endif

int main(void) {
    printf("host %s, run check: %s\n", HOST_TRIPLE, RUN_CHECK);
    printf("sys/epoll.h %d, gnu/libc-version.h %d, clock_gettime %d, inotify_init1 %d, no_such_function_anywhere %d\n",
           HAVE_SYS_EPOLL_H, HAVE_GNU_LIBC_VERSION_H, HAVE_CLOCK_GETTIME, HAVE_INOTIFY_INIT1,
           HAVE_NO_SUCH_FUNCTION_ANYWHERE);
    printf("sqrt(2) = %.6f\n", sqrt(2.0));
    return 0;
}
