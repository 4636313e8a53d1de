/*
 * What file operations cost on one file system: sequential and random
 * reads and writes, and small-file create, stat and unlink, in the
 * directory argv[1] (default /bench-files on the root file system: tmpfs
 * on Runikraft, the initramfs rootfs on the Linux VM). An ordinary Linux
 * program: scripts/bench-files.sh builds it for Runikraft and for Linux
 * and boots both under qemu -icount shift=0, where one instruction is one
 * nanosecond of guest time, on the in-memory root, a 9p share and a disk.
 *
 * The throughput rows measure the storage, not a cache, the same way on
 * both systems: the sequential write is 8 MiB of write(2) then fsync(2),
 * timed together, so the data has reached the device (on the root file
 * system fsync has nothing to do); the sequential read follows
 * posix_fadvise(POSIX_FADV_DONTNEED) of the whole file, which makes a
 * system that caches file data drop the clean pages (Linux's page cache
 * over the disk), so the read goes to the device (its own readahead
 * included). The random rows are 4 KiB pwrite(2)s, then pread(2)s, at
 * block-aligned offsets of the file just read, without fsync: where the
 * system caches file data (Linux's ext2 after that read, either root file
 * system) they are memory operations; where it does not (9p with Linux's
 * default cache=none, Runikraft's 9p and ext2 today) each is a request to
 * the device.
 *
 * Output, two lines per measure:
 *     bench: <measure>-cpu <nanoseconds>
 *     bench: <measure> <value>
 * or one, bench: <measure> failed: <reason>. Throughputs (seq-*) are MiB
 * per second of guest time; the others are guest nanoseconds per
 * operation, which are instructions while the processor runs. <measure>-cpu
 * is the process's CPU time (CLOCK_PROCESS_CPUTIME_ID) per operation (per
 * 64 KiB call for seq-*): the guest time the program's thread ran, without
 * waits for a device. On Linux it leaves out the interrupts and context
 * switches that happen while the thread sleeps; on Runikraft only idle
 * time is left out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define INSTRUCTIONS_PER_TICK 100
#define DEFAULT_DIRECTORY "/bench-files"

enum {
	SEQUENTIAL_BYTES = 8 << 20,
	CHUNK = 64 << 10,
	BLOCK = 4096,
	RANDOM_ROUNDS = 2000,
	SMALL_FILES = 1000,
};

/* Aligned as malloc would align it: a char array's address is wherever the
 * linker puts it, and a misaligned buffer measures the kernel's and Linux's
 * misaligned copy paths instead of the file system. */
static _Alignas(64) char chunk[CHUNK];

static inline unsigned long ticks(void)
{
	unsigned long t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static long cpu_nanoseconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1000000000L + t.tv_nsec;
}

/* When a measure started: guest time, and the process's CPU time (guest
 * time its thread ran, not counting waits for a device). */
struct start {
	unsigned long ticks;
	long cpu;
};

static struct start now(void)
{
	return (struct start){ ticks(), cpu_nanoseconds() };
}

/* The CPU time per operation since `start`, as <measure>-cpu. */
static void report_cpu(const char *measure, struct start start, long operations)
{
	printf("bench: %s-cpu %.1f\n", measure, (double)(cpu_nanoseconds() - start.cpu) / operations);
}

static void report_rate(const char *measure, struct start start, long bytes, long operations)
{
	double nanoseconds = (double)(ticks() - start.ticks) * INSTRUCTIONS_PER_TICK;
	report_cpu(measure, start, operations);
	printf("bench: %s %.1f\n", measure, bytes / nanoseconds * 1e9 / (1 << 20));
}

static void report_cost(const char *measure, struct start start, long operations)
{
	double nanoseconds = (double)(ticks() - start.ticks) * INSTRUCTIONS_PER_TICK;
	report_cpu(measure, start, operations);
	printf("bench: %s %.1f\n", measure, nanoseconds / operations);
}

static int failed(const char *measure, const char *call)
{
	printf("bench: %s failed: %s: %s\n", measure, call, strerror(errno));
	return 0;
}

static const char *directory;
static char sequential_path[512];

static int sequential(void)
{
	int fd = open(sequential_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return failed("seq-write", "open");
	memset(chunk, 'w', sizeof chunk);
	struct start start = now();
	for (long done = 0; done < SEQUENTIAL_BYTES; done += CHUNK)
		if (write(fd, chunk, CHUNK) != CHUNK)
			return failed("seq-write", "write");
	if (fsync(fd) != 0)
		return failed("seq-write", "fsync");
	report_rate("seq-write", start, SEQUENTIAL_BYTES, SEQUENTIAL_BYTES / CHUNK);

	int error = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	if (error != 0) {
		errno = error;
		return failed("seq-read", "posix_fadvise");
	}
	lseek(fd, 0, SEEK_SET);
	start = now();
	for (long done = 0; done < SEQUENTIAL_BYTES; done += CHUNK)
		if (read(fd, chunk, CHUNK) != CHUNK)
			return failed("seq-read", "read");
	report_rate("seq-read", start, SEQUENTIAL_BYTES, SEQUENTIAL_BYTES / CHUNK);

	/* A fixed pseudo-random sequence of block offsets (xorshift). */
	unsigned long state = 88172645463325252ul;
	long blocks = SEQUENTIAL_BYTES / BLOCK;
	start = now();
	for (int i = 0; i < RANDOM_ROUNDS; i++) {
		state ^= state << 13, state ^= state >> 7, state ^= state << 17;
		if (pwrite(fd, chunk, BLOCK, (off_t)(state % blocks) * BLOCK) != BLOCK)
			return failed("rand-write", "pwrite");
	}
	report_cost("rand-write", start, RANDOM_ROUNDS);
	start = now();
	for (int i = 0; i < RANDOM_ROUNDS; i++) {
		state ^= state << 13, state ^= state >> 7, state ^= state << 17;
		if (pread(fd, chunk, BLOCK, (off_t)(state % blocks) * BLOCK) != BLOCK)
			return failed("rand-read", "pread");
	}
	report_cost("rand-read", start, RANDOM_ROUNDS);
	close(fd);
	unlink(sequential_path);
	return 1;
}

static void small_files(void)
{
	static char names[SMALL_FILES][256];
	for (int i = 0; i < SMALL_FILES; i++)
		snprintf(names[i], sizeof names[i], "%s/small%04d", directory, i);
	memset(chunk, 's', 100);
	struct start start = now();
	for (int i = 0; i < SMALL_FILES; i++) {
		int fd = open(names[i], O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 || write(fd, chunk, 100) != 100) {
			failed("create", "open+write");
			return;
		}
		close(fd);
	}
	report_cost("create", start, SMALL_FILES);
	struct stat st;
	start = now();
	for (int i = 0; i < SMALL_FILES; i++)
		if (stat(names[i], &st) != 0) {
			failed("stat", "stat");
			return;
		}
	report_cost("stat", start, SMALL_FILES);
	start = now();
	for (int i = 0; i < SMALL_FILES; i++)
		if (unlink(names[i]) != 0) {
			failed("unlink", "unlink");
			return;
		}
	report_cost("unlink", start, SMALL_FILES);
}

int main(int argc, char **argv)
{
	directory = argc > 1 ? argv[1] : DEFAULT_DIRECTORY;
	snprintf(sequential_path, sizeof sequential_path, "%s/sequential", directory);
	int made = mkdir(directory, 0755) == 0;
	if (!made && errno != EEXIST) {
		failed("seq-write", "mkdir");
		return 1;
	}
	sequential();
	small_files();
	if (made)
		rmdir(directory);
	return 0;
}
