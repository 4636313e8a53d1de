/*
 * Pipes: pipe2 flags, reads and writes, end of file, non-blocking ends,
 * the 64 KiB capacity, atomic writes up to PIPE_BUF, EPIPE and SIGPIPE,
 * readiness in poll and select, a reader and a writer in two threads,
 * named FIFOs opened read-write.
 */
#include "fs_support.h"
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/select.h>

static volatile int pipe_signals;

static void on_pipe_signal(int signal)
{
	(void)signal;
	pipe_signals++;
}

static short poll_events(int fd, short events)
{
	struct pollfd entry = {fd, events, 0};
	poll(&entry, 1, 0);
	return entry.revents;
}

static void basics(void)
{
	int fds[2];
	char buffer[128];
	CHECK("pipe2 bad flags", pipe2(fds, O_APPEND));
	CHECK("pipe", pipe(fds));
	struct stat st;
	fstat(fds[0], &st);
	printf("read end is a FIFO: %s\n", S_ISFIFO(st.st_mode) ? "yes" : "no");
	CHECK("F_GETFL read end", fcntl(fds[0], F_GETFL) & O_ACCMODE);
	CHECK("F_GETFL write end", fcntl(fds[1], F_GETFL) & O_ACCMODE);
	CHECK("F_GETPIPE_SZ", fcntl(fds[0], F_GETPIPE_SZ));
	CHECK("read from the write end", read(fds[1], buffer, 1));
	CHECK("write to the read end", write(fds[0], "x", 1));
	CHECK("lseek on a pipe", lseek(fds[0], 0, SEEK_SET));
	CHECK("pread on a pipe", pread(fds[0], buffer, 1, 0));
	CHECK("write 11", write(fds[1], "hello pipe!", 11));
	int pending = 0;
	ioctl(fds[0], FIONREAD, &pending);
	printf("FIONREAD: %d\n", pending);
	printf("poll read end: %#x\n", poll_events(fds[0], POLLIN | POLLOUT));
	printf("poll write end: %#x\n", poll_events(fds[1], POLLIN | POLLOUT));
	CHECK("read 5", read(fds[0], buffer, 5));
	CHECK("read the rest", read(fds[0], buffer, sizeof buffer));
	CHECK("close write end", close(fds[1]));
	printf("poll after writer closed: %#x\n", poll_events(fds[0], POLLIN));
	CHECK("read at EOF", read(fds[0], buffer, sizeof buffer));
	close(fds[0]);
}

static void non_blocking(void)
{
	int fds[2];
	char buffer[512];
	CHECK("pipe2 O_NONBLOCK|O_CLOEXEC", pipe2(fds, O_NONBLOCK | O_CLOEXEC));
	CHECK("F_GETFD", fcntl(fds[0], F_GETFD));
	CHECK("empty read", read(fds[0], buffer, 1));
	long total = 0;
	ssize_t n;
	memset(buffer, 'p', sizeof buffer);
	while ((n = write(fds[1], buffer, 1)) > 0)
		total += n;
	printf("filled with single bytes: %ld, then %s\n", total, errno_name(errno));
	printf("poll full write end: %#x\n", poll_events(fds[1], POLLOUT));
	/* Free 100 bytes: a 200-byte write is all or nothing, a big one is partial. */
	read(fds[0], buffer, 100);
	CHECK("atomic 200 into 100 free", write(fds[1], buffer, 200));
	static char big[8192];
	CHECK("8192 into 100 free (not atomic)", write(fds[1], big, sizeof big));
	/* Drain, then a write bigger than the pipe is partial. */
	while (read(fds[0], big, sizeof big) > 0)
		;
	static char huge[100000];
	CHECK("100000 into an empty pipe", write(fds[1], huge, sizeof huge));
	close(fds[0]);
	close(fds[1]);
}

static void broken_pipe(void)
{
	int fds[2];
	pipe(fds);
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	CHECK("write with no reader (SIGPIPE ignored)", write(fds[1], "x", 1));
	printf("poll write end with no reader: %#x\n", poll_events(fds[1], POLLOUT));
	signal(SIGPIPE, on_pipe_signal);
	CHECK("write with no reader (handler)", write(fds[1], "x", 1));
	printf("SIGPIPE handled: %d\n", pipe_signals);
	close(fds[1]);
}

