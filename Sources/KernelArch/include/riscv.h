/* RISC-V instructions Swift cannot express: CSR access, wfi, fences and
 * SBI calls (RISC-V privileged spec 20211203; SBI spec v1.0). */
#ifndef RUNIKRAFT_RISCV_H
#define RUNIKRAFT_RISCV_H

#include <stdint.h>

#define RK_CSR_READ(name) \
    static inline uint64_t rk_csr_read_##name(void) { \
        uint64_t value; __asm__ volatile("csrr %0, " #name : "=r"(value)); return value; }
#define RK_CSR_WRITE(name) \
    static inline void rk_csr_write_##name(uint64_t value) { __asm__ volatile("csrw " #name ", %0" :: "r"(value) : "memory"); } \
    static inline void rk_csr_set_##name(uint64_t bits) { __asm__ volatile("csrs " #name ", %0" :: "r"(bits) : "memory"); } \
    static inline void rk_csr_clear_##name(uint64_t bits) { __asm__ volatile("csrc " #name ", %0" :: "r"(bits) : "memory"); }

RK_CSR_READ(sstatus) RK_CSR_WRITE(sstatus)
RK_CSR_READ(sie)     RK_CSR_WRITE(sie)
RK_CSR_READ(sip)
RK_CSR_READ(stvec)   RK_CSR_WRITE(stvec)
RK_CSR_READ(sscratch) RK_CSR_WRITE(sscratch)
RK_CSR_READ(satp)    RK_CSR_WRITE(satp)

/* Orders page-table writes before later translations: of one page, or of
 * all (priv spec 4.2.1). */
static inline void rk_sfence_vma_page(uintptr_t address) { __asm__ volatile("sfence.vma %0, zero" :: "r"(address) : "memory"); }
static inline void rk_sfence_vma_all(void) { __asm__ volatile("sfence.vma zero, zero" ::: "memory"); }

/* stimecmp (Sstc extension, CSR 0x14d): the S-mode timer compare register,
 * written directly instead of through an SBI call. */
static inline void rk_csr_write_stimecmp(uint64_t value) { __asm__ volatile("csrw 0x14d, %0" :: "r"(value)); }

/* The `time` CSR: a constant-rate counter (the FDT's timebase-frequency). */
static inline uint64_t rk_read_time(void) {
    uint64_t value; __asm__ volatile("rdtime %0" : "=r"(value)); return value;
}

/* Clears sstatus.SIE and returns whether it was set (csrrci, one instruction). */
static inline int rk_interrupts_disable(void) {
    uint64_t previous; __asm__ volatile("csrrci %0, sstatus, 2" : "=r"(previous) :: "memory");
    return (previous & 2) != 0;
}
static inline void rk_interrupts_enable(void) { __asm__ volatile("csrsi sstatus, 2" ::: "memory"); }

static inline uintptr_t rk_read_thread_pointer(void) {
    uintptr_t value; __asm__ volatile("mv %0, tp" : "=r"(value)); return value;
}

static inline void rk_wait_for_interrupt(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void rk_fence(void) { __asm__ volatile("fence rw, rw" ::: "memory"); }

struct rk_sbi_result { long error; long value; };

/* An SBI call: extension id in a7, function id in a6, arguments in a0-a2;
 * the result comes back in a0 (error) and a1 (value). SBI spec chapter 3. */
static inline struct rk_sbi_result rk_sbi_call(long extension, long function, long arg0, long arg1, long arg2) {
    register long a0 __asm__("a0") = arg0;
    register long a1 __asm__("a1") = arg1;
    register long a2 __asm__("a2") = arg2;
    register long a6 __asm__("a6") = function;
    register long a7 __asm__("a7") = extension;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
    struct rk_sbi_result result = { a0, a1 };
    return result;
}

/* Switches to `stack` and calls musl's __libc_start_main(main, argc, argv,
 * 0, 0, 0); never returns. Defined in start_program.S. */
void rk_arch_start_program(uintptr_t stack, uintptr_t main, long argc, uintptr_t argv) __attribute__((noreturn));

/* Continues the context in `frame`, which lies at the top of the running
 * thread's trap stack (trap.S). */
void rk_trap_resume(void *frame) __attribute__((noreturn));

/* Set by the kernel when the running thread has a signal to take; read by
 * __rk_syscall on its way out (syscall_entry.S). */
extern unsigned char rk_signal_pending;

/* Non-zero routes every __rk_syscall through rk_syscall_traced
 * (syscall_entry.S; set at boot from the kernel option rk.trace). */
extern unsigned char rk_trace_enabled;

/* Turns the syscall trace on for the list of families and names given
 * (syscall_entry.S): 1, or 0 when the image was linked without the tracer. */
long rk_syscall_trace_start(const void *list, long count);

/* Zero-fills whole pages (zero_pages.S). */
void rk_arch_zero_pages(void *address, unsigned long bytes);

/* Thread switching (context_switch.S). */
void rk_arch_switch(void *from, const void *to);
void rk_arch_thread_entry(void);

/* Addresses the linker script (runikraft.ld) and the assembly define. */
extern char __image_start[], __text_end[], __rodata_start[], __data_start[], __bss_start[], __image_end[];
extern char __tdata_start[], __tdata_end[], __tbss_end[];
extern const uint64_t __tls_alignment;
extern char __trap_stack_top[], __boot_stack_top[], __trap_stack_guard[], __boot_stack_guard[];
void rk_trap_vector(void);
int main(int, char **, char **);

#define RK_SYMBOL(name) static inline uintptr_t rk_symbol##name(void) { return (uintptr_t)name; }
RK_SYMBOL(__image_start) RK_SYMBOL(__text_end) RK_SYMBOL(__rodata_start) RK_SYMBOL(__data_start)
RK_SYMBOL(__bss_start) RK_SYMBOL(__image_end)
RK_SYMBOL(__tdata_start) RK_SYMBOL(__tdata_end) RK_SYMBOL(__tbss_end)
RK_SYMBOL(__trap_stack_top) RK_SYMBOL(__boot_stack_top) RK_SYMBOL(rk_trap_vector)
RK_SYMBOL(__trap_stack_guard) RK_SYMBOL(__boot_stack_guard)
static inline uintptr_t rk_tls_alignment(void) { return (uintptr_t)__tls_alignment; }

/* How far rk_relocate (relocate.c) moved the image from where it was
 * loaded, and why it did not when it is 0. */
extern uintptr_t rk_image_offset;
extern int rk_image_unmoved_reason;
static inline uintptr_t rk_read_image_offset(void) { return rk_image_offset; }
static inline int rk_read_image_unmoved_reason(void) { return rk_image_unmoved_reason; }
RK_SYMBOL(rk_arch_thread_entry)

/* musl's canary check failure (src/env/__stack_chk_fail.c), which crashes
 * with a store to NULL: the crash report recognises it by its address. */
void __stack_chk_fail(void) __attribute__((weak));
static inline uintptr_t rk_symbol_stack_chk_fail(void) { return (uintptr_t)__stack_chk_fail; }

/* The program's main, which the kernel hands to musl. */
static inline uintptr_t rk_symbol_main(void) { return (uintptr_t)main; }

#endif
