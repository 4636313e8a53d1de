/*
 * The same leading directories named again and again while the names
 * under them change: renaming or removing a directory and making another
 * in its place, a symbolic link retargeted, the current directory moved,
 * directory descriptors used with the same relative path. Each call must
 * see the names as they are now, whatever an earlier call resolved.
 */
#include "fs_support.h"

static void show_stat(const char *label, const char *path)
{
	struct stat st;
	errno = 0;
	if (stat(path, &st) != 0)
		printf("%s: -1 %s\n", label, errno_name(errno));
	else
		printf("%s: %c size %lld\n", label, type_letter(st.st_mode), (long long)st.st_size);
}

int main(void)
{
	enter_scratch();
	mkdir("a", 0755);
	mkdir("a/b", 0755);
	make_file("a/b/one", "1");
	make_file("a/b/two", "22");
	show_stat("a/b/one", "a/b/one");
	show_stat("a/b/two", "a/b/two");

	/* The directory renamed: the old names are gone, the new ones work.
	 * (Renamed through a descriptor and bare names, so that the rename
	 * itself names no leading directories.) */
	int parent = open("a", O_RDONLY | O_DIRECTORY);
	TRY("rename a/b a/c", renameat(parent, "b", parent, "c"));
	show_stat("a/b/one after rename", "a/b/one");
	show_stat("a/c/one after rename", "a/c/one");
	TRY("create a/b/three after rename", open("a/b/three", O_WRONLY | O_CREAT, 0644));

	/* Another directory made under the old name. */
	TRY("mkdir a/b again", mkdir("a/b", 0755));
	make_file("a/b/one", "333");
	show_stat("a/b/one in the new a/b", "a/b/one");
	show_stat("a/c/one still", "a/c/one");

	/* Removed and made again, empty. */
	TRY("unlink a/b/one", unlink("a/b/one"));
	show_stat("a/b/one before rmdir", "a/b/one");
	TRY("rmdir a/b", unlinkat(parent, "b", AT_REMOVEDIR));
	show_stat("a/b/one after rmdir", "a/b/one");
	TRY("mkdir a/b once more", mkdirat(parent, "b", 0755));
	show_stat("a/b/one in the empty a/b", "a/b/one");
	int new_b = openat(parent, "b", O_RDONLY | O_DIRECTORY);
	int fresh = openat(new_b, "fresh", O_WRONLY | O_CREAT, 0644);
	close(new_b);
	CHECK("write a/b/fresh", write(fresh, "4444", 4));
	close(fresh);
	show_stat("a/b/fresh", "a/b/fresh");

	/* Two directories exchanged by renaming through a third name. */
	make_file("a/b/mark", "b");
	make_file("a/c/mark", "cc");
	show_stat("a/b/mark before the swap", "a/b/mark");
	TRY("rename a/b a/t", renameat(parent, "b", parent, "t"));
	TRY("rename a/c a/b", renameat(parent, "c", parent, "b"));
	TRY("rename a/t a/c", renameat(parent, "t", parent, "c"));
	show_stat("a/b/mark after the swap", "a/b/mark");
	show_stat("a/c/mark after the swap", "a/c/mark");

	/* A symbolic link in the middle of the path, pointed elsewhere. */
	TRY("symlink l -> a/b", symlink("a/b", "l"));
	show_stat("l/mark through a/b", "l/mark");
	show_stat("l/mark through a/b again", "l/mark");
	TRY("unlink l", unlink("l"));
	show_stat("l/mark with l gone", "l/mark");
	TRY("symlink l -> a/c", symlink("a/c", "l"));
	show_stat("l/mark through a/c", "l/mark");

	/* A plain file where a directory was. */
	show_stat("a/c/mark before it moves", "a/c/mark");
	TRY("rename a/c a/d", renameat(parent, "c", parent, "d"));
	make_file("a/c", "file");
	show_stat("a/c/mark with a/c a file", "a/c/mark");

	/* The same relative path from another current directory. */
	show_stat("b/mark from the scratch directory", "b/mark");
	TRY("chdir a", chdir("a"));
	show_stat("b/mark from a", "b/mark");
	TRY("chdir d", chdir("d"));
	show_stat("b/mark from a/d", "b/mark");
	TRY("chdir ../..", chdir("../.."));

	/* The same relative path from two directory descriptors. */
	int a = open("a", O_RDONLY | O_DIRECTORY);
	int d = open("a/d", O_RDONLY | O_DIRECTORY);
	struct stat st;
	CHECK("fstatat(a, b/mark) size", fstatat(a, "b/mark", &st, 0) == 0 ? st.st_size : -1);
	CHECK("fstatat(a/d, b/mark)", fstatat(d, "b/mark", &st, 0));
	CHECK("fstatat(a, d/mark) size", fstatat(a, "d/mark", &st, 0) == 0 ? st.st_size : -1);

	/* A directory renamed while a descriptor holds it. */
	TRY("rename a/d a/e", rename("a/d", "a/e"));
	CHECK("fstatat(a, d/mark) after rename", fstatat(a, "d/mark", &st, 0));
	CHECK("fstatat(a, e/mark) size", fstatat(a, "e/mark", &st, 0) == 0 ? st.st_size : -1);
	close(a);
	close(d);
	close(parent);
	return 0;
}
