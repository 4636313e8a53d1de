#include <stdio.h>

int main(void)
{
	printf("Hello from Runikraft!\n");
	return 0;
}
