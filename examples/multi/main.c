/*
 * multi: prints its arguments and a few environment variables, then exits
 * with a status it chooses (see status.h):
 *
 *   multi a "b c"                 exits with 2, the number of arguments
 *   MULTI_STATUS=7 multi a        exits with 7
 *
 * MULTI_NAME, when set, is the name it greets.
 */
#include <stdio.h>
#include <stdlib.h>

#include "quote.h"
#include "status.h"

extern char **environ;

static const char *const looked_up[] = { "MULTI_NAME", "MULTI_STATUS", "HOME" };

static void print_variable(const char *name)
{
	const char *value = getenv(name);
	if (value == NULL) {
		printf("%s is not set\n", name);
		return;
	}
	printf("%s = ", name);
	print_quoted(stdout, value);
	putchar('\n');
}

int main(int argc, char **argv)
{
	const char *name = getenv("MULTI_NAME");
	printf("hello, %s\n", name != NULL ? name : "stranger");

	printf("argc = %d\n", argc);
	for (int i = 0; i < argc; i++) {
		printf("argv[%d] = ", i);
		print_quoted(stdout, argv[i]);
		putchar('\n');
	}

	for (size_t i = 0; i < sizeof looked_up / sizeof looked_up[0]; i++)
		print_variable(looked_up[i]);

	for (int i = 0; environ[i] != NULL; i++) {
		printf("environ[%d] = ", i);
		print_quoted(stdout, environ[i]);
		putchar('\n');
	}

	int status = choose_status(argc, getenv("MULTI_STATUS"));
	if (status < 0) {
		printf("MULTI_STATUS is not a number from 0 to 255\n");
		return EXIT_FAILURE;
	}
	printf("exit status %d\n", status);
	return status;
}
