/* Kernel entry. OpenSBI jumps here in S-mode with a0 = hart id and
 * a1 = physical address of the flattened device tree; the MMU is off and
 * interrupts are disabled. */
    .section .text.boot, "ax"
    .globl _start
_start:
    rdtime  s1                       /* boot timeline starts here */
    /* gp must be loaded without relaxation, which would use gp itself. */
    .option push
    .option norelax
    lla     gp, __global_pointer$
    .option pop

    lla     sp, __boot_stack_top
    mv      s0, zero                 /* ends the frame-pointer chain */

    /* Zero .bss. The stacks live in .stack, after it, and need no zeroing. */
    lla     t0, __bss_start
    lla     t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    /* sstatus.FS = Initial: C and Swift code may use the FPU (priv spec 4.1.1). */
    li      t0, 1 << 13
    csrs    sstatus, t0
    fscsr   zero

    mv      a2, s1
    call    rk_boot                  /* rk_boot(hartID, fdt, entryTime) never returns */
3:  wfi
    j       3b

/* The boot stack, above a guard page the kernel leaves unmapped. */
    .section .stack.boot, "aw", @nobits
    .balign 4096
    .globl  __boot_stack_guard
__boot_stack_guard:
    .space  4096
__boot_stack_bottom:
    .space  64 * 1024
    .globl  __boot_stack_top
__boot_stack_top:
