/*
 * Reading stdin to its end: fgets with a small buffer (long lines arrive in
 * pieces), an empty line, a last line without a newline, then EOF that stays
 * EOF.
 */
#include <stdio.h>
#include <string.h>

int main(void)
{
	char piece[16];
	int pieces = 0, lines = 0;
	size_t bytes = 0;
	while (fgets(piece, sizeof piece, stdin) != NULL) {
		size_t n = strlen(piece);
		int complete = n > 0 && piece[n - 1] == '\n';
		if (complete)
			piece[n - 1] = '\0';
		printf("piece %d (%zu bytes%s): [%s]\n", ++pieces, n,
		       complete ? ", ends the line" : "", piece);
		lines += complete;
		bytes += n;
	}
	printf("eof %s, error %s\n", feof(stdin) ? "yes" : "no", ferror(stdin) ? "yes" : "no");
	printf("%d pieces, %d newlines, %zu bytes\n", pieces, lines, bytes);
	printf("getchar after eof: %s\n", getchar() == EOF ? "EOF" : "data");
	clearerr(stdin);
	printf("fgets after clearerr: %s\n", fgets(piece, sizeof piece, stdin) == NULL ? "NULL" : "data");
	return 0;
}
