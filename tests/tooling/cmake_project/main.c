#include <math.h>
#include <stdio.h>

void greet(const char *name);

int main(void) {
    greet("cmake");
    printf("sqrt(2) = %.6f\n", sqrt(2.0));
    return 0;
}
