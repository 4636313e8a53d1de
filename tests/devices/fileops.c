/*
 * File operations in the directory given: each step prints its result
 * (or the errno name), so the same program's output on a 9p share, an
 * ext2 disk and Linux can be compared line for line.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *errno_name(int error)
{
	switch (error) {
	case EEXIST: return "EEXIST";
	case ENOENT: return "ENOENT";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case ENOTEMPTY: return "ENOTEMPTY";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case EXDEV: return "EXDEV";
	case ELOOP: return "ELOOP";
	case EBADF: return "EBADF";
	default: return "other";
	}
}

static void report(const char *what, long result)
{
	if (result < 0)
		printf("%s: %s\n", what, errno_name(errno));
	else
		printf("%s: %ld\n", what, result);
}

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path)
{
	DIR *dir = opendir(path);
	if (!dir) {
		printf("opendir %s: %s\n", path, errno_name(errno));
		return;
	}
	char *names[64];
	int count = 0;
	struct dirent *entry;
	while ((entry = readdir(dir)) && count < 64)
		names[count++] = strdup(entry->d_name);
	closedir(dir);
	qsort(names, count, sizeof names[0], compare);
	printf("%s:", path);
	for (int i = 0; i < count; i++)
		printf(" %s", names[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	if (argc != 2 || chdir(argv[1]) != 0)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	report("mkdir d", mkdir("d", 0755));
	report("mkdir d again", mkdir("d", 0755));
	int fd = open("d/f", O_RDWR | O_CREAT | O_EXCL, 0644);
	report("create d/f", fd >= 0 ? 0 : -1);
	report("create d/f again", open("d/f", O_RDWR | O_CREAT | O_EXCL, 0644));
	report("write", write(fd, "hello, files\n", 13));
	report("pwrite past the end", pwrite(fd, "!", 1, 20));
	struct stat st;
	report("fstat", fstat(fd, &st));
	printf("size %lld, regular %d, links %lu\n", (long long)st.st_size, S_ISREG(st.st_mode), (unsigned long)st.st_nlink);
	char buffer[64] = {0};
	report("pread", pread(fd, buffer, sizeof buffer, 0));
	printf("data: %s|%d|%c\n", buffer, buffer[15], buffer[20]);
	report("ftruncate 5", ftruncate(fd, 5));
	report("fsync", fsync(fd));
	report("close", close(fd));
	report("stat size after truncate", stat("d/f", &st) == 0 ? st.st_size : -1);
	report("link", link("d/f", "d/g"));
	report("stat links", stat("d/f", &st) == 0 ? (long)st.st_nlink : -1);
	report("symlink", symlink("f", "d/s"));
	ssize_t n = readlink("d/s", buffer, sizeof buffer - 1);
	report("readlink", n);
	if (n >= 0) {
		buffer[n] = 0;
		printf("target %s\n", buffer);
	}
	report("rename g to h", rename("d/g", "d/h"));
	report("mkdir d/sub", mkdir("d/sub", 0700));
	report("rename h into sub", rename("d/h", "d/sub/h"));
	list("d");
	list("d/sub");
	report("rmdir non-empty", rmdir("d/sub"));
	report("unlink a directory", unlink("d/sub"));
	report("rmdir a file", rmdir("d/f"));
	report("unlink sub/h", unlink("d/sub/h"));
	report("rmdir sub", rmdir("d/sub"));
	report("open missing", open("d/missing", O_RDONLY));
	report("open file as directory", open("d/f/x", O_RDONLY));
	report("chmod", chmod("d/f", 0600));
	report("stat mode", stat("d/f", &st) == 0 ? (long)(st.st_mode & 0777) : -1);
	report("unlink f", unlink("d/f"));
	report("unlink s", unlink("d/s"));
	list("d");
	report("rmdir d", rmdir("d"));
	return 0;
}
