/* Trap vector (stvec, direct mode). Saves every register, floating point
 * included, into a TrapFrame (see TrapFrame.swift for the layout) on the
 * running thread's trap stack, whose top sscratch holds — a stack of its
 * own, so that even a stack overflow can be reported. Calls rk_trap(frame),
 * which may switch to another thread and come back later, then restores the
 * frame and returns with sret. */
#define FRAME_SIZE (70 * 8)
#define REG(n) ((n) * 8)
#define FREG(n) ((36 + (n)) * 8)

    .section .text.trap, "ax"
    .balign 4
    .globl  rk_trap_vector
rk_trap_vector:
    csrrw   sp, sscratch, sp         /* sp = trap stack, sscratch = old sp */
    addi    sp, sp, -FRAME_SIZE
    sd      x1, REG(1)(sp)
    sd      x3, REG(3)(sp)
    sd      x4, REG(4)(sp)
    sd      x5, REG(5)(sp)
    sd      x6, REG(6)(sp)
    sd      x7, REG(7)(sp)
    sd      x8, REG(8)(sp)
    sd      x9, REG(9)(sp)
    sd      x10, REG(10)(sp)
    sd      x11, REG(11)(sp)
    sd      x12, REG(12)(sp)
    sd      x13, REG(13)(sp)
    sd      x14, REG(14)(sp)
    sd      x15, REG(15)(sp)
    sd      x16, REG(16)(sp)
    sd      x17, REG(17)(sp)
    sd      x18, REG(18)(sp)
    sd      x19, REG(19)(sp)
    sd      x20, REG(20)(sp)
    sd      x21, REG(21)(sp)
    sd      x22, REG(22)(sp)
    sd      x23, REG(23)(sp)
    sd      x24, REG(24)(sp)
    sd      x25, REG(25)(sp)
    sd      x26, REG(26)(sp)
    sd      x27, REG(27)(sp)
    sd      x28, REG(28)(sp)
    sd      x29, REG(29)(sp)
    sd      x30, REG(30)(sp)
    sd      x31, REG(31)(sp)
    fsd     f0, FREG(0)(sp)
    fsd     f1, FREG(1)(sp)
    fsd     f2, FREG(2)(sp)
    fsd     f3, FREG(3)(sp)
    fsd     f4, FREG(4)(sp)
    fsd     f5, FREG(5)(sp)
    fsd     f6, FREG(6)(sp)
    fsd     f7, FREG(7)(sp)
    fsd     f8, FREG(8)(sp)
    fsd     f9, FREG(9)(sp)
    fsd     f10, FREG(10)(sp)
    fsd     f11, FREG(11)(sp)
    fsd     f12, FREG(12)(sp)
    fsd     f13, FREG(13)(sp)
    fsd     f14, FREG(14)(sp)
    fsd     f15, FREG(15)(sp)
    fsd     f16, FREG(16)(sp)
    fsd     f17, FREG(17)(sp)
    fsd     f18, FREG(18)(sp)
    fsd     f19, FREG(19)(sp)
    fsd     f20, FREG(20)(sp)
    fsd     f21, FREG(21)(sp)
    fsd     f22, FREG(22)(sp)
    fsd     f23, FREG(23)(sp)
    fsd     f24, FREG(24)(sp)
    fsd     f25, FREG(25)(sp)
    fsd     f26, FREG(26)(sp)
    fsd     f27, FREG(27)(sp)
    fsd     f28, FREG(28)(sp)
    fsd     f29, FREG(29)(sp)
    fsd     f30, FREG(30)(sp)
    fsd     f31, FREG(31)(sp)
    frcsr   t0
    sd      t0, FREG(32)(sp)
    csrr    t0, sscratch
    sd      t0, REG(2)(sp)           /* the interrupted sp */
    csrr    t0, sepc
    sd      t0, REG(32)(sp)
    csrr    t0, sstatus
    sd      t0, REG(33)(sp)
    csrr    t0, scause
    sd      t0, REG(34)(sp)
    csrr    t0, stval
    sd      t0, REG(35)(sp)

    mv      a0, sp
    call    rk_trap

    ld      t0, FREG(32)(sp)
    fscsr   t0
    fld     f0, FREG(0)(sp)
    fld     f1, FREG(1)(sp)
    fld     f2, FREG(2)(sp)
    fld     f3, FREG(3)(sp)
    fld     f4, FREG(4)(sp)
    fld     f5, FREG(5)(sp)
    fld     f6, FREG(6)(sp)
    fld     f7, FREG(7)(sp)
    fld     f8, FREG(8)(sp)
    fld     f9, FREG(9)(sp)
    fld     f10, FREG(10)(sp)
    fld     f11, FREG(11)(sp)
    fld     f12, FREG(12)(sp)
    fld     f13, FREG(13)(sp)
    fld     f14, FREG(14)(sp)
    fld     f15, FREG(15)(sp)
    fld     f16, FREG(16)(sp)
    fld     f17, FREG(17)(sp)
    fld     f18, FREG(18)(sp)
    fld     f19, FREG(19)(sp)
    fld     f20, FREG(20)(sp)
    fld     f21, FREG(21)(sp)
    fld     f22, FREG(22)(sp)
    fld     f23, FREG(23)(sp)
    fld     f24, FREG(24)(sp)
    fld     f25, FREG(25)(sp)
    fld     f26, FREG(26)(sp)
    fld     f27, FREG(27)(sp)
    fld     f28, FREG(28)(sp)
    fld     f29, FREG(29)(sp)
    fld     f30, FREG(30)(sp)
    fld     f31, FREG(31)(sp)
    ld      t0, REG(32)(sp)
    csrw    sepc, t0
    ld      t0, REG(33)(sp)
    csrw    sstatus, t0
    addi    t0, sp, FRAME_SIZE
    csrw    sscratch, t0             /* trap stack top again */
    ld      x1, REG(1)(sp)
    ld      x3, REG(3)(sp)
    ld      x4, REG(4)(sp)
    ld      x5, REG(5)(sp)
    ld      x6, REG(6)(sp)
    ld      x7, REG(7)(sp)
    ld      x8, REG(8)(sp)
    ld      x9, REG(9)(sp)
    ld      x10, REG(10)(sp)
    ld      x11, REG(11)(sp)
    ld      x12, REG(12)(sp)
    ld      x13, REG(13)(sp)
    ld      x14, REG(14)(sp)
    ld      x15, REG(15)(sp)
    ld      x16, REG(16)(sp)
    ld      x17, REG(17)(sp)
    ld      x18, REG(18)(sp)
    ld      x19, REG(19)(sp)
    ld      x20, REG(20)(sp)
    ld      x21, REG(21)(sp)
    ld      x22, REG(22)(sp)
    ld      x23, REG(23)(sp)
    ld      x24, REG(24)(sp)
    ld      x25, REG(25)(sp)
    ld      x26, REG(26)(sp)
    ld      x27, REG(27)(sp)
    ld      x28, REG(28)(sp)
    ld      x29, REG(29)(sp)
    ld      x30, REG(30)(sp)
    ld      x31, REG(31)(sp)
    ld      x2, REG(2)(sp)
    sret

    .section .stack.trap, "aw", @nobits
    .balign 16
    .space  16 * 1024
    .globl  __trap_stack_top
__trap_stack_top:
