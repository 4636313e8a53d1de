# _Noreturn void __unmapself(void *base, size_t size)
#
# The last step of pthread_exit for a detached thread: free its own stack,
# then end the thread. On Linux the two system calls need no user stack.
# Here __rk_syscall runs on the caller's stack, so the SYS_exit call below
# still stands on the memory just unmapped: the kernel must keep a range
# that holds the calling thread's stack usable by that thread until it exits.

.global __unmapself
.hidden __unmapself
.type __unmapself, %function
__unmapself:
	mv a2, a1
	mv a1, a0
	li a0, 215		# SYS_munmap
	li a3, 0
	li a4, 0
	li a5, 0
	li a6, 0
	call __rk_syscall

	li a0, 93		# SYS_exit
	li a1, 0
	li a2, 0
	li a3, 0
	li a4, 0
	li a5, 0
	li a6, 0
	tail __rk_syscall
.size __unmapself, . - __unmapself
