// The program tests/tooling/run.sh debugs with gdb: a local variable to
// print, a step, and a write whose kernel handler gets a breakpoint.
#include <string.h>
#include <unistd.h>

static int greet(const char *text) {
    size_t length = strlen(text);
    return (int)write(1, text, length);
}

int main(void) {
    int answer = 42;
    answer += greet("hello from gdb\n");
    return answer == 57 ? 0 : 1;
}
