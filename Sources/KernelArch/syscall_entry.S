/* long __rk_syscall(long n, long a0, ..., long a5): the one entry from libc
 * into the kernel — a function call, not a trap. It turns interrupts off for
 * the kernel's run (every kernel entry is atomic on the hart; see
 * Scheduler.swift), calls the dispatcher with the arguments as they came,
 * and restores sstatus.SIE on the way out. In assembly so that this costs a
 * handful of instructions: no registers but ra and the old sstatus are kept. */
    .section .text.__rk_syscall, "ax"
    .globl  __rk_syscall
__rk_syscall:
    csrrci  t0, sstatus, 2           /* SIE off; t0 = sstatus before */
    addi    sp, sp, -16
    sd      ra, 8(sp)
    sd      t0, 0(sp)
    call    rk_syscall_dispatch
    ld      t0, 0(sp)
    ld      ra, 8(sp)
    addi    sp, sp, 16
    andi    t0, t0, 2
    csrs    sstatus, t0              /* SIE back on if it was */
    ret
