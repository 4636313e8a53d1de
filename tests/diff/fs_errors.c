/*
 * Error cases of path calls, each against Linux: ENOENT, EEXIST, ENOTDIR,
 * EISDIR, ENOTEMPTY, EBADF, EINVAL, EXDEV, ELOOP, ENAMETOOLONG, EFAULT.
 */
#include "fs_support.h"
#include <sys/syscall.h>

int main(void)
{
	enter_scratch();
	struct stat st;
	char buffer[64];
	make_file("file", "data");
	mkdir("dir", 0755);
	make_file("dir/x", "");

	/* ENOENT */
	CHECK("open empty path", open("", O_RDONLY));
	CHECK("stat empty path", stat("", &st));
	CHECK("missing component", open("nothing/file", O_RDONLY));
	CHECK("create in missing dir", open("nothing/file", O_CREAT | O_WRONLY, 0644));
	CHECK("unlink missing", unlink("nothing"));
	CHECK("mkdir under missing", mkdir("nothing/d", 0755));
	CHECK("symlink empty target", symlink("", "s"));
	/* EEXIST */
	CHECK("mkdir existing file", mkdir("file", 0755));
	CHECK("mkdir existing dir", mkdir("dir", 0755));
	CHECK("mkdir .", mkdir(".", 0755));
	CHECK("symlink onto file", symlink("x", "file"));
	CHECK("mknod fifo onto file", mknod("file", S_IFIFO | 0644, 0));
	/* ENOTDIR */
	CHECK("file as directory", open("file/x", O_RDONLY));
	CHECK("stat file/", stat("file/", &st));
	CHECK("open file/", open("file/", O_RDONLY));
	CHECK("mkdir under file", mkdir("file/d", 0755));
	CHECK("rmdir file", rmdir("file"));
	CHECK("opendir file", opendir("file") ? 0 : -1);
	CHECK("chdir file", chdir("file"));
	/* EISDIR */
	CHECK("open dir O_WRONLY", open("dir", O_WRONLY));
	CHECK("open dir O_RDWR", open("dir", O_RDWR));
	CHECK("open dir O_CREAT", open("dir", O_CREAT | O_RDONLY, 0644));
	CHECK("open dir/ O_CREAT", open("newdir/", O_CREAT | O_RDWR, 0644));
	CHECK("unlink dir", unlink("dir"));
	CHECK("truncate dir", truncate("dir", 0));
	/* ENOTEMPTY */
	CHECK("rmdir non-empty", rmdir("dir"));
	mkdir("other", 0755);
	make_file("other/y", "");
	CHECK("rename dir onto non-empty", rename("other", "dir"));
	/* EBADF */
	CHECK("read closed fd", read(77, buffer, 1));
	CHECK("write negative fd", write(-1, buffer, 1));
	CHECK("close twice", (close(dup(0)), close(3)));
	CHECK("fstat bad fd", fstat(99, &st));
	CHECK("lseek bad fd", lseek(99, 0, SEEK_SET));
	CHECK("fsync bad fd", fsync(99));
	CHECK("fchdir bad fd", fchdir(99));
	CHECK("getdents bad fd", syscall(SYS_getdents64, 99, buffer, sizeof buffer));
	int regular = open("file", O_RDONLY);
	CHECK("getdents on a file", syscall(SYS_getdents64, regular, buffer, sizeof buffer));
	int directory = open("dir", O_RDONLY);
	CHECK("getdents buffer too small", syscall(SYS_getdents64, directory, buffer, 8));
	close(directory);
	close(regular);
	int path = open("file", O_PATH);
	CHECK("read O_PATH fd", read(path, buffer, 1));
	CHECK("fstat O_PATH fd", fstat(path, &st));
	CHECK("fchmod O_PATH fd", fchmod(path, 0600));
	close(path);
	/* EINVAL */
	CHECK("lseek bad whence", lseek(0 + open("file", O_RDONLY), 0, 99));
	CHECK("dup3 same fd", dup3(0, 0, 0));
	CHECK("dup3 bad flags", dup3(0, 50, 0x4));
	CHECK("fcntl bad command", fcntl(0, 9999));
	CHECK("unlinkat bad flags", unlinkat(AT_FDCWD, "file", 0x4));
	CHECK("faccessat bad mode", faccessat(AT_FDCWD, "file", 0x10, 0));
	CHECK("readlink not a link", readlink("file", buffer, sizeof buffer));
	CHECK("rename dir into itself", rename("dir", "dir/sub"));
	/* EXDEV: /proc is another file system on both. */
	CHECK("rename across file systems", rename("file", "/proc/rkfs-file"));
	/* ELOOP */
	symlink("self", "self");
	CHECK("open self-loop", open("self", O_RDONLY));
	CHECK("stat through loop", stat("self/x", &st));
	CHECK("O_NOFOLLOW on link", open("self", O_RDONLY | O_NOFOLLOW));
	/* ENAMETOOLONG */
	char longname[300];
	memset(longname, 'n', 256);
	longname[256] = 0;
	CHECK("component of 256", open(longname, O_CREAT | O_WRONLY, 0644));
	longname[255] = 0;
	CHECK("component of 255", open(longname, O_CREAT | O_WRONLY, 0644) >= 0);
	CHECK("unlink 255", unlink(longname));
	static char longpath[5000];
	for (int i = 0; i < 4999; i += 2) {
		longpath[i] = 'a';
		longpath[i + 1] = '/';
	}
	longpath[4999] = 0;
	CHECK("path of 4999", stat(longpath, &st));
	memset(longname, 'm', 280);
	longname[280] = 0;
	CHECK("mkdir long component", mkdir(longname, 0755));
	/* EFAULT */
	CHECK("stat NULL path", stat(NULL, &st));
	CHECK("open bad pointer", open((char *)16, O_RDONLY));
	CHECK("read into NULL", read(open("file", O_RDONLY), NULL, 4));
	leave_scratch();
	return 0;
}
