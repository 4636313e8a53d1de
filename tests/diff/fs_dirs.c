/*
 * Directories: mkdir/rmdir, listings (getdents64 through readdir), the
 * current directory (chdir, fchdir, getcwd, *at relative to a directory
 * descriptor), rename in its forms, and link counts of directories.
 */
#include "fs_support.h"
#include <linux/fs.h>
#include <sys/syscall.h>

static int rename2(const char *from, const char *to, unsigned flags)
{
	return syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
}

/* getcwd with the scratch directory's own path cut off. */
static void show_cwd(const char *label)
{
	char buffer[4096];
	if (!getcwd(buffer, sizeof buffer)) {
		printf("%s: getcwd %s\n", label, errno_name(errno));
		return;
	}
	size_t length = strlen(scratch_path);
	printf("%s: %s\n", label, strncmp(buffer, scratch_path, length) == 0 ? buffer + length : buffer);
}

static void make_and_remove(void)
{
	struct stat st;
	CHECK("mkdir d", mkdir("d", 0755));
	CHECK("mkdir d again", mkdir("d", 0755));
	CHECK("mkdir d/e/f (missing parent)", mkdir("d/e/f", 0755));
	CHECK("mkdir d/e", mkdir("d/e", 0700));
	CHECK("mkdir trailing slash", mkdir("d/g/", 0755));
	stat("d", &st);
	printf("d: %c %o links %ld\n", type_letter(st.st_mode), st.st_mode & 07777, (long)st.st_nlink);
	stat("d/e", &st);
	printf("d/e: %o links %ld\n", st.st_mode & 07777, (long)st.st_nlink);
	make_file("d/file", "x");
	list_directory("d", "d");
	CHECK("rmdir non-empty", rmdir("d"));
	CHECK("rmdir a file", rmdir("d/file"));
	CHECK("unlink a directory", unlink("d/e"));
	CHECK("rmdir d/e", rmdir("d/e"));
	CHECK("rmdir d/g/", rmdir("d/g/"));
	CHECK("rmdir missing", rmdir("d/nothing"));
	CHECK("rmdir .", rmdir("d/."));
	CHECK("rmdir ..", rmdir("d/.."));
	stat("d", &st);
	printf("d links after: %ld\n", (long)st.st_nlink);
	CHECK("mkdir with mode 01777", mkdir("sticky", 01777));
	stat("sticky", &st);
	printf("sticky mode %o\n", st.st_mode & 07777);
}

static char buffer_for_cwd[4096];

static void current_directory(void)
{
	show_cwd("cwd");
	CHECK("chdir d", chdir("d"));
	show_cwd("cwd");
	CHECK("chdir ..", chdir(".."));
	show_cwd("cwd");
	CHECK("chdir to a file", chdir("d/file"));
	CHECK("chdir missing", chdir("missing"));
	int fd = open("d", O_RDONLY | O_DIRECTORY);
	CHECK("fchdir", fchdir(fd));
	show_cwd("cwd");
	chdir("..");
	CHECK("openat relative to dirfd", openat(fd, "file", O_RDONLY) >= 0);
	CHECK("mkdirat relative to dirfd", mkdirat(fd, "sub", 0755));
	struct stat st;
	CHECK("fstatat relative", fstatat(fd, "sub", &st, 0));
	CHECK("unlinkat AT_REMOVEDIR", unlinkat(fd, "sub", AT_REMOVEDIR));
	CHECK("unlinkat bad flag", unlinkat(fd, "file", 0x1));
	int file = open("d/file", O_RDONLY);
	CHECK("openat relative to a file", openat(file, "x", O_RDONLY));
	CHECK("openat with a bad dirfd", openat(99, "x", O_RDONLY));
	CHECK("absolute path ignores bad dirfd", openat(99, "/", O_RDONLY) >= 0);
	CHECK("fchdir to a file", fchdir(file));
	close(file);
	close(fd);
	char small[2];
	CHECK("getcwd too small", getcwd(small, sizeof small) ? 0 : -1);
	mkdir("gone", 0755);
	chdir("gone");
	CHECK("rmdir the current directory", rmdir("../gone"));
	CHECK("getcwd in a removed directory", getcwd(buffer_for_cwd, sizeof buffer_for_cwd) ? 0 : -1);
	CHECK("create in a removed directory", open("x", O_CREAT | O_WRONLY, 0644));
	CHECK("chdir .. from a removed directory", chdir(scratch_path));
	CHECK("O_DIRECTORY on a file", open("d/file", O_RDONLY | O_DIRECTORY));
	CHECK("open dir for writing", open("d", O_WRONLY));
	CHECK("read from a directory", (fd = open("d", O_RDONLY), read(fd, small, 1)));
	close(fd);
}

