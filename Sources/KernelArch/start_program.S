/* rk_arch_start_program(stack, main, argc, argv): moves to the program's
 * initial stack (built by InitialStack) and enters musl the way its crt1
 * would: __libc_start_main(main, argc, argv, 0, 0, 0). */
    .section .text.rk_arch_start_program, "ax"
    .globl  rk_arch_start_program
rk_arch_start_program:
    mv      sp, a0
    mv      a0, a1                   /* main */
    mv      a1, a2                   /* argc */
    mv      a2, a3                   /* argv */
    li      a3, 0
    li      a4, 0
    li      a5, 0
    mv      s0, zero                 /* the program's frame chain starts here */
    mv      ra, zero
    csrsi   sstatus, 2               /* SIE: the program runs preemptible */
    tail    __libc_start_main
