/*
 * Regular files: open flags, read/write at the offset and at positions,
 * vector I/O, lseek (including SEEK_DATA/SEEK_HOLE on a file without
 * holes), truncation, fallocate, syncing, sendfile and copy_file_range.
 */
#include "fs_support.h"
#include <sys/sendfile.h>
#include <sys/uio.h>

static void open_flags(void)
{
	int fd;
	CHECK("open missing without O_CREAT", open("f", O_RDONLY));
	CHECK("creat", fd = open("f", O_RDWR | O_CREAT, 0640));
	CHECK("write", write(fd, "hello, world\n", 13));
	struct stat st;
	fstat(fd, &st);
	printf("fstat: %c %o size %lld links %ld\n", type_letter(st.st_mode), st.st_mode & 07777,
	       (long long)st.st_size, (long)st.st_nlink);
	close(fd);
	CHECK("O_CREAT|O_EXCL on existing", open("f", O_RDWR | O_CREAT | O_EXCL, 0600));
	CHECK("O_CREAT on existing keeps it", fd = open("f", O_RDONLY | O_CREAT, 0600));
	fstat(fd, &st);
	printf("mode still %o, size %lld\n", st.st_mode & 0777, (long long)st.st_size);
	CHECK("write to O_RDONLY", write(fd, "x", 1));
	close(fd);
	CHECK("read from O_WRONLY", (fd = open("f", O_WRONLY), read(fd, &st, 1)));
	close(fd);
	CHECK("O_TRUNC", fd = open("f", O_RDWR | O_TRUNC));
	fstat(fd, &st);
	printf("size after O_TRUNC: %lld\n", (long long)st.st_size);
	close(fd);

	umask(077);
	fd = open("masked", O_CREAT | O_WRONLY, 0666);
	fstat(fd, &st);
	printf("umask 077 -> mode %o\n", st.st_mode & 0777);
	close(fd);
	printf("umask returns old: %o\n", umask(022));
}

