# long __syscall_cp_asm(volatile int *cancel, long nr,
#                       long u, long v, long w, long x, long y, long z)
#
# A system call that is a cancellation point. pthread_cancel's signal handler
# moves a thread whose interrupted pc lies in [__cp_begin, __cp_end) to
# __cp_cancel, so only the cancel check and the call into the kernel may lie
# in that range: once __rk_syscall has returned, the call has taken effect and
# must not be cancelled. A kernel that interrupts the call to run that handler
# reports an address inside the range (before the return address __cp_end)
# and the stack pointer at the call.
#
# Both ways into __cp_cancel have the frame below pushed; it is popped before
# the tail call so that __cancel returns straight to our caller.

.global __cp_begin
.hidden __cp_begin
.global __cp_end
.hidden __cp_end
.global __cp_cancel
.hidden __cp_cancel
.hidden __cancel
.global __syscall_cp_asm
.hidden __syscall_cp_asm
.type __syscall_cp_asm, %function
__syscall_cp_asm:
	# 16-byte frame (psABI stack alignment) holding ra and the caller's
	# frame pointer, so that crash backtraces can walk through this call.
	addi sp, sp, -16
	sd ra, 8(sp)
	sd s0, 0(sp)
	addi s0, sp, 16
__cp_begin:
	lw t0, 0(a0)
	bnez t0, __cp_cancel

	# __rk_syscall(nr, u, v, w, x, y, z): every argument moves down one
	# register.
	mv a0, a1
	mv a1, a2
	mv a2, a3
	mv a3, a4
	mv a4, a5
	mv a5, a6
	mv a6, a7
	call __rk_syscall
__cp_end:
	ld ra, 8(sp)
	ld s0, 0(sp)
	addi sp, sp, 16
	ret
__cp_cancel:
	ld ra, 8(sp)
	ld s0, 0(sp)
	addi sp, sp, 16
	tail __cancel
.size __syscall_cp_asm, . - __syscall_cp_asm
