# int __clone(int (*fn)(void *), void *stack, int flags, void *arg,
#             pid_t *ptid, void *tls, pid_t *ctid)
#
# Starts a task that runs fn(arg) on `stack` and exits with its return value;
# used by pthread_create, posix_spawn, faccessat and clone(). The kernel's
# __rk_clone does all of that and takes the same arguments in the same
# registers (a0..a6; variadic integer arguments travel in registers too,
# RISC-V psABI), so this is only a tail call.

.global __clone
.hidden __clone
.type __clone, %function
__clone:
	tail __rk_clone
.size __clone, . - __clone
