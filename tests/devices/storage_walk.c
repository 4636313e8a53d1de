/*
 * Everything a program does with a disk it did not make: walks the tree
 * under the directory given (lstat, readdir, read every byte, readlink),
 * then changes it (create, write, mkdir, link, rename, unlink, rmdir).
 * Each step that fails prints its errno name; a corrupt disk may make any
 * step fail, but the program must get to "done" (tests/devices/run.sh,
 * corrupt_disks).
 */
#include "../diff/fs_support.h"

static char buffer[65536];

static void walk(const char *path, int depth)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		printf("%s: lstat %s\n", path, errno_name(errno));
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlink(path, buffer, sizeof buffer - 1);
		if (n < 0)
			printf("%s: readlink %s\n", path, errno_name(errno));
		else
			printf("%s: link to %.*s\n", path, (int)n, buffer);
	} else if (S_ISREG(st.st_mode)) {
		int fd = open(path, O_RDONLY);
		if (fd < 0) {
			printf("%s: open %s\n", path, errno_name(errno));
			return;
		}
		long long total = 0;
		ssize_t n;
		while ((n = read(fd, buffer, sizeof buffer)) > 0)
			total += n;
		if (n < 0)
			printf("%s: read %s after %lld bytes\n", path, errno_name(errno), total);
		else
			printf("%s: %lld bytes\n", path, total);
		close(fd);
	} else if (S_ISDIR(st.st_mode)) {
		DIR *directory = opendir(path);
		if (!directory) {
			printf("%s: opendir %s\n", path, errno_name(errno));
			return;
		}
		printf("%s: directory\n", path);
		char names[64][256];
		int count = 0;
		struct dirent *entry;
		errno = 0;
		while (count < 64 && (entry = readdir(directory))) {
			if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, ".."))
				snprintf(names[count++], sizeof names[0], "%s", entry->d_name);
			errno = 0;
		}
		if (errno)
			printf("%s: readdir %s\n", path, errno_name(errno));
		closedir(directory);
		for (int i = 0; i < count && depth < 8; i++) {
			char child[1024];
			snprintf(child, sizeof child, "%s/%s", path, names[i]);
			walk(child, depth + 1);
		}
	}
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	walk(argv[1], 0);
	if (chdir(argv[1]) == 0) {
		int fd = open("new.txt", O_RDWR | O_CREAT, 0644);
		TRY("create new.txt", fd);
		TRY("write new.txt", fd < 0 ? -1 : write(fd, buffer, 10000));
		if (fd >= 0)
			close(fd);
		TRY("mkdir newdir", mkdir("newdir", 0755));
		TRY("mkdir dir/made", mkdir("dir/made", 0755));
		TRY("link", link("hello.txt", "dir/hard"));
		TRY("rename", rename("new.txt", "dir/moved.txt"));
		TRY("unlink hello.txt", unlink("hello.txt"));
		/* Climbs dir/sub's parents, looking for newdir. */
		TRY("rename newdir into dir/sub", rename("newdir", "dir/sub/renamed"));
		TRY("rmdir it", rmdir("dir/sub/renamed"));
		TRY("sync", (sync(), 0));
	}
	printf("done\n");
	return 0;
}
