/* long __rk_syscall(long n, long a0, ..., long a5): the one entry from libc
 * into the kernel — a function call, not a trap. It turns interrupts off for
 * the kernel's run (every kernel entry is atomic on the hart; see
 * Scheduler.swift), calls the dispatcher with the arguments as they came,
 * and restores sstatus.SIE on the way out. In assembly so that this costs a
 * handful of instructions: no registers but ra and the old sstatus are kept.
 *
 * With the syscall trace on (kernel option rk.trace, one byte set at boot)
 * the call goes to the tracing dispatcher, which prints the call and its
 * result around the plain one; off, the trace costs three instructions
 * (address, load, branch not taken). The tracer is an archive member of its
 * own, referred to weakly here, so images may be linked without it.
 *
 * When a signal waits for the calling thread (rk_signal_pending, kept by the
 * kernel), the return goes through the trap path instead, as if the caller
 * had been interrupted just after the call returned: the handler runs on a
 * signal frame, and rt_sigreturn continues from there.
 *
 * The CFI directives let gdb unwind from a kernel function back into the
 * program's caller. */
    .section .text.__rk_syscall, "ax"
    .globl  __rk_syscall
    .type   __rk_syscall, @function
__rk_syscall:
    .cfi_startproc
    csrrci  t0, sstatus, 2           /* SIE off; t0 = sstatus before */
    addi    sp, sp, -16
    .cfi_def_cfa_offset 16
    sd      ra, 8(sp)
    .cfi_offset ra, -8
    sd      t0, 0(sp)
4:  auipc   t1, %pcrel_hi(rk_trace_enabled)
    lbu     t1, %pcrel_lo(4b)(t1)
    bnez    t1, 2f
    call    rk_syscall_dispatch
3:  ld      t0, 0(sp)
    ld      ra, 8(sp)
    .cfi_remember_state
    .cfi_restore ra
    addi    sp, sp, 16
    .cfi_def_cfa_offset 0
    lla     t1, rk_signal_pending
    lbu     t1, 0(t1)
    bnez    t1, 1f
    andi    t0, t0, 2
    csrs    sstatus, t0              /* SIE back on if it was */
    ret
1:  /* sret will return to ra in S-mode, with SIE as it was before the call. */
    csrw    sepc, ra
    li      t1, (1 << 8) | (1 << 5)  /* SPP, SPIE */
    csrc    sstatus, t1
    li      t1, 1 << 8
    csrs    sstatus, t1
    andi    t0, t0, 2
    slli    t0, t0, 4                /* SIE (bit 1) -> SPIE (bit 5) */
    csrs    sstatus, t0
    j       rk_syscall_signal_entry
2:  .cfi_restore_state
    /* Through the GOT: the tracer may not be linked (a weak reference, 0
     * then), but the flag is set only by the tracer itself. */
    .option push
    .option pic
    la      t1, rk_syscall_traced
    .option pop
    jalr    t1
    j       3b
    .cfi_endproc
    .size   __rk_syscall, . - __rk_syscall

/* long rk_syscall_trace_start(const void *list, long count): turns the trace
 * on (rk_syscall_trace_enable, KernelTrace) and returns 1, or returns 0 when
 * the image was linked without the tracer. */
    .section .text.rk_syscall_trace_start, "ax"
    .globl  rk_syscall_trace_start
rk_syscall_trace_start:
    .option push
    .option pic
    la      t0, rk_syscall_trace_enable
    .option pop
    beqz    t0, 1f
    jr      t0
1:  li      a0, 0
    ret

    .weak   rk_syscall_traced
    .weak   rk_syscall_trace_enable

    .section .bss.rk_signal_pending, "aw", @nobits
    .globl  rk_signal_pending
rk_signal_pending:
    .byte   0

/* Non-zero when the syscall trace is on (KernelPosix/SyscallTracer.swift). */
    .section .sbss.rk_trace_enabled, "aw", @nobits
    .globl  rk_trace_enabled
rk_trace_enabled:
    .byte   0