struct transfer {
	int fd;
	long bytes;
	unsigned long sum;
};

static void *writer(void *argument)
{
	struct transfer *t = argument;
	static unsigned char chunk[3000];
	for (int i = 0; i < (int)sizeof chunk; i++)
		chunk[i] = (unsigned char)(i * 7);
	long left = t->bytes;
	while (left > 0) {
		ssize_t n = write(t->fd, chunk, left < (long)sizeof chunk ? left : (long)sizeof chunk);
		if (n <= 0)
			break;
		left -= n;
	}
	close(t->fd);
	return NULL;
}

static void threads(void)
{
	int fds[2];
	pipe(fds);
	struct transfer t = {fds[1], 500000, 0};
	pthread_t thread;
	pthread_create(&thread, NULL, writer, &t);
	unsigned char buffer[1024];
	long received = 0;
	unsigned long sum = 0;
	ssize_t n;
	while ((n = read(fds[0], buffer, sizeof buffer)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			sum = sum * 31 + buffer[i];
		received += n;
	}
	pthread_join(thread, NULL);
	printf("received %ld bytes, checksum %lu\n", received, sum);
	close(fds[0]);
}

static void selecting(void)
{
	int fds[2];
	pipe(fds);
	fd_set readable, writable;
	FD_ZERO(&readable);
	FD_ZERO(&writable);
	FD_SET(fds[0], &readable);
	FD_SET(fds[1], &writable);
	struct timeval zero = {0, 0};
	CHECK("select empty pipe", select(fds[1] + 1, &readable, &writable, NULL, &zero));
	printf("readable %d writable %d\n", FD_ISSET(fds[0], &readable), FD_ISSET(fds[1], &writable));
	write(fds[1], "x", 1);
	FD_SET(fds[0], &readable);
	FD_ZERO(&writable);
	CHECK("select after a write", select(fds[1] + 1, &readable, NULL, NULL, &zero));
	struct pollfd wait = {fds[0], POLLIN, 0};
	char c;
	read(fds[0], &c, 1);
	CHECK("poll timeout on empty pipe", poll(&wait, 1, 20));
	close(fds[0]);
	close(fds[1]);
}

static void *fifo_writer(void *argument)
{
	(void)argument;
	int fd = open("fifo", O_WRONLY);
	write(fd, "hello", 5);
	close(fd);
	return NULL;
}

static void named(void)
{
	CHECK("mkfifo", mkfifo("fifo", 0644));
	struct stat st;
	stat("fifo", &st);
	printf("fifo type %c mode %o\n", type_letter(st.st_mode), st.st_mode & 0777);
	CHECK("mkfifo again", mkfifo("fifo", 0644));
	int fd = open("fifo", O_RDWR);
	CHECK("open fifo O_RDWR", fd >= 0);
	CHECK("write fifo", write(fd, "via fifo", 8));
	char buffer[16] = {0};
	CHECK("read fifo", read(fd, buffer, sizeof buffer));
	printf("fifo said: %s\n", buffer);
	close(fd);
	CHECK("O_WRONLY|O_NONBLOCK without a reader", open("fifo", O_WRONLY | O_NONBLOCK));
	int reader = open("fifo", O_RDONLY | O_NONBLOCK);
	CHECK("O_RDONLY|O_NONBLOCK", reader >= 0);
	CHECK("read with no writer yet", read(reader, buffer, sizeof buffer));
	int writer = open("fifo", O_WRONLY | O_NONBLOCK);
	CHECK("O_WRONLY|O_NONBLOCK with a reader", writer >= 0);
	close(writer);
	close(reader);
	/* Blocking opens meet: a thread opens the write end. */
	pthread_t thread;
	pthread_create(&thread, NULL, fifo_writer, NULL);
	reader = open("fifo", O_RDONLY);
	CHECK("blocking O_RDONLY returns with a writer", reader >= 0);
	memset(buffer, 0, sizeof buffer);
	ssize_t got = 0, n;
	while ((n = read(reader, buffer + got, sizeof buffer - 1 - got)) > 0)
		got += n;
	printf("from the writer thread: %s\n", buffer);
	pthread_join(thread, NULL);
	close(reader);
	unlink("fifo");
}

int main(void)
{
	enter_scratch();
	basics();
	non_blocking();
	broken_pipe();
	threads();
	selecting();
	named();
	leave_scratch();
	return 0;
}