static void offsets(void)
{
	int fd = open("g", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char buffer[64] = {0};
	write(fd, "0123456789", 10);
	CHECK("lseek SEEK_CUR", lseek(fd, 0, SEEK_CUR));
	CHECK("lseek SEEK_SET 3", lseek(fd, 3, SEEK_SET));
	CHECK("read 4", read(fd, buffer, 4));
	printf("got \"%s\"\n", buffer);
	CHECK("lseek SEEK_END -2", lseek(fd, -2, SEEK_END));
	CHECK("read at end-2", read(fd, buffer, 10));
	CHECK("read at EOF", read(fd, buffer, 10));
	CHECK("lseek negative", lseek(fd, -100, SEEK_SET));
	CHECK("lseek bad whence", lseek(fd, 0, 42));
	CHECK("lseek SEEK_DATA 0", lseek(fd, 0, SEEK_DATA));
	CHECK("lseek SEEK_HOLE 0", lseek(fd, 0, SEEK_HOLE));
	CHECK("lseek SEEK_DATA past end", lseek(fd, 20, SEEK_DATA));
	/* Writing past the end leaves zeros in between. */
	CHECK("lseek past end", lseek(fd, 20, SEEK_SET));
	CHECK("write past end", write(fd, "Z", 1));
	memset(buffer, 'x', sizeof buffer);
	CHECK("pread whole", pread(fd, buffer, sizeof buffer, 0));
	printf("byte 10..19 zero: %s, byte 20: %c\n",
	       memcmp(buffer + 10, "\0\0\0\0\0\0\0\0\0\0", 10) == 0 ? "yes" : "no", buffer[20]);
	CHECK("pwrite at 2", pwrite(fd, "AB", 2, 2));
	CHECK("offset unchanged by pwrite", lseek(fd, 0, SEEK_CUR));
	CHECK("pread negative offset", pread(fd, buffer, 1, -1));
	memset(buffer, 0, sizeof buffer);
	pread(fd, buffer, 6, 0);
	printf("after pwrite: \"%s\"\n", buffer);
	close(fd);

	/* O_APPEND writes at the end whatever the offset. */
	fd = open("g", O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	write(fd, "END", 3);
	CHECK("offset after append", lseek(fd, 0, SEEK_CUR));
	close(fd);
	struct stat st;
	stat("g", &st);
	printf("size after append: %lld\n", (long long)st.st_size);
}

static void vectors(void)
{
	int fd = open("v", O_RDWR | O_CREAT | O_TRUNC, 0644);
	struct iovec out[3] = {{"abc", 3}, {"", 0}, {"defgh", 5}};
	CHECK("writev", writev(fd, out, 3));
	char a[2], b[4], c[8] = {0};
	struct iovec in[3] = {{a, 2}, {b, 4}, {c, 8}};
	lseek(fd, 0, SEEK_SET);
	CHECK("readv", readv(fd, in, 3));
	printf("readv: %.2s|%.4s|%s\n", a, b, c);
	struct iovec at[2] = {{"XY", 2}, {"Z", 1}};
	CHECK("pwritev at 1", pwritev(fd, at, 2, 1));
	memset(c, 0, sizeof c);
	struct iovec back[1] = {{c, 7}};
	CHECK("preadv at 0", preadv(fd, back, 1, 0));
	printf("preadv: %s\n", c);
	CHECK("readv negative count", readv(fd, in, -1));
	struct iovec bad[1] = {{a, (size_t)-1}};
	CHECK("readv huge length", readv(fd, bad, 1));
	close(fd);
}

static void sizes(void)
{
	int fd = open("t", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "0123456789", 10);
	CHECK("ftruncate 4", ftruncate(fd, 4));
	struct stat st;
	fstat(fd, &st);
	printf("size %lld\n", (long long)st.st_size);
	CHECK("ftruncate 8 (grow)", ftruncate(fd, 8));
	char buffer[16] = {0};
	CHECK("pread grown", pread(fd, buffer, 16, 0));
	printf("grown tail zero: %s\n", buffer[4] == 0 && buffer[7] == 0 ? "yes" : "no");
	CHECK("ftruncate negative", ftruncate(fd, -1));
	CHECK("truncate by path 2", truncate("t", 2));
	stat("t", &st);
	printf("size %lld\n", (long long)st.st_size);
	CHECK("truncate missing", truncate("missing", 0));
	CHECK("fallocate 0..100", fallocate(fd, 0, 0, 100));
	fstat(fd, &st);
	printf("size after fallocate %lld\n", (long long)st.st_size);
	CHECK("fallocate KEEP_SIZE", fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 4096));
	fstat(fd, &st);
	printf("size after KEEP_SIZE %lld\n", (long long)st.st_size);
	CHECK("fallocate zero length", fallocate(fd, 0, 0, 0));
	CHECK("fsync", fsync(fd));
	CHECK("fdatasync", fdatasync(fd));
	sync();
	printf("sync returned\n");
	close(fd);
	fd = open("t", O_RDONLY);
	CHECK("ftruncate on O_RDONLY", ftruncate(fd, 0));
	CHECK("fallocate on O_RDONLY", fallocate(fd, 0, 0, 10));
	close(fd);
}

static void copies(void)
{
	make_file("src", "the quick brown fox");
	int in = open("src", O_RDONLY);
	int out = open("dst", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	off_t offset = 4;
	CHECK("sendfile with offset", sendfile(out, in, &offset, 5));
	printf("offset now %lld, file offset %lld\n", (long long)offset, (long long)lseek(in, 0, SEEK_CUR));
	CHECK("sendfile at file offset", sendfile(out, in, NULL, 3));
	CHECK("file offset after", lseek(in, 0, SEEK_CUR));
	close(out);
	show_file("dst", "dst");
	out = open("dst2", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	off_t from = 10, to = 0;
	CHECK("copy_file_range", copy_file_range(in, &from, out, &to, 100, 0));
	printf("from %lld to %lld\n", (long long)from, (long long)to);
	CHECK("copy_file_range bad flags", copy_file_range(in, NULL, out, NULL, 1, 1));
	close(out);
	show_file("dst2", "dst2");
	close(in);
}

int main(void)
{
	enter_scratch();
	open_flags();
	offsets();
	vectors();
	sizes();
	copies();
	leave_scratch();
	return 0;
}
