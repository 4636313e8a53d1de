// rk.selfcheck=plant: before checking, the kernel leaks an open file and a
// page on purpose; the check must name both and turn the program's status
// 0 into 70. Proves the check can fail.
// run-options: --kernel-option rk.selfcheck=plant
// expect-status: 70
#include <stdio.h>

int main(void)
{
	printf("leaving\n");
	return 0;
}
