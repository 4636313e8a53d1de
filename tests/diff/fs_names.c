/*
 * File names of every length up to past 32 bytes and up to NAME_MAX, and
 * names that differ from each other in one byte (at doubleword edges, at
 * the 32nd byte, at the end) or only in length, named through path
 * strings at every alignment: each is created, found, listed, renamed and
 * removed as itself and never as one of its neighbours.
 */
#include "fs_support.h"

static const int lengths[] = {1, 2, 3, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 34, 39, 40, 41,
                              63, 64, 65, 100, 200, 254, 255};
static const int positions[] = {0, 6, 7, 8, 15, 16, 24, 31, 32, 33, 40, 64, 200, 254};

/* Room for two paths (a rename's), each placed at any of eight alignments. */
static char path_storage[2][600] __attribute__((aligned(8)));

/* `format`'s path, placed `offset` bytes past an 8-byte boundary; the
 * path of the call before stays valid. */
static const char *placed(int offset, const char *format, const char *a, const char *b)
{
	static int turn;
	turn ^= 1;
	char *path = path_storage[turn] + offset;
	snprintf(path, sizeof path_storage[turn] - 8, format, a, b);
	return path;
}

static void base_name(char *name, int length)
{
	for (int i = 0; i < length; i++)
		name[i] = 'a' + i % 26;
	name[length] = 0;
}

/* The name of `length` bytes with byte `position` changed. */
static void variant_name(char *name, int length, int position)
{
	base_name(name, length);
	name[position] = name[position] == 'Z' ? 'Y' : 'Z';
}

static void show_size(const char *label, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		printf("%s: -1 %s\n", label, errno_name(errno));
	else
		printf("%s: size %lld\n", label, (long long)st.st_size);
}

int main(void)
{
	enter_scratch();
	char directory[16], name[300], other[300], label[64];
	int calls = 0;
	for (unsigned i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
		int length = lengths[i];
		snprintf(directory, sizeof directory, "L%d", length);
		mkdir(directory, 0755);
		/* The file's size tells which one a name found: the base name's
		 * is 1, a variant's is its position + 2. */
		base_name(name, length);
		int fd = open(placed(calls++ % 8, "%s/%s", directory, name), O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 || write(fd, "b", 1) != 1)
			printf("L%d base: %s\n", length, errno_name(errno));
		if (fd >= 0)
			close(fd);
		for (unsigned j = 0; j < sizeof positions / sizeof positions[0]; j++) {
			int position = positions[j];
			if (position >= length)
				continue;
			variant_name(name, length, position);
			fd = open(placed(calls++ % 8, "%s/%s", directory, name), O_WRONLY | O_CREAT | O_EXCL, 0644);
			static char contents[300];
			memset(contents, 'v', position + 2);
			if (fd < 0 || write(fd, contents, position + 2) != position + 2)
				printf("L%d variant %d: %s\n", length, position, errno_name(errno));
			if (fd >= 0)
				close(fd);
		}
		/* Found again from every alignment; a name one byte shorter or
		 * longer is not there. */
		base_name(name, length);
		for (int offset = 0; offset < 8; offset++) {
			snprintf(label, sizeof label, "L%d base at %d", length, offset);
			show_size(label, placed(offset, "%s/%s", directory, name));
		}
		for (unsigned j = 0; j < sizeof positions / sizeof positions[0]; j++) {
			if (positions[j] >= length)
				continue;
			variant_name(name, length, positions[j]);
			snprintf(label, sizeof label, "L%d variant %d", length, positions[j]);
			show_size(label, placed(calls++ % 8, "%s/%s", directory, name));
		}
		if (length > 1) {
			base_name(name, length - 1);
			snprintf(label, sizeof label, "L%d shorter", length);
			show_size(label, placed(calls++ % 8, "%s/%s", directory, name));
		}
		base_name(name, length + 1);
		snprintf(label, sizeof label, "L%d longer", length);
		show_size(label, placed(calls++ % 8, "%s/%s", directory, name));
		list_directory(directory, directory);
	}

	/* Every other variant removed; the rest and the base name stay. */
	for (unsigned i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
		int length = lengths[i];
		snprintf(directory, sizeof directory, "L%d", length);
		for (unsigned j = 0; j < sizeof positions / sizeof positions[0]; j += 2) {
			if (positions[j] >= length)
				continue;
			variant_name(name, length, positions[j]);
			snprintf(label, sizeof label, "unlink L%d variant %d", length, positions[j]);
			CHECK(label, unlink(placed(calls++ % 8, "%s/%s", directory, name)));
		}
		base_name(name, length);
		snprintf(label, sizeof label, "L%d base after unlinks", length);
		show_size(label, placed(calls++ % 8, "%s/%s", directory, name));
		list_directory(directory, directory);
	}

	/* A long name renamed to a short one and back, across directories. */
	base_name(name, 255);
	base_name(other, 3);
	CHECK("rename 255 to 3", rename(placed(3, "L255/%s%s", name, ""), placed(5, "L3/%s%s", other, "x")));
	show_size("L3/abcx", "L3/abcx");
	show_size("L255 base after rename", placed(1, "L255/%s%s", name, ""));
	CHECK("rename back", rename("L3/abcx", placed(6, "L255/%s%s", name, "")));
	show_size("L255 base back", placed(7, "L255/%s%s", name, ""));
	list_directory("L3 after renames", "L3");

	leave_scratch();
	return 0;
}
