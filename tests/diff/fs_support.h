/*
 * Shared by the file-system conformance programs: each works inside a
 * fresh scratch directory under /tmp (on Linux the host's, on Runikraft
 * the tmpfs root's) and prints only what both systems must agree on —
 * results and errno names, never inode numbers, absolute times or sizes
 * that depend on the file system's block layout.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *errno_name(int e)
{
	switch (e) {
	case 0: return "ok";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case ENXIO: return "ENXIO";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EXDEV: return "EXDEV";
	case ENODEV: return "ENODEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case EMFILE: return "EMFILE";
	case ENOTTY: return "ENOTTY";
	case EFBIG: return "EFBIG";
	case ENOSPC: return "ENOSPC";
	case ESPIPE: return "ESPIPE";
	case EROFS: return "EROFS";
	case EMLINK: return "EMLINK";
	case EPIPE: return "EPIPE";
	case ERANGE: return "ERANGE";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ENOSYS: return "ENOSYS";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ELOOP: return "ELOOP";
	case EOVERFLOW: return "EOVERFLOW";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default: return "other";
	}
}

/* Prints "label: <value>" for a call returning >= 0, or "label: -1 ENAME". */
#define CHECK(label, expression)                                                 \
	do {                                                                         \
		errno = 0;                                                               \
		long check_result = (long)(expression);                                  \
		if (check_result < 0)                                                    \
			printf("%s: -1 %s\n", label, errno_name(errno));                     \
		else                                                                     \
			printf("%s: %ld\n", label, check_result);                            \
	} while (0)

/* Like CHECK, but prints only success or the error, not the value. */
#define TRY(label, expression)                                                   \
	do {                                                                         \
		errno = 0;                                                               \
		long try_result = (long)(expression);                                    \
		printf("%s: %s\n", label, try_result < 0 ? errno_name(errno) : "ok");    \
	} while (0)

static char scratch_path[64];

/* Makes a scratch directory and enters it. */
static void enter_scratch(void)
{
	strcpy(scratch_path, "/tmp/rkfs.XXXXXX");
	if (!mkdtemp(scratch_path) || chdir(scratch_path) != 0) {
		printf("cannot make a scratch directory: %s\n", strerror(errno));
		exit(1);
	}
}

static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *dir = opendir(path);
		struct dirent *entry;
		chmod(path, 0700);
		while (dir && (entry = readdir(dir))) {
			if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
				continue;
			char child[4096];
			snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
			remove_tree(child);
		}
		if (dir)
			closedir(dir);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* Leaves and removes the scratch directory. */
static void leave_scratch(void)
{
	if (chdir("/") == 0)
		remove_tree(scratch_path);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints the names in directory `path`, sorted, with their d_type. */
static void list_directory(const char *label, const char *path)
{
	DIR *dir = opendir(path);
	if (!dir) {
		printf("%s: opendir %s\n", label, errno_name(errno));
		return;
	}
	char *names[256];
	int count = 0;
	struct dirent *entry;
	while ((entry = readdir(dir)) && count < 256) {
		char *name = malloc(strlen(entry->d_name) + 4);
		sprintf(name, "%s/%d", entry->d_name, entry->d_type);
		names[count++] = name;
	}
	closedir(dir);
	qsort(names, count, sizeof names[0], compare_names);
	printf("%s:", label);
	for (int i = 0; i < count; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

/* The file type letter of a mode, as ls shows it. */
static char type_letter(mode_t mode)
{
	if (S_ISREG(mode)) return '-';
	if (S_ISDIR(mode)) return 'd';
	if (S_ISLNK(mode)) return 'l';
	if (S_ISCHR(mode)) return 'c';
	if (S_ISBLK(mode)) return 'b';
	if (S_ISFIFO(mode)) return 'p';
	if (S_ISSOCK(mode)) return 's';
	return '?';
}

/* Writes `text` as the whole contents of a new file `path`. */
static void make_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		printf("make_file %s: %s\n", path, errno_name(errno));
	if (fd >= 0)
		close(fd);
}

/* Prints the contents of `path` (up to 255 bytes). */
static void show_file(const char *label, const char *path)
{
	char buffer[256];
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("%s: open %s\n", label, errno_name(errno));
		return;
	}
	ssize_t n = read(fd, buffer, sizeof buffer - 1);
	close(fd);
	buffer[n < 0 ? 0 : n] = 0;
	printf("%s: \"%s\"\n", label, buffer);
}
