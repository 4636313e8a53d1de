/* Kernel entry. OpenSBI jumps here in S-mode with a0 = hart id and
 * a1 = physical address of the flattened device tree; the MMU is off and
 * interrupts are disabled. The image runs where it was loaded only until
 * rk_relocate (relocate.c) has moved it to a random virtual base; from
 * label 3 on it runs there, and every `lla` below that label gives the
 * new address. */
    .section .text.boot, "ax"
    .globl _start
_start:
    rdtime  s1                       /* boot timeline starts here */
    mv      s2, a0
    mv      s3, a1
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

    mv      a0, s3
    call    rk_relocate              /* a0 = how far the image moved (0: not) */
    rdtime  s4                       /* the end of relocation, for the timeline */
    lla     t0, 3f
    add     t0, t0, a0
    jr      t0
3:
    .option push
    .option norelax
    lla     gp, __global_pointer$
    .option pop
    lla     sp, __boot_stack_top
    mv      a0, s2
    mv      a1, s3
    mv      a2, s1
    mv      a3, s4
    call    rk_boot                  /* rk_boot(hartID, fdt, entryTime, relocatedTime) never returns */
4:  wfi
    j       4b

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

/* The early page table: a root and two level-1 tables. rk_relocate writes
 * every entry when it moves the image, and leaves it alone otherwise, so
 * it is not part of .bss, which every boot zeroes. */
    .section .boot_page_tables, "aw", @nobits
    .balign 4096
    .globl  __boot_page_tables
__boot_page_tables:
    .space  3 * 4096
