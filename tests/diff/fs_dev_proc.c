/*
 * The device files and /proc entries programs probe: /dev/null, zero,
 * full, random and urandom; /dev/stdin|stdout|stderr and /proc/self/fd;
 * /proc/self/exe, status, maps; /proc/cpuinfo and meminfo; memfd_create
 * and O_TMPFILE.
 */
#include "fs_support.h"
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>

static void devices(void)
{
	struct stat st;
	char buffer[64];
	const char *names[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"};
	for (int i = 0; i < 5; i++) {
		stat(names[i], &st);
		printf("%s: %c %o rdev %u:%u\n", names[i], type_letter(st.st_mode), st.st_mode & 0777,
		       major(st.st_rdev), minor(st.st_rdev));
	}
	int fd = open("/dev/null", O_RDWR);
	CHECK("write /dev/null", write(fd, "gone", 4));
	CHECK("read /dev/null", read(fd, buffer, sizeof buffer));
	CHECK("lseek /dev/null", lseek(fd, 100, SEEK_SET));
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buffer, 'x', sizeof buffer);
	CHECK("read /dev/zero", read(fd, buffer, sizeof buffer));
	printf("all zero: %s\n", memcmp(buffer, (char[64]){0}, 64) == 0 ? "yes" : "no");
	close(fd);
	fd = open("/dev/full", O_WRONLY);
	CHECK("write /dev/full", write(fd, "x", 1));
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	unsigned char a[32] = {0}, b[32] = {0};
	CHECK("read /dev/urandom", read(fd, a, sizeof a));
	read(fd, b, sizeof b);
	printf("two reads differ: %s\n", memcmp(a, b, sizeof a) ? "yes" : "no");
	close(fd);
	CHECK("create in /dev/null", open("/dev/null/x", O_RDONLY));
}

static void standard_streams(void)
{
	char buffer[256];
	ssize_t n = readlink("/dev/stdin", buffer, sizeof buffer - 1);
	buffer[n < 0 ? 0 : n] = 0;
	printf("/dev/stdin -> %s\n", buffer);
	n = readlink("/dev/stderr", buffer, sizeof buffer - 1);
	buffer[n < 0 ? 0 : n] = 0;
	printf("/dev/stderr -> %s\n", buffer);
	struct stat st;
	CHECK("/proc/self/fd is a directory", (stat("/proc/self/fd", &st), S_ISDIR(st.st_mode)));
	make_file("named", "through proc");
	int fd = open("named", O_RDONLY);
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, buffer, sizeof buffer - 1);
	buffer[n < 0 ? 0 : n] = 0;
	const char *slash = strrchr(buffer, '/');
	printf("fd link ends in: %s, absolute: %s\n", slash ? slash + 1 : buffer, buffer[0] == '/' ? "yes" : "no");
	CHECK("lstat fd link", (lstat(link, &st), S_ISLNK(st.st_mode)));
	show_file("open via /proc/self/fd", link);
	snprintf(link, sizeof link, "/proc/self/fd/%d", 999);
	CHECK("closed fd link", readlink(link, buffer, sizeof buffer));
	close(fd);
	/* /dev/fd/N reopens the file. */
	fd = open("named", O_RDONLY);
	snprintf(link, sizeof link, "/dev/fd/%d", fd);
	show_file("open via /dev/fd", link);
	close(fd);
}

static void proc_files(void)
{
	char buffer[4096];
	struct stat st;
	CHECK("/proc/self/exe is a link", (lstat("/proc/self/exe", &st), S_ISLNK(st.st_mode)));
	ssize_t n = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
	printf("exe absolute: %s\n", n > 0 && buffer[0] == '/' ? "yes" : "no");
	char self[64];
	n = readlink("/proc/self", self, sizeof self - 1);
	self[n < 0 ? 0 : n] = 0;
	char pid[32];
	snprintf(pid, sizeof pid, "%d", getpid());
	printf("/proc/self names getpid: %s\n", strcmp(self, pid) == 0 ? "yes" : "no");
	FILE *status = fopen("/proc/self/status", "r");
	int saw_pid = 0, saw_name = 0;
	while (status && fgets(buffer, sizeof buffer, status)) {
		if (strncmp(buffer, "Pid:\t", 5) == 0 && atoi(buffer + 5) == getpid())
			saw_pid = 1;
		if (strncmp(buffer, "Name:\t", 6) == 0)
			saw_name = 1;
	}
	if (status)
		fclose(status);
	printf("status has Name: %s, Pid matching getpid: %s\n", saw_name ? "yes" : "no", saw_pid ? "yes" : "no");
	FILE *maps = fopen("/proc/self/maps", "r");
	int lines = 0;
	while (maps && fgets(buffer, sizeof buffer, maps))
		if (strchr(buffer, '-'))
			lines++;
	if (maps)
		fclose(maps);
	printf("maps has ranges: %s\n", lines > 0 ? "yes" : "no");
	FILE *memory = fopen("/proc/meminfo", "r");
	long total = 0;
	while (memory && fgets(buffer, sizeof buffer, memory))
		if (sscanf(buffer, "MemTotal: %ld kB", &total) == 1)
			break;
	if (memory)
		fclose(memory);
	printf("MemTotal positive: %s\n", total > 0 ? "yes" : "no");
	int fd = open("/proc/cpuinfo", O_RDONLY);
	n = read(fd, buffer, sizeof buffer);
	close(fd);
	printf("cpuinfo has processor: %s\n", n > 0 && strstr(buffer, "processor") ? "yes" : "no");
	CHECK("write /proc/meminfo", open("/proc/meminfo", O_WRONLY));
}

static void anonymous_files(void)
{
	int fd = memfd_create("scratch", MFD_CLOEXEC);
	CHECK("memfd_create", fd >= 0);
	CHECK("memfd F_GETFD", fcntl(fd, F_GETFD));
	CHECK("memfd write", write(fd, "in memory", 9));
	CHECK("memfd ftruncate 4096", ftruncate(fd, 4096));
	char buffer[16] = {0};
	CHECK("memfd pread", pread(fd, buffer, 9, 0));
	printf("memfd: %s\n", buffer);
	struct stat st;
	fstat(fd, &st);
	printf("memfd: %c size %lld links %ld\n", type_letter(st.st_mode), (long long)st.st_size, (long)st.st_nlink);
	close(fd);
	char name[300];
	memset(name, 'm', 260);
	name[260] = 0;
	CHECK("memfd_create long name", memfd_create(name, 0));
	CHECK("memfd_create bad flags", memfd_create("x", 0x100));
	fd = open(".", O_TMPFILE | O_RDWR, 0600);
	CHECK("O_TMPFILE", fd >= 0);
	CHECK("O_TMPFILE write", write(fd, "tmp", 3));
	fstat(fd, &st);
	printf("O_TMPFILE: %c links %ld\n", type_letter(st.st_mode), (long)st.st_nlink);
	close(fd);
	CHECK("O_TMPFILE read-only", open(".", O_TMPFILE | O_RDONLY, 0600));
	list_directory("scratch after", ".");
}

int main(void)
{
	devices();
	enter_scratch();
	standard_streams();
	proc_files();
	anonymous_files();
	leave_scratch();
	return 0;
}
