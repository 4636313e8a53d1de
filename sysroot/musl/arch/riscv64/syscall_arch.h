/* Runikraft: a system call is a plain function call into the kernel, which
 * is linked into the same image and runs in the same privilege mode; an
 * `ecall` from S-mode would trap to the SBI firmware instead.
 *
 * __rk_syscall takes the Linux riscv64 system call number and six argument
 * registers and returns what Linux would return (-errno on failure), so the
 * rest of musl is unchanged. Unused arguments are passed as zero. */

long __rk_syscall(long, long, long, long, long, long, long);

/* 64-bit registers: a 64-bit value is one argument, as on Linux riscv64. */
#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

static inline long __syscall0(long n)
{
	return __rk_syscall(n, 0, 0, 0, 0, 0, 0);
}

static inline long __syscall1(long n, long a)
{
	return __rk_syscall(n, a, 0, 0, 0, 0, 0);
}

static inline long __syscall2(long n, long a, long b)
{
	return __rk_syscall(n, a, b, 0, 0, 0, 0);
}

static inline long __syscall3(long n, long a, long b, long c)
{
	return __rk_syscall(n, a, b, c, 0, 0, 0);
}

static inline long __syscall4(long n, long a, long b, long c, long d)
{
	return __rk_syscall(n, a, b, c, d, 0, 0);
}

static inline long __syscall5(long n, long a, long b, long c, long d, long e)
{
	return __rk_syscall(n, a, b, c, d, e, 0);
}

static inline long __syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	return __rk_syscall(n, a, b, c, d, e, f);
}

/* There is no vDSO: VDSO_USEFUL stays undefined, so clock_gettime and
 * friends always go through __rk_syscall. */

/* Linux riscv64 always uses the 64-bit SysV IPC layouts and takes no IPC_64
 * flag in the command (it does not select ARCH_WANT_IPC_PARSE_VERSION). */
#define IPC_64 0
