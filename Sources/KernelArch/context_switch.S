/* Thread context switch and thread entry (see ThreadContext.swift for the
 * layout). Only what the psABI says a call preserves needs saving here —
 * ra, sp, s0-s11, fs0-fs11 — plus tp (the thread pointer, per thread) and
 * fcsr (rounding mode and flags, per thread): the switch is an ordinary
 * call, and the caller has saved the rest. Preemption goes through the trap
 * vector first, which saves everything else. */
#define SAVE(reg, n)    sd reg, (n) * 8(a0)
#define LOAD(reg, n)    ld reg, (n) * 8(a1)
#define FSAVE(reg, n)   fsd reg, (n) * 8(a0)
#define FLOAD(reg, n)   fld reg, (n) * 8(a1)

/* void rk_arch_switch(ThreadContext *from, const ThreadContext *to): sscratch
 * is per thread too — its trap stack top, or 0 while it is inside a trap
 * handler (trap.S) — so it is saved and loaded with the rest. */
    .section .text.rk_arch_switch, "ax"
    .globl  rk_arch_switch
rk_arch_switch:
    csrr    t0, sscratch
    sd      t0, 28 * 8(a0)
    ld      t0, 28 * 8(a1)
    csrw    sscratch, t0
    SAVE(ra, 0)
    SAVE(sp, 1)
    SAVE(s0, 2)
    SAVE(s1, 3)
    SAVE(s2, 4)
    SAVE(s3, 5)
    SAVE(s4, 6)
    SAVE(s5, 7)
    SAVE(s6, 8)
    SAVE(s7, 9)
    SAVE(s8, 10)
    SAVE(s9, 11)
    SAVE(s10, 12)
    SAVE(s11, 13)
    SAVE(tp, 14)
    FSAVE(fs0, 15)
    FSAVE(fs1, 16)
    FSAVE(fs2, 17)
    FSAVE(fs3, 18)
    FSAVE(fs4, 19)
    FSAVE(fs5, 20)
    FSAVE(fs6, 21)
    FSAVE(fs7, 22)
    FSAVE(fs8, 23)
    FSAVE(fs9, 24)
    FSAVE(fs10, 25)
    FSAVE(fs11, 26)
    frcsr   t0
    sd      t0, 27 * 8(a0)

    LOAD(ra, 0)
    LOAD(sp, 1)
    LOAD(s0, 2)
    LOAD(s1, 3)
    LOAD(s2, 4)
    LOAD(s3, 5)
    LOAD(s4, 6)
    LOAD(s5, 7)
    LOAD(s6, 8)
    LOAD(s7, 9)
    LOAD(s8, 10)
    LOAD(s9, 11)
    LOAD(s10, 12)
    LOAD(s11, 13)
    LOAD(tp, 14)
    FLOAD(fs0, 15)
    FLOAD(fs1, 16)
    FLOAD(fs2, 17)
    FLOAD(fs3, 18)
    FLOAD(fs4, 19)
    FLOAD(fs5, 20)
    FLOAD(fs6, 21)
    FLOAD(fs7, 22)
    FLOAD(fs8, 23)
    FLOAD(fs9, 24)
    FLOAD(fs10, 25)
    FLOAD(fs11, 26)
    ld      t0, 27 * 8(a1)
    fscsr   t0
    ret

/* Where a new thread's first switch lands: s0 holds the function, s1 its
 * argument. The thread leaves the kernel here, so interrupts go on; if the
 * function returns, its value is the thread's exit status (as clone(2)). */
    .section .text.rk_arch_thread_entry, "ax"
    .globl  rk_arch_thread_entry
rk_arch_thread_entry:
    csrsi   sstatus, 2               /* SIE */
    mv      a0, s1
    mv      t0, s0
    mv      s0, zero                 /* the new thread's frame chain starts here */
    jalr    t0
    tail    rk_thread_return
