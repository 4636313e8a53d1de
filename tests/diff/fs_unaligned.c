// File and pipe data through buffers at every alignment: the kernel copies
// whole doublewords between a buffer and file pages, joining them with
// shifts when the two sides are misaligned to each other, and bytes at the
// edges. Writes from a buffer at offset 0..15, reads back into one at
// offset 0..15, for lengths around those edges; every byte must come back.
#include "fs_support.h"

#include <stdint.h>

static unsigned char source[20000 + 16] __attribute__((aligned(64)));
static unsigned char target[20000 + 16] __attribute__((aligned(64)));

static const size_t lengths[] = { 1, 7, 8, 9, 31, 32, 33, 63, 64, 65, 100, 4095, 4096, 4097, 10000, 20000 };

int main(void)
{
	enter_scratch();
	for (size_t i = 0; i < sizeof source; i++)
		source[i] = (unsigned char)(i * 131 + i / 256);

	int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int pipe_ends[2];
	if (fd < 0 || pipe(pipe_ends) != 0) {
		printf("setup: %s\n", errno_name(errno));
		return 1;
	}
	int file_failures = 0, pipe_failures = 0, cases = 0;
	for (size_t n = 0; n < sizeof lengths / sizeof lengths[0]; n++) {
		size_t length = lengths[n];
		for (int from = 0; from < 16; from++) {
			for (int to = 0; to < 16; to++) {
				cases++;
				// The file position is odd as well for odd cases: a page's
				// own offset joins the two buffers' alignments.
				off_t position = from + 3 * to;
				memset(target, 0xAA, sizeof target);
				if (pwrite(fd, source + from, length, position) != (ssize_t)length ||
				    pread(fd, target + to, length, position) != (ssize_t)length ||
				    memcmp(source + from, target + to, length) != 0 ||
				    target[to + length] != 0xAA || (to > 0 && target[to - 1] != 0xAA))
					file_failures++;
				if (length <= 4096) {
					memset(target, 0xAA, sizeof target);
					if (write(pipe_ends[1], source + from, length) != (ssize_t)length ||
					    read(pipe_ends[0], target + to, length) != (ssize_t)length ||
					    memcmp(source + from, target + to, length) != 0)
						pipe_failures++;
				}
			}
		}
	}
	printf("%d cases: file failures %d, pipe failures %d\n", cases, file_failures, pipe_failures);
	close(fd);
	leave_scratch();
	return file_failures || pipe_failures;
}
