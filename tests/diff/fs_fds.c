/*
 * Descriptors: lowest-free numbering, dup/dup2/dup3 and F_DUPFD sharing
 * one open file description (offset, status flags), FD_CLOEXEC, F_GETFL/
 * F_SETFL, record locks accepted, RLIMIT_NOFILE (EMFILE), O_PATH, ioctl
 * FIONREAD/FIONBIO/FIOCLEX, statx/fstatat/AT_EMPTY_PATH, access,
 * chmod/chown/utimensat, statfs.
 */
#include "fs_support.h"
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <linux/stat.h>
#include <time.h>

static void numbering(void)
{
	int a = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int b = open("f", O_RDONLY);
	printf("first two: %d %d\n", a, b);
	close(a);
	CHECK("reuses the lowest", open("f", O_RDONLY));
	CHECK("dup", dup(b));
	CHECK("dup2 to 20", dup2(b, 20));
	CHECK("dup2 same fd", dup2(b, b));
	CHECK("dup2 bad source", dup2(99, 21));
	CHECK("dup3 O_CLOEXEC", dup3(b, 21, O_CLOEXEC));
	CHECK("F_GETFD of dup3'd", fcntl(21, F_GETFD));
	CHECK("F_GETFD of dup2'd", fcntl(20, F_GETFD));
	CHECK("F_DUPFD from 100", fcntl(b, F_DUPFD, 100));
	CHECK("F_DUPFD from 100 again", fcntl(b, F_DUPFD, 100));
	CHECK("F_DUPFD_CLOEXEC from 30", fcntl(b, F_DUPFD_CLOEXEC, 30));
	CHECK("F_GETFD", fcntl(30, F_GETFD));
	CHECK("F_SETFD 0", fcntl(30, F_SETFD, 0));
	CHECK("F_GETFD after", fcntl(30, F_GETFD));
	CHECK("F_DUPFD negative", fcntl(b, F_DUPFD, -1));
	CHECK("O_CLOEXEC open", fcntl(open("f", O_RDONLY | O_CLOEXEC), F_GETFD));
	for (int fd = 3; fd < 110; fd++)
		close(fd);
}

