/*
 * The smallest image qemu virt can boot: it writes the kernel's start marker
 * (\1runikraft\2, see ConsoleStartFilter) to the UART at 0x10000000, as the
 * kernel does when `runikraft run` asks, then ends the VM through the
 * sifive,test0 finisher at 0x100000. Writing 0x5555 makes qemu exit with
 * status 0, (code << 16) | 0x3333 with status `code`. It proves the exit-status
 * plumbing of `runikraft run` and is the floor of the boot benchmark: qemu plus
 * OpenSBI plus nothing.
 *
 * -DEXIT_STATUS=n picks the status (default 0); -DHANG spins instead, for
 * timeout tests. Link at 0x80200000, where OpenSBI jumps.
 */
#ifndef EXIT_STATUS
#define EXIT_STATUS 0
#endif

#if EXIT_STATUS == 0
#define FINISHER_VALUE 0x5555
#else
#define FINISHER_VALUE ((EXIT_STATUS << 16) | 0x3333)
#endif

        .section .text
        .globl  _start
_start:
        li      t0, 0x10000000
        lla     t1, marker
2:      lbu     t2, 0(t1)
        beqz    t2, 3f
        sb      t2, 0(t0)
        addi    t1, t1, 1
        j       2b
3:
#ifndef HANG
        li      t0, 0x100000
        li      t1, FINISHER_VALUE
        sw      t1, 0(t0)
#endif
1:      j       1b

        .section .rodata
marker: .asciz  "\001runikraft\002"
