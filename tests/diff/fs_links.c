/*
 * Symbolic and hard links: symlink/readlink, following and not following
 * (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW, lstat), loops (ELOOP), dangling links,
 * links to directories, hard link counts, unlinking an open file.
 */
#include "fs_support.h"

int main(void)
{
	enter_scratch();
	struct stat st;
	char buffer[256];
	make_file("target", "contents");
	mkdir("dir", 0755);
	make_file("dir/inner", "inner");

	CHECK("symlink", symlink("target", "link"));
	CHECK("symlink over existing", symlink("target", "link"));
	CHECK("symlink empty target", symlink("", "empty"));
	CHECK("readlink", readlink("link", buffer, sizeof buffer));
	buffer[8] = 0;
	printf("readlink text: %.6s\n", buffer);
	CHECK("readlink short buffer", readlink("link", buffer, 3));
	CHECK("readlink zero buffer", readlink("link", buffer, 0));
	CHECK("readlink of a file", readlink("target", buffer, sizeof buffer));
	CHECK("readlink missing", readlink("nothing", buffer, sizeof buffer));
	show_file("through link", "link");
	lstat("link", &st);
	printf("lstat link: %c size %lld\n", type_letter(st.st_mode), (long long)st.st_size);
	stat("link", &st);
	printf("stat link: %c size %lld\n", type_letter(st.st_mode), (long long)st.st_size);
	CHECK("fstatat AT_SYMLINK_NOFOLLOW", (fstatat(AT_FDCWD, "link", &st, AT_SYMLINK_NOFOLLOW), S_ISLNK(st.st_mode)));
	CHECK("open O_NOFOLLOW on link", open("link", O_RDONLY | O_NOFOLLOW));
	CHECK("open O_NOFOLLOW|O_PATH on link", open("link", O_RDONLY | O_NOFOLLOW | O_PATH) >= 0);

	CHECK("dangling symlink", symlink("missing", "dangling"));
	CHECK("open dangling", open("dangling", O_RDONLY));
	CHECK("lstat dangling", lstat("dangling", &st));
	CHECK("O_CREAT|O_EXCL on dangling", open("dangling", O_RDWR | O_CREAT | O_EXCL, 0644));

	CHECK("symlink loop a->b", symlink("loop_b", "loop_a"));
	CHECK("symlink loop b->a", symlink("loop_a", "loop_b"));
	CHECK("open loop", open("loop_a", O_RDONLY));
	CHECK("stat loop", stat("loop_a", &st));
	CHECK("lstat loop", lstat("loop_a", &st));

	/* A chain of 40 links resolves; 41 do not (Linux's MAXSYMLINKS). */
	char name[32], next[32];
	for (int i = 0; i < 41; i++) {
		snprintf(name, sizeof name, "chain%d", i);
		if (i == 0)
			strcpy(next, "target");
		else
			snprintf(next, sizeof next, "chain%d", i - 1);
		symlink(next, name);
	}
	CHECK("40 links", open("chain39", O_RDONLY) >= 0);
	CHECK("41 links", open("chain40", O_RDONLY));

	CHECK("symlink to dir", symlink("dir", "dirlink"));
	show_file("through dir link", "dirlink/inner");
	CHECK("lstat dirlink/ follows", (lstat("dirlink/", &st), S_ISDIR(st.st_mode)));
	CHECK("unlink dirlink/", unlink("dirlink/"));
	CHECK("rmdir on a link to a dir", rmdir("dirlink"));
	CHECK("symlink with absolute target", symlink("/", "rootlink"));
	CHECK("rootlink is a dir", (stat("rootlink", &st), S_ISDIR(st.st_mode)));
	CHECK("relative link in subdir", symlink("../target", "dir/up"));
	show_file("dir/up", "dir/up");
	CHECK("symlink component that is a file", open("target/x", O_RDONLY));

	/* Hard links. */
	CHECK("link", link("target", "hard"));
	stat("target", &st);
	printf("links after link: %ld\n", (long)st.st_nlink);
	CHECK("link to existing name", link("target", "hard"));
	CHECK("link a directory", link("dir", "dirhard"));
	CHECK("link missing", link("nothing", "x"));
	CHECK("linkat to a symlink itself", linkat(AT_FDCWD, "link", AT_FDCWD, "link2", 0));
	CHECK("link2 is a symlink", (lstat("link2", &st), S_ISLNK(st.st_mode)));
	CHECK("linkat AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, "link", AT_FDCWD, "link3", AT_SYMLINK_FOLLOW));
	CHECK("link3 is a file", (lstat("link3", &st), S_ISREG(st.st_mode)));
	stat("target", &st);
	printf("links now: %ld\n", (long)st.st_nlink);
	int fd = open("hard", O_RDWR);
	CHECK("unlink target", unlink("target"));
	CHECK("unlink hard", unlink("hard"));
	CHECK("unlink link3", unlink("link3"));
	fstat(fd, &st);
	printf("open file after unlink: links %ld size %lld\n", (long)st.st_nlink, (long long)st.st_size);
	CHECK("write after unlink", write(fd, "X", 1));
	CHECK("read after unlink", pread(fd, buffer, 8, 0));
	close(fd);
	CHECK("link now dangling", open("link", O_RDONLY));
	CHECK("unlink missing", unlink("target"));
	leave_scratch();
	return 0;
}
