# Signal handlers return here: sigaction passes __restore_rt (SA_SIGINFO) or
# __restore as sa_restorer, and the kernel sets ra to it before entering the
# handler. rt_sigreturn finds the signal frame at the stack pointer, as on
# Linux, so this pushes nothing and tail-calls the kernel.

.global __restore
.hidden __restore
.type __restore, %function
__restore:
.global __restore_rt
.hidden __restore_rt
.type __restore_rt, %function
__restore_rt:
	li a0, 139		# SYS_rt_sigreturn
	li a1, 0
	li a2, 0
	li a3, 0
	li a4, 0
	li a5, 0
	li a6, 0
	tail __rk_syscall
.size __restore_rt, . - __restore_rt
.size __restore, . - __restore
