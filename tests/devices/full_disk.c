/*
 * A full ext2 disk, in the directory given (on a small `runikraft mkfs`
 * image): writes fill it, the last one short, then fail with ENOSPC; a
 * directory that needs a new block, mkdir and, once the inode table is
 * full, any create fail with ENOSPC too; removing files gives the space
 * back, and the same amounts fit again. The runner checks with e2fsck
 * that the disk is consistent afterwards. With --fill-memory, all memory
 * is mapped first, so the kernel's disk cache cannot grow meanwhile: the
 * output must be the same.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static const char *name(int error)
{
	return error == ENOSPC ? "ENOSPC" : strerror(error);
}

/* Writes 5000-byte chunks to a new file `path` until a write fails, then
 * fsyncs it; returns the bytes written and counts the short writes. */
static long fill(const char *path, int *shorts)
{
	static char chunk[5000];
	memset(chunk, 'x', sizeof chunk);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	long total = 0;
	ssize_t written;
	*shorts = 0;
	while ((written = write(fd, chunk, sizeof chunk)) > 0) {
		total += written;
		if (written < (ssize_t)sizeof chunk) (*shorts)++;
	}
	printf("write until it fails: %s, short writes %d\n", name(errno), *shorts);
	printf("fsync: %s\n", fsync(fd) ? name(errno) : "ok");
	close(fd);
	return total;
}

/* Creates empty files `prefix`0, `prefix`1, ... until that fails; returns
 * how many it made. */
static int create_all(const char *prefix)
{
	char path[300];
	int count = 0;
	for (;; count++) {
		snprintf(path, sizeof path, "%s%d", prefix, count);
		int fd = open(path, O_CREAT | O_WRONLY, 0644);
		if (fd < 0) break;
		close(fd);
	}
	printf("create until it fails: %s\n", name(errno));
	return count;
}

static void remove_all(const char *prefix, int count)
{
	char path[300];
	for (int i = 0; i < count; i++) {
		snprintf(path, sizeof path, "%s%d", prefix, i);
		unlink(path);
	}
}

/* Maps and touches memory until mmap fails: the kernel's block cache can
 * then not grow and works with what it has. */
static void fill_memory(void)
{
	char *p;
	while ((p = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) != MAP_FAILED)
		memset(p, 1, 65536);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[2], "--fill-memory") == 0) fill_memory();
	else if (argc != 2) return 2;
	if (chdir(argv[1]) != 0) return 2;
	setvbuf(stdout, NULL, _IONBF, 0);
	int shorts;
	struct statvfs status;

	long first = fill("big", &shorts);
	statvfs(".", &status);
	printf("statvfs: no free blocks: %s, free inodes: %s\n", status.f_bfree == 0 ? "yes" : "no",
	       status.f_ffree > 0 ? "yes" : "no");
	char last = 0;
	int fd = open("big", O_RDONLY);
	printf("the data reads back: %s\n", pread(fd, &last, 1, first - 1) == 1 && last == 'x' ? "yes" : "no");
	close(fd);
	printf("mkdir: %s\n", mkdir("dir", 0755) ? name(errno) : "ok");
	printf("symlink to a long target: %s\n",
	       symlink("a-target-long-enough-to-need-a-block-of-its-own-rather-than-the-inode", "link") ? name(errno) : "ok");

	/* Long names fill the directory's one block; the next needs another. */
	char prefix[220];
	memset(prefix, 'n', 200);
	prefix[200] = 0;
	printf("long names:\n");
	int long_names = create_all(prefix);
	statvfs(".", &status);
	printf("free inodes remain: %s\n", status.f_ffree > 0 ? "yes" : "no");
	remove_all(prefix, long_names);

	/* Short names in a fresh directory: one block holds them all. */
	unlink("big");
	printf("mkdir once there is room: %s\n", mkdir("dir", 0755) ? name(errno) : "ok");
	printf("short names:\n");
	int files = create_all("dir/");
	statvfs(".", &status);
	printf("the inode table is full: %s\n", status.f_ffree == 0 ? "yes" : "no");
	remove_all("dir/", files);
	printf("more than 100 files: %s\n", files > 100 ? "yes" : "no");
	printf("rmdir: %s\n", rmdir("dir") ? name(errno) : "ok");

	long again = fill("big", &shorts);
	printf("after removing files, the same amount again: %s\n", again == first ? "yes" : "no");
	fd = open("big", O_WRONLY);
	printf("ftruncate to half: %s\n", ftruncate(fd, first / 2) ? name(errno) : "ok");
	close(fd);
	long half = fill("other", &shorts);
	printf("another file takes the freed half: %s\n", half >= first / 2 - 8192 && half <= first / 2 + 8192 ? "yes" : "no");
	unlink("other");
	unlink("big");
	return 0;
}
