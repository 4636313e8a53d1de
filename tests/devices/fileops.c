/*
 * File operations in the directory given: each step prints its result
 * (or the errno name), so the same program's output on a 9p share, an
 * ext2 disk and Linux can be compared line for line.
 */
#include "../diff/fs_support.h"

int main(int argc, char **argv)
{
	if (argc != 2 || chdir(argv[1]) != 0)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	CHECK("mkdir d", mkdir("d", 0755));
	CHECK("mkdir d again", mkdir("d", 0755));
	int fd = open("d/f", O_RDWR | O_CREAT | O_EXCL, 0644);
	CHECK("create d/f", fd >= 0 ? 0 : -1);
	CHECK("create d/f again", open("d/f", O_RDWR | O_CREAT | O_EXCL, 0644));
	CHECK("write", write(fd, "hello, files\n", 13));
	CHECK("pwrite past the end", pwrite(fd, "!", 1, 20));
	struct stat st;
	CHECK("fstat", fstat(fd, &st));
	printf("size %lld, regular %d, links %lu\n", (long long)st.st_size, S_ISREG(st.st_mode), (unsigned long)st.st_nlink);
	char buffer[64] = {0};
	CHECK("pread", pread(fd, buffer, sizeof buffer, 0));
	printf("data: %s|%d|%c\n", buffer, buffer[15], buffer[20]);
	CHECK("ftruncate 5", ftruncate(fd, 5));
	CHECK("fsync", fsync(fd));
	CHECK("close", close(fd));
	CHECK("stat size after truncate", stat("d/f", &st) == 0 ? st.st_size : -1);
	CHECK("link", link("d/f", "d/g"));
	CHECK("stat links", stat("d/f", &st) == 0 ? (long)st.st_nlink : -1);
	CHECK("symlink", symlink("f", "d/s"));
	ssize_t n = readlink("d/s", buffer, sizeof buffer - 1);
	CHECK("readlink", n);
	if (n >= 0) {
		buffer[n] = 0;
		printf("target %s\n", buffer);
	}
	CHECK("rename g to h", rename("d/g", "d/h"));
	CHECK("mkdir d/sub", mkdir("d/sub", 0700));
	CHECK("rename h into sub", rename("d/h", "d/sub/h"));
	list_directory("d", "d");
	list_directory("d/sub", "d/sub");
	CHECK("rmdir non-empty", rmdir("d/sub"));
	CHECK("unlink a directory", unlink("d/sub"));
	CHECK("rmdir a file", rmdir("d/f"));
	CHECK("unlink sub/h", unlink("d/sub/h"));
	CHECK("rmdir sub", rmdir("d/sub"));
	CHECK("open missing", open("d/missing", O_RDONLY));
	CHECK("open file as directory", open("d/f/x", O_RDONLY));
	CHECK("chmod", chmod("d/f", 0600));
	CHECK("stat mode", stat("d/f", &st) == 0 ? (long)(st.st_mode & 0777) : -1);
	CHECK("unlink f", unlink("d/f"));
	CHECK("unlink s", unlink("d/s"));
	list_directory("d", "d");
	CHECK("rmdir d", rmdir("d"));
	return 0;
}