static void renames(void)
{
	make_file("a", "A");
	make_file("b", "B");
	mkdir("r1", 0755);
	mkdir("r2", 0755);
	make_file("r2/inside", "I");
	CHECK("rename file over file", rename("a", "b"));
	show_file("b", "b");
	CHECK("old name gone", access("a", F_OK));
	CHECK("rename to itself", rename("b", "b"));
	CHECK("rename missing", rename("nothing", "x"));
	CHECK("rename file over dir", rename("b", "r1"));
	CHECK("rename dir over file", rename("r1", "b"));
	CHECK("rename dir over non-empty dir", rename("r1", "r2"));
	CHECK("rename dir into itself", rename("r2", "r2/sub"));
	CHECK("rename dir over empty dir", rename("r2", "r1"));
	list_directory("r1", "r1");
	CHECK("rename into a subdirectory", rename("b", "r1/b"));
	list_directory("r1", "r1");
	CHECK("rename with a trailing slash on a file", rename("r1/b", "r1/c/"));
	CHECK("RENAME_NOREPLACE onto existing", rename2("r1/b", "r1/inside", RENAME_NOREPLACE));
	CHECK("RENAME_NOREPLACE to a new name", rename2("r1/b", "r1/c", RENAME_NOREPLACE));
	CHECK("RENAME_EXCHANGE", rename2("r1/c", "r1/inside", RENAME_EXCHANGE));
	show_file("r1/c", "r1/c");
	show_file("r1/inside", "r1/inside");
	CHECK("RENAME_EXCHANGE with a missing target", rename2("r1/c", "r1/none", RENAME_EXCHANGE));
	CHECK("both flags", rename2("r1/c", "r1/inside", RENAME_EXCHANGE | RENAME_NOREPLACE));
	CHECK("rename .", rename(".", "x"));
	/* A directory keeps its contents and ".." follows it. */
	mkdir("top", 0755);
	CHECK("move a directory", rename("r1", "top/r1"));
	struct stat parent, dotdot;
	stat("top", &parent);
	stat("top/r1/..", &dotdot);
	printf("top/r1/.. is top: %s\n", parent.st_ino == dotdot.st_ino ? "yes" : "no");
	list_directory("top/r1", "top/r1");
}

static void listing_many(void)
{
	mkdir("many", 0755);
	char name[32];
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof name, "many/file%03d", i);
		make_file(name, "");
	}
	for (int i = 0; i < 100; i += 3) {
		snprintf(name, sizeof name, "many/file%03d", i);
		unlink(name);
	}
	DIR *dir = opendir("many");
	int count = 0;
	struct dirent *entry;
	while ((entry = readdir(dir)))
		count++;
	closedir(dir);
	printf("entries in many: %d\n", count);
	/* Removing while listing: every entry still there is seen once. */
	dir = opendir("many");
	int seen = 0;
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] != 'f')
			continue;
		seen++;
		snprintf(name, sizeof name, "many/%s", entry->d_name);
		unlink(name);
	}
	closedir(dir);
	printf("seen while removing: %d\n", seen);
	list_directory("many", "many");
	CHECK("rmdir emptied", rmdir("many"));
}

int main(void)
{
	enter_scratch();
	make_and_remove();
	current_directory();
	renames();
	listing_many();
	leave_scratch();
	return 0;
}
