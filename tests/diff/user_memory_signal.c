/*
 * A signal whose frame the kernel cannot write: the handler runs on an
 * alternate stack in read-only data. Linux cannot push the frame and ends
 * the program with SIGSEGV (force_sigsegv, status 139); Runikraft checks
 * the frame writable and does the same, instead of faulting in the kernel.
 */
// expect-kernel-notice: no room on the stack for a signal frame
#include <signal.h>
#include <stdio.h>
#include <string.h>

static const char readonly_stack[65536] __attribute__((aligned(4096))) = { 1 };

static void handler(int signal)
{
	printf("handler ran for %d\n", signal);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	stack_t stack = { .ss_sp = (void *)readonly_stack, .ss_size = sizeof readonly_stack, .ss_flags = 0 };
	printf("sigaltstack: %d\n", sigaltstack(&stack, NULL));
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_handler = handler;
	action.sa_flags = SA_ONSTACK;
	printf("sigaction: %d\n", sigaction(SIGUSR1, &action, NULL));
	printf("raising SIGUSR1\n");
	raise(SIGUSR1);
	printf("not reached\n");
	return 0;
}
