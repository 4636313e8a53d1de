/*
 * argc/argv as the program receives them (empty words, spaces, quotes,
 * backslashes, UTF-8, a literal "--") and the environment: environ in order,
 * getenv, setenv, unsetenv, putenv, clearenv.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

/* Prints s in brackets with its length; control bytes as \xNN. */
static void show(const char *s)
{
	printf("(%zu) [", strlen(s));
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
	printf("]\n");
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Prints the environment sorted: POSIX leaves its order open, and
 * qemu-riscv64 hands it to the program reversed.
 */
static void show_environ(const char *when)
{
	size_t n = 0;
	while (environ[n] != NULL)
		n++;
	char **sorted = malloc((n + 1) * sizeof *sorted);
	memcpy(sorted, environ, (n + 1) * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, by_text);
	printf("environ %s: %zu entries\n", when, n);
	for (size_t i = 0; i < n; i++) {
		printf("  ");
		show(sorted[i]);
	}
	free(sorted);
}

static void show_variable(const char *name)
{
	const char *value = getenv(name);
	printf("getenv(%s) ", name);
	if (value == NULL)
		printf("NULL\n");
	else
		show(value);
}

static void report(const char *what, int result)
{
	if (result == 0)
		printf("%s -> 0\n", what);
	else
		printf("%s -> %d errno %s\n", what, result, strerror(errno));
}

int main(int argc, char **argv)
{
	printf("argc %d\n", argc);
	for (int i = 0; i < argc; i++) {
		printf("argv[%d] ", i);
		show(argv[i]);
	}
	printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");

	show_environ("at start");
	static const char *const names[] = { "PLAIN", "EMPTY", "SPACED", "QUOTED", "EQUALS",
					     "UNICODE", "BACKSLASH", "MISSING", "PATH", "HOME" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		show_variable(names[i]);

	report("setenv(NEW, fresh, 0)", setenv("NEW", "fresh", 0));
	report("setenv(PLAIN, kept, 0)", setenv("PLAIN", "kept", 0));
	report("setenv(EMPTY, filled, 1)", setenv("EMPTY", "filled", 1));
	errno = 0;
	report("setenv(A=B, x, 1)", setenv("A=B", "x", 1));
	errno = 0;
	report("setenv(\"\", x, 1)", setenv("", "x", 1));
	report("unsetenv(SPACED)", unsetenv("SPACED"));
	report("unsetenv(MISSING)", unsetenv("MISSING"));
	static char put[] = "PUT=by putenv";
	report("putenv(PUT=by putenv)", putenv(put));
	show_variable("NEW");
	show_variable("PLAIN");
	show_variable("EMPTY");
	show_variable("SPACED");
	show_variable("PUT");
	show_environ("after changes");

	report("clearenv()", clearenv());
	printf("environ after clearenv is %s\n",
	       environ == NULL || environ[0] == NULL ? "empty" : "not empty");
	report("setenv(ONLY, one, 1)", setenv("ONLY", "one", 1));
	show_environ("rebuilt");
	return 0;
}
