#include <stdio.h>
int scale(int value, int factor);
int main(void) {
    printf("scale(7, 6) = %d\n", scale(7, 6));
    return 0;
}
