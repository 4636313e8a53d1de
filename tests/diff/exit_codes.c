/*
 * How a program ends, chosen by its arguments (see exit_codes.cases):
 *   exit N | return N | fall-off | _exit N | _Exit N | quick_exit N
 * exit and returning from main run the atexit handlers in reverse order and
 * flush stdio; _exit and _Exit do neither; quick_exit runs only the
 * at_quick_exit handlers. The status seen by the parent is N & 0xff.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char stdout_buffer[4096];

static void first(void) { printf("atexit handler registered first\n"); }
static void second(void) { printf("atexit handler registered second\n"); }
static void third(void) { printf("atexit handler registered third\n"); }
static void quick(void) { printf("at_quick_exit handler (flushed by hand)\n"); fflush(stdout); }

int main(int argc, char **argv)
{
	/* Full buffering on both systems, whatever stdout is connected to. */
	setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
	atexit(first);
	atexit(second);
	atexit(third);
	at_quick_exit(quick);

	if (argc < 2) {
		printf("usage: exit_codes exit|return|fall-off|_exit|_Exit|quick_exit [N]\n");
		return 2;
	}
	const char *how = argv[1];
	int status = argc > 2 ? atoi(argv[2]) : 0;

	printf("ending with %s %d\n", how, status);
	fflush(stdout);
	printf("this line waits in the stdout buffer\n");

	if (strcmp(how, "exit") == 0)
		exit(status);
	if (strcmp(how, "return") == 0)
		return status;
	if (strcmp(how, "_exit") == 0)
		_exit(status);
	if (strcmp(how, "_Exit") == 0)
		_Exit(status);
	if (strcmp(how, "quick_exit") == 0)
		quick_exit(status);
	if (strcmp(how, "fall-off") != 0) {
		printf("unknown way to end: %s\n", how);
		return 2;
	}
	/* Reaching the end of main returns 0 (C11 5.1.2.2.3). */
}
