// Freeing a block twice is caught before it corrupts the heap: one line
// naming the pointer, and the status of an abort.
// expect-status: 134
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    char *volatile block = malloc(32);
    puts("freeing twice");
    fflush(stdout);
    free(block);
    free(block);
    puts("not reached");
    return 0;
}
