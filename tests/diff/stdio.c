/*
 * stdio output: printf conversions, the put* family, fwrite, snprintf and
 * stdout buffering modes. Everything goes through fd 1 with the buffering
 * mode set explicitly, so Linux and Runikraft agree whether or not the
 * console is a terminal.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char stdout_buffer[256];

static void integers(void)
{
	printf("[%d] [%i] [%u] [%x] [%X] [%o]\n", -42, 42, 42u, 0xbeefu, 0xbeefu, 8u);
	printf("[%#x] [%#o] [%#X] [%#x]\n", 255u, 8u, 255u, 0u);
	printf("[%+d] [% d] [%+d] [% d]\n", 5, 5, -5, -5);
	printf("[%5d] [%-5d] [%05d] [%-5d] [%.3d] [%8.3d] [%.0d]\n", 42, 42, 42, -42, 7, 7, 0);
	printf("[%*d] [%-*d] [%.*d]\n", 6, 1, 6, 1, 4, 1);
	printf("[%d] [%d] [%u]\n", INT_MIN, INT_MAX, UINT_MAX);
	printf("[%ld] [%lu] [%lx]\n", LONG_MIN, ULONG_MAX, (unsigned long)LONG_MAX);
	printf("[%lld] [%llu]\n", LLONG_MIN, ULLONG_MAX);
	printf("[%hhd] [%hhu] [%hd] [%hu]\n", (signed char)-1, (unsigned char)255,
	       (short)-32768, (unsigned short)65535);
	printf("[%zu] [%zd] [%jd] [%ju] [%td]\n", (size_t)12345, (ptrdiff_t)-1,
	       INTMAX_MIN, UINTMAX_MAX, (ptrdiff_t)-7);
	printf("[%p]\n", (void *)0);
	int count = 0;
	printf("abc%ndef\n", &count);
	printf("%%n counted %d\n", count);
}

static void floats(void)
{
	const double values[] = { 0.0, -0.0, 1.0, -1.5, 1.0 / 3.0, 2.5, 3.5, 123456789.0,
				  1e-5, 1e300, -1e-300, DBL_MAX, DBL_MIN, 4.9e-324 };
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		double v = values[i];
		printf("[%f] [%.0f] [%.10f] [%e] [%.3E] [%g] [%G] [%.17g] [%a] [%A]\n",
		       v, v, v, v, v, v, v, v, v, v);
	}
	printf("[%f] [%f] [%e] [%g] [%a]\n", INFINITY, -INFINITY, INFINITY, -INFINITY, INFINITY);
	printf("[%f] [%F] [%e] [%g]\n", NAN, NAN, NAN, -NAN);
	printf("[%10.3f] [%-10.3f] [%+010.3f] [%#.0f] [%#g] [% .2e]\n",
	       3.14159, 3.14159, 3.14159, 3.0, 1.0, 31415.9);
	printf("[%.*f] [%*.*e]\n", 3, 2.0 / 3.0, 12, 2, 2.0 / 3.0);
	printf("[%.3a] [%.0a] [%a]\n", 1.0, 1.5, 0x1.fffffffffffffp+1023);
	printf("[%f] [%g]\n", (float)0.1f, (double)(float)1e10f);
}

static void long_doubles(void)
{
	const long double values[] = { 1.0L, 1.0L / 3.0L, -2.5L, 1e4000L, LDBL_MIN, LDBL_MAX };
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		long double v = values[i];
		printf("[%Lf] [%.25Le] [%Lg] [%.30Lg] [%La]\n", v, v, v, v, v);
	}
	long double third = 1.0L / 3.0L;
	printf("sum [%.30Lf] product [%.30Lf]\n", third + third, third * 3.0L);
	printf("LDBL_MANT_DIG %d LDBL_MAX_EXP %d sizeof %zu\n",
	       LDBL_MANT_DIG, LDBL_MAX_EXP, sizeof(long double));
}

static void strings(void)
{
	printf("[%s] [%10s] [%-10s] [%.3s] [%10.2s] [%*s]\n",
	       "text", "right", "left", "truncate", "ab", 4, "x");
	printf("[%c%c%c] [%5c] [%-5c]\n", 'a', 'b', 'c', 'r', 'l');
	printf("[%s]\n", "");
	printf("[%s] [%.4s]\n", "héllo ✓", "héllo");
	printf("100%% literal\n");
}

static void put_family(void)
{
	puts("puts adds a newline");
	puts("");
	fputs("fputs does not", stdout);
	fputs(" add one\n", stdout);
	putchar('p');
	putchar('u');
	putchar('t');
	putchar('\n');
	fputc('f', stdout);
	putc('\n', stdout);
}

static void fwrite_counts(void)
{
	/* Text with a tab, UTF-8 and no terminator: only the bytes asked for go out. */
	static const char text[] = "tab\there, é, ✓ and more than asked";
	size_t n = fwrite(text, 1, 20, stdout);
	putchar('\n');
	printf("fwrite(1, 20) -> %zu\n", n);
	n = fwrite("abcdefghijkl", 3, 4, stdout);
	putchar('\n');
	printf("fwrite(3, 4) -> %zu\n", n);
	printf("fwrite(0, 4) -> %zu\n", fwrite("abc", 0, 4, stdout));
	printf("fwrite(4, 0) -> %zu\n", fwrite("abc", 4, 0, stdout));
}

