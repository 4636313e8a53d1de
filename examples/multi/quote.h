#ifndef QUOTE_H
#define QUOTE_H

#include <stdio.h>

/* Writes s to out in double quotes, escaping what a terminal would hide. */
void print_quoted(FILE *out, const char *s);

#endif
