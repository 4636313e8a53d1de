/*
 * The root file system from an initrd: `runikraft run --rootfs` packs
 * fs_initrd.rootfs/ into a cpio archive that the kernel unpacks into its
 * tmpfs root; on Linux the program runs in a copy of the same folder.
 * Both must show the same tree: types, permission bits, sizes, link
 * targets, contents; and the unpacked root is writable.
 */
#include "fs_support.h"

static void walk(const char *path, int depth)
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
		if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, ".."))
			names[count++] = strdup(entry->d_name);
	closedir(dir);
	qsort(names, count, sizeof names[0], compare_names);
	for (int i = 0; i < count; i++) {
		char child[512];
		snprintf(child, sizeof child, "%s/%s", path, names[i]);
		struct stat st;
		lstat(child, &st);
		printf("%*s%s %c%o", depth * 2, "", names[i], type_letter(st.st_mode), st.st_mode & 07777);
		if (S_ISREG(st.st_mode))
			printf(" %lld bytes", (long long)st.st_size);
		if (S_ISLNK(st.st_mode)) {
			char target[256];
			ssize_t n = readlink(child, target, sizeof target - 1);
			target[n < 0 ? 0 : n] = 0;
			printf(" -> %s", target);
		}
		printf("\n");
		if (S_ISDIR(st.st_mode))
			walk(child, depth + 1);
		free(names[i]);
	}
}

int main(void)
{
	walk("etc", 0);
	walk("bin", 0);
	walk("data", 0);
	show_file("etc/motd", "etc/motd");
	show_file("through etc/motd.link", "etc/motd.link");
	show_file("through data/hostname.link", "data/hostname.link");
	/* run.sh sets every file's time to 1000000000; the archive keeps it. */
	struct stat st;
	stat("etc/motd", &st);
	printf("etc/motd mtime: %lld\n", (long long)st.st_mtime);
	lstat("etc/motd.link", &st);
	printf("etc/motd.link mtime: %lld\n", (long long)st.st_mtime);
	stat("data/nested", &st);
	printf("data/nested mtime: %lld\n", (long long)st.st_mtime);
	CHECK("execute bit on bin/tool.sh", access("bin/tool.sh", X_OK));
	CHECK("write a new file", (make_file("etc/new", "written"), access("etc/new", F_OK)));
	show_file("etc/new", "etc/new");
	CHECK("unlink it", unlink("etc/new"));
	return 0;
}
