# _Noreturn void __unmapself(void *base, size_t size)
#
# The last step of pthread_exit for a detached thread: free its own stack,
# then end the thread. On Linux the two system calls need no user stack.
# Here the kernel runs on the caller's stack, so it offers both steps as one
# call, __rk_unmapself, which frees the stack and ends the thread with no
# chance for anything else to run (and reuse the memory) in between. The
# arguments are already in a0 and a1.

.global __unmapself
.hidden __unmapself
.type __unmapself, %function
__unmapself:
	tail __rk_unmapself
.size __unmapself, . - __unmapself