static void sharing(void)
{
	int a = open("s", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(a, "0123456789", 10);
	int b = dup(a);
	lseek(a, 3, SEEK_SET);
	CHECK("dup shares the offset", lseek(b, 0, SEEK_CUR));
	int c = open("s", O_RDONLY);
	CHECK("a new open has its own", lseek(c, 0, SEEK_CUR));
	CHECK("F_GETFL & O_ACCMODE", fcntl(a, F_GETFL) & O_ACCMODE);
	CHECK("F_SETFL O_APPEND|O_NONBLOCK", fcntl(a, F_SETFL, O_APPEND | O_NONBLOCK));
	CHECK("dup sees O_APPEND", (fcntl(b, F_GETFL) & O_APPEND) != 0);
	CHECK("dup sees O_NONBLOCK", (fcntl(b, F_GETFL) & O_NONBLOCK) != 0);
	CHECK("other open does not", (fcntl(c, F_GETFL) & O_APPEND) != 0);
	CHECK("F_SETFL cannot change access mode", (fcntl(a, F_SETFL, O_RDONLY), fcntl(a, F_GETFL) & O_ACCMODE));
	struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	CHECK("F_SETLK write lock", fcntl(a, F_SETLK, &lock));
	CHECK("F_GETLK", fcntl(a, F_GETLK, &lock));
	printf("F_GETLK type is F_UNLCK: %s\n", lock.l_type == F_UNLCK ? "yes" : "no");
	lock.l_type = F_WRLCK;
	CHECK("write lock on O_RDONLY", fcntl(c, F_SETLK, &lock));
	lock.l_type = F_UNLCK;
	CHECK("unlock", fcntl(a, F_SETLKW, &lock));
	int pending = -1;
	CHECK("FIONREAD on a file", (lseek(c, 4, SEEK_SET), ioctl(c, FIONREAD, &pending)));
	printf("FIONREAD: %d\n", pending);
	int on = 1;
	CHECK("FIONBIO", ioctl(c, FIONBIO, &on));
	CHECK("O_NONBLOCK now set", (fcntl(c, F_GETFL) & O_NONBLOCK) != 0);
	CHECK("FIOCLEX", ioctl(c, FIOCLEX));
	CHECK("F_GETFD after FIOCLEX", fcntl(c, F_GETFD));
	CHECK("FIONCLEX", ioctl(c, FIONCLEX));
	CHECK("F_GETFD after FIONCLEX", fcntl(c, F_GETFD));
	CHECK("TCGETS on a file", ioctl(c, TCGETS, &pending) < 0 ? (errno == ENOTTY ? 1 : 2) : 0);
	close(a);
	CHECK("closing one dup leaves the other", write(b, "X", 1));
	close(b);
	close(c);
}

static void limits(void)
{
	struct rlimit limit = {16, 16};
	CHECK("setrlimit NOFILE 16", setrlimit(RLIMIT_NOFILE, &limit));
	int last = -1, fd;
	while ((fd = open("f", O_RDONLY)) >= 0)
		last = fd;
	printf("last descriptor: %d, then %s\n", last, errno_name(errno));
	CHECK("dup at the limit", dup(0));
	CHECK("dup2 beyond the limit", dup2(0, 16));
	CHECK("F_DUPFD beyond the limit", fcntl(0, F_DUPFD, 16));
	for (fd = 3; fd <= last; fd++)
		close(fd);
	limit.rlim_cur = limit.rlim_max = 1024;
	setrlimit(RLIMIT_NOFILE, &limit);
}

static void path_descriptors(void)
{
	mkdir("pd", 0755);
	make_file("pd/file", "abc");
	int dir = open("pd", O_PATH | O_DIRECTORY);
	CHECK("openat through an O_PATH dir", openat(dir, "file", O_RDONLY) >= 0);
	int file = open("pd/file", O_PATH);
	char buffer[8];
	CHECK("read O_PATH", read(file, buffer, 1));
	CHECK("write O_PATH", write(file, buffer, 1));
	CHECK("F_GETFL has O_PATH", (fcntl(file, F_GETFL) & O_PATH) != 0);
	CHECK("dup O_PATH", dup(file) > 0);
	struct stat st;
	CHECK("fstatat AT_EMPTY_PATH", fstatat(file, "", &st, AT_EMPTY_PATH));
	printf("size via O_PATH: %lld\n", (long long)st.st_size);
	CHECK("fstatat empty path without flag", fstatat(file, "", &st, 0));
	struct statx sx;
	CHECK("statx", syscall(SYS_statx, AT_FDCWD, "pd/file", 0, STATX_BASIC_STATS, &sx));
	printf("statx: size %llu mode %o nlink %u mask has basic: %s\n", (unsigned long long)sx.stx_size,
	       sx.stx_mode & 07777, (unsigned)sx.stx_nlink, (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS ? "yes" : "no");
	CHECK("statx AT_EMPTY_PATH", syscall(SYS_statx, file, "", AT_EMPTY_PATH, STATX_SIZE, &sx));
	CHECK("statx bad flags", syscall(SYS_statx, AT_FDCWD, "pd/file", 0x80000000, STATX_SIZE, &sx));
	close(file);
	close(dir);
}

static void attributes(void)
{
	make_file("attr", "12345");
	struct stat st;
	CHECK("chmod 0600", chmod("attr", 0600));
	stat("attr", &st);
	printf("mode %o\n", st.st_mode & 07777);
	CHECK("chmod 04755", chmod("attr", 04755));
	stat("attr", &st);
	printf("mode %o\n", st.st_mode & 07777);
	int fd = open("attr", O_RDONLY);
	CHECK("fchmod 0444", fchmod(fd, 0444));
	stat("attr", &st);
	printf("mode %o\n", st.st_mode & 07777);
	CHECK("chmod missing", chmod("missing", 0600));
	CHECK("chown to 1234:5678", chown("attr", 1234, 5678));
	stat("attr", &st);
	printf("owner %u:%u\n", st.st_uid, st.st_gid);
	CHECK("fchown -1:42", fchown(fd, -1, 42));
	stat("attr", &st);
	printf("owner %u:%u\n", st.st_uid, st.st_gid);
	symlink("attr", "attrlink");
	CHECK("lchown on the link", lchown("attrlink", 7, 7));
	stat("attr", &st);
	printf("target owner unchanged: %u\n", st.st_uid);
	struct timespec times[2] = {{1000000000, 5}, {1200000000, 7}};
	CHECK("utimensat", utimensat(AT_FDCWD, "attr", times, 0));
	stat("attr", &st);
	printf("atime %lld.%ld mtime %lld.%ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	struct timespec omit[2] = {{0, UTIME_OMIT}, {1300000000, 0}};
	CHECK("utimensat UTIME_OMIT", utimensat(AT_FDCWD, "attr", omit, 0));
	stat("attr", &st);
	printf("atime %lld mtime %lld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);
	struct timespec bad[2] = {{0, 2000000000}, {0, 0}};
	CHECK("utimensat bad nsec", utimensat(AT_FDCWD, "attr", bad, 0));
	CHECK("futimens now", futimens(fd, NULL));
	stat("attr", &st);
	printf("mtime is recent: %s\n", st.st_mtim.tv_sec > 1600000000 ? "yes" : "no");
	CHECK("access F_OK", access("attr", F_OK));
	CHECK("access R_OK|W_OK", access("attr", R_OK | W_OK));
	chmod("attr", 0644);
	CHECK("access X_OK without x bits", access("attr", X_OK));
	chmod("attr", 0744);
	CHECK("access X_OK with one", access("attr", X_OK));
	CHECK("access missing", access("missing", F_OK));
	CHECK("faccessat2 AT_EACCESS", syscall(SYS_faccessat2, AT_FDCWD, "attr", R_OK, AT_EACCESS));
	close(fd);
	struct statfs fs;
	CHECK("statfs", statfs(".", &fs));
	printf("statfs block size positive: %s, name max %ld\n", fs.f_bsize > 0 ? "yes" : "no", (long)fs.f_namelen);
	CHECK("fstatfs bad fd", fstatfs(99, &fs));
	CHECK("statfs missing", statfs("missing", &fs));
}

int main(void)
{
	enter_scratch();
	numbering();
	sharing();
	limits();
	path_descriptors();
	attributes();
	leave_scratch();
	return 0;
}
