#include <stdio.h>
#include "config.h"

void greet(const char *name) {
    printf("hello, %s\n", name);
    printf("sys/epoll.h %d, gnu/libc-version.h %d, clock_gettime %d, inotify_init1 %d, __runikraft__ %d\n",
           HAVE_SYS_EPOLL_H, HAVE_GNU_LIBC_VERSION_H, HAVE_CLOCK_GETTIME, HAVE_INOTIFY_INIT1,
           HAVE_RUNIKRAFT_MACRO);
}