static void snprintf_bounds(void)
{
	char buffer[8];
	memset(buffer, 'X', sizeof buffer);
	int n = snprintf(buffer, sizeof buffer, "%s-%d", "truncated", 12345);
	printf("snprintf -> %d [%s] terminated %s\n", n, buffer,
	       buffer[sizeof buffer - 1] == '\0' ? "yes" : "no");
	n = snprintf(NULL, 0, "%d %s %f", 100, "abc", 1.5);
	printf("snprintf(NULL, 0) -> %d\n", n);
	memset(buffer, 'X', sizeof buffer);
	volatile size_t one = 1;
	n = snprintf(buffer, one, "abc");
	printf("snprintf(size 1) -> %d empty %s\n", n, buffer[0] == '\0' ? "yes" : "no");
	n = snprintf(buffer, sizeof buffer, "%s", "fits");
	printf("snprintf fits -> %d [%s]\n", n, buffer);
	char big[64];
	sprintf(big, "%08.3f|%-6s|%x", -3.5, "ab", 48879u);
	printf("sprintf [%s]\n", big);
}

/*
 * stdout is fully buffered (set in main): bytes written to fd 1 directly
 * overtake what waits in the buffer until fflush.
 */
static void buffering(void)
{
	fflush(stdout);
	printf("buffered first");
	write(STDOUT_FILENO, "[direct write overtakes] ", 25);
	fflush(stdout);
	putchar('\n');
	fflush(stdout);

	char memory[64] = { 0 };
	FILE *f = fmemopen(memory, sizeof memory, "w");
	if (f == NULL) {
		printf("fmemopen failed\n");
		return;
	}
	setvbuf(f, NULL, _IONBF, 0);
	fputs("unbuffered", f);
	printf("memory stream without buffer holds [%s]\n", memory);
	fclose(f);
}

int main(void)
{
	int full = setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
	int unbuffered = setvbuf(stderr, NULL, _IONBF, 0);
	int invalid = setvbuf(stdin, NULL, 12345, 0);
	printf("setvbuf full %d, none %d, invalid mode fails %s\n",
	       full, unbuffered, invalid != 0 ? "yes" : "no");

	integers();
	floats();
	long_doubles();
	strings();
	put_family();
	fwrite_counts();
	snprintf_bounds();
	buffering();
	printf("ferror(stdout) %d\n", ferror(stdout));
	return 0;
}
