/* Trap entry and exit. A TrapFrame (TrapFrame.swift: x0-x31, sepc,
 * sstatus, scause, stval, f0-f31, fcsr, and the sscratch value to put back)
 * is saved on the running thread's trap stack, whose top sscratch holds — a
 * stack of its own, so that even a stack overflow can be reported. Three
 * ways in:
 *
 *   rk_trap_vector           stvec (direct mode): every interrupt and exception
 *   rk_syscall_signal_entry  __rk_syscall returning with a signal to deliver
 *                            (sepc and sstatus prepared by syscall_entry.S)
 *   rk_trap_resume(frame)    continue a context built in memory (rt_sigreturn)
 *
 * While a handler runs, sscratch is 0: a trap taken inside it (a page fault
 * on demand-zero memory while a signal frame is written, say) is a nested
 * one and stacks its frame below the handler's, on the same trap stack.
 *
 * The handlers may rewrite the frame (signal delivery) or switch to another
 * thread and come back later; the way out restores the frame and does sret. */
#define FRAME_SIZE (70 * 8)
#define REG(n) ((n) * 8)
#define FREG(n) ((36 + (n)) * 8)
#define SCRATCH (69 * 8)

/* Saves the interrupted context; sscratch held the trap stack top, or 0
 * inside a handler. */
.macro SAVE_FRAME
    csrrw   sp, sscratch, sp         /* sp = trap stack top, sscratch = old sp */
    bnez    sp, 1f
    csrrw   sp, sscratch, sp         /* nested: back to the handler's sp, sscratch = 0 */
    /* A fault within two pages below the handler's sp (or one above) is
     * the trap stack running into its guard page: no frame fits, so the
     * report runs on a stack of its own. sscratch keeps t0 meanwhile. */
    csrw    sscratch, t0
    csrr    t0, stval
    sub     t0, t0, sp
    addi    t0, t0, 2047
    addi    t0, t0, 2047
    addi    t0, t0, 2047
    addi    t0, t0, 2047             /* t0 = stval - sp + 8188 */
    srli    t0, t0, 12
    sltiu   t0, t0, 3                /* stval - sp in [-8188, 4100) */
    bnez    t0, rk_trap_stack_overflow_entry
    csrrw   t0, sscratch, zero
    addi    sp, sp, -FRAME_SIZE
    sd      t0, REG(5)(sp)
    sd      zero, SCRATCH(sp)        /* still inside a handler on the way out */
    addi    t0, sp, FRAME_SIZE
    sd      t0, REG(2)(sp)
    j       2f
1:  addi    sp, sp, -FRAME_SIZE
    sd      t0, REG(5)(sp)
    addi    t0, sp, FRAME_SIZE
    sd      t0, SCRATCH(sp)          /* the trap stack top again on the way out */
    csrrw   t0, sscratch, zero
    sd      t0, REG(2)(sp)           /* the interrupted sp */
2:
    .irp n, 1,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd      x\n, REG(\n)(sp)
    .endr
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fsd     f\n, FREG(\n)(sp)
    .endr
    frcsr   t0
    sd      t0, FREG(32)(sp)
    csrr    t0, sepc
    sd      t0, REG(32)(sp)
    csrr    t0, sstatus
    sd      t0, REG(33)(sp)
    csrr    t0, scause
    sd      t0, REG(34)(sp)
    csrr    t0, stval
    sd      t0, REG(35)(sp)
.endm

/* Restores the frame at sp (the top of the trap stack) and returns to it. */
.macro RESTORE_FRAME_AND_RETURN
    ld      t0, FREG(32)(sp)
    fscsr   t0
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fld     f\n, FREG(\n)(sp)
    .endr
    ld      t0, REG(32)(sp)
    csrw    sepc, t0
    ld      t0, REG(33)(sp)
    csrw    sstatus, t0
    ld      t0, SCRATCH(sp)
    csrw    sscratch, t0             /* trap stack top, or 0 back in a handler */
    .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld      x\n, REG(\n)(sp)
    .endr
    ld      x2, REG(2)(sp)
    sret
.endm

    .section .text.trap, "ax"
    .balign 4
    .globl  rk_trap_vector
rk_trap_vector:
    SAVE_FRAME
    mv      a0, sp
    call    rk_trap
    RESTORE_FRAME_AND_RETURN

    .globl  rk_syscall_signal_entry
rk_syscall_signal_entry:
    SAVE_FRAME
    mv      a0, sp
    call    rk_syscall_signals
    RESTORE_FRAME_AND_RETURN

/* The trap stack overflowed inside a handler: report it on the emergency
 * stack (never returns). */
rk_trap_stack_overflow_entry:
    lla     sp, __emergency_stack_top
    mv      s0, zero
    csrr    a0, stval
    csrr    a1, sepc
    call    rk_trap_stack_overflow
1:  j       1b

/* void rk_trap_resume(TrapFrame *frame): frame lies at the top of the running
 * thread's trap stack. */
    .globl  rk_trap_resume
rk_trap_resume:
    mv      sp, a0
    addi    t0, a0, FRAME_SIZE
    sd      t0, SCRATCH(sp)
    RESTORE_FRAME_AND_RETURN

/* For reporting a trap stack overflow (one hart). */
    .section .stack.emergency, "aw", @nobits
    .balign 16
    .space  8 * 1024
__emergency_stack_top:

/* The first thread's trap stack, above a guard page the kernel leaves
 * unmapped. */
    .section .stack.trap, "aw", @nobits
    .balign 4096
    .globl  __trap_stack_guard
__trap_stack_guard:
    .space  4096
    .space  16 * 1024
    .globl  __trap_stack_top
__trap_stack_top:
