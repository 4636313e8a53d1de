/*
 * Descriptor exhaustion: with RLIMIT_NOFILE lowered to 64, opening files
 * fails with EMFILE once the numbers below 64 are taken (the highest is
 * 63, whatever the runtime holds open itself), as do dup, F_DUPFD and
 * pipe; numbers at or above the limit are EBADF for dup2 and EINVAL for
 * F_DUPFD and poll; an open that would create a file fails before it
 * does; a closed number is handed out again. setrlimit refuses
 * a soft limit above the hard one (EINVAL) and a hard one above fs.nr_open
 * (EPERM).
 */
#include <poll.h>
#include <sys/resource.h>

#include "fs_support.h"

/* The result of a call that returns -1 and sets errno on failure. */
static void show(const char *what, int result)
{
	printf("%s: %s\n", what, result < 0 ? errno_name(errno) : "ok");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	enter_scratch();
	struct rlimit limit = {64, 64};
	show("setrlimit(NOFILE, 64/64)", setrlimit(RLIMIT_NOFILE, &limit));
	getrlimit(RLIMIT_NOFILE, &limit);
	printf("getrlimit: %llu/%llu\n", (unsigned long long)limit.rlim_cur, (unsigned long long)limit.rlim_max);

	int highest = -1, fd;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0) highest = fd;
	printf("open until it fails: %s, highest descriptor %d\n", errno_name(errno), highest);
	show("open(O_CREAT) of a new file", open("new", O_CREAT | O_WRONLY, 0644));
	show("  and the file was not created: access", access("new", F_OK));
	show("dup(0)", dup(0));
	show("fcntl(0, F_DUPFD, 0)", fcntl(0, F_DUPFD, 0));
	int ends[2];
	show("pipe", pipe(ends));
	show("dup2(0, 64)", dup2(0, 64));
	show("dup2(0, 63)", dup2(0, 63));
	show("fcntl(0, F_DUPFD, 64)", fcntl(0, F_DUPFD, 64));
	struct pollfd polled[65];
	for (int i = 0; i < 65; i++) polled[i] = (struct pollfd){.fd = 0, .events = POLLIN};
	show("poll(65 descriptors)", poll(polled, 65, 0));
	show("poll(64 descriptors)", poll(polled, 64, 0));

	close(40);
	printf("after close(40), open gives %d\n", open("/dev/null", O_RDONLY));
	close(40);
	close(41);
	show("pipe after closing two", pipe(ends));
	printf("its ends: %d %d\n", ends[0], ends[1]);

	limit = (struct rlimit){128, 64};
	show("setrlimit(NOFILE, 128/64)", setrlimit(RLIMIT_NOFILE, &limit));
	limit = (struct rlimit){2 << 20, 2 << 20};
	show("setrlimit(NOFILE, 2M/2M)", setrlimit(RLIMIT_NOFILE, &limit));
	limit = (struct rlimit){RLIM_INFINITY, RLIM_INFINITY};
	show("setrlimit(NOFILE, infinity)", setrlimit(RLIMIT_NOFILE, &limit));
	limit = (struct rlimit){32, 64};
	show("setrlimit(NOFILE, 32/64)", setrlimit(RLIMIT_NOFILE, &limit));
	show("open with soft limit 32 and 64 open", open("/dev/null", O_RDONLY));
	show("dup2(0, 40) above the soft limit", dup2(0, 40));
	for (fd = 3; fd < 64; fd++) close(fd);
	highest = -1;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0) highest = fd;
	printf("after closing all, open until it fails: %s, highest descriptor %d\n", errno_name(errno), highest);
	for (fd = 3; fd < 64; fd++) close(fd);
	leave_scratch();
	return 0;
}
