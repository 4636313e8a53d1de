import LinuxABI

/// The system call table. musl's `__syscall` family calls `__rk_syscall`
/// (KernelArch/syscall_entry.S, which turns interrupts off for the kernel's
/// run) with the Linux riscv64 syscall number and up to six arguments, and
/// gets back the result or `-errno` — the Linux ABI exactly, minus the trap.
///
/// Each handler is its own function (`@inline(never)`), so that this switch
/// stays a jump table with a tail call and a syscall costs little more than
/// the call itself.
@_cdecl("rk_syscall_dispatch")
public func rk_syscall_dispatch(_ number: Int, _ a0: Int, _ a1: Int, _ a2: Int, _ a3: Int, _ a4: Int, _ a5: Int) -> Int {
    switch Syscall(rawValue: number) {
    // Files (the console until the VFS exists)
    case .read?: rk_sys_read(a0, a1, a2)
    case .write?: rk_sys_write(a0, a1, a2)
    case .readv?: rk_sys_readv(a0, a1, a2)
    case .writev?: rk_sys_writev(a0, a1, a2)
    case .pread64?: rk_sys_pread64(a0, a1, a2, a3)
    case .lseek?: rk_sys_lseek(a0, a1, a2)
    case .close?: rk_sys_close(a0)
    case .ioctl?: rk_sys_ioctl(a0, a1, a2)
    case .fstat?: rk_sys_fstat(a0, a1)
    case .newfstatat?: rk_sys_newfstatat(a0, a1, a2, a3)
    case .openat?: rk_sys_openat(a0, a1, a2, a3)
    case .ppoll?: rk_sys_ppoll(a0, a1, a2, a3, a4)
    case .pselect6?: rk_sys_pselect6(a0, a1, a2, a3, a4, a5)
    // Memory
    case .brk?: rk_sys_brk(a0)
    case .mmap?: rk_sys_mmap(a0, a1, a2, a3, a4, a5)
    case .munmap?: rk_sys_munmap(a0, a1)
    case .mremap?: rk_sys_mremap(a0, a1, a2, a3, a4)
    case .mprotect?: rk_sys_mprotect(a0, a1, a2)
    case .madvise?: rk_sys_madvise(a0, a1, a2)
    // Time
    case .clock_gettime?: rk_sys_clock_gettime(a0, a1)
    case .clock_getres?: rk_sys_clock_getres(a0, a1)
    case .gettimeofday?: rk_sys_gettimeofday(a0, a1)
    case .nanosleep?: rk_sys_nanosleep(a0, a1)
    case .clock_nanosleep?: rk_sys_clock_nanosleep(a0, a1, a2, a3)
    // Process
    case .exit?: rk_sys_exit(a0)
    case .exit_group?: rk_sys_exit_group(a0)
    case .getpid?: rk_sys_getpid()
    case .getppid?: rk_sys_getppid()
    case .gettid?: rk_sys_gettid()
    case .getuid?, .geteuid?: rk_sys_getuid()
    case .getgid?, .getegid?: rk_sys_getgid()
    case .getresuid?: rk_sys_getresuid(a0, a1, a2)
    case .getresgid?: rk_sys_getresgid(a0, a1, a2)
    case .getpgid?: rk_sys_getpgid(a0)
    case .setpgid?: rk_sys_setpgid(a0, a1)
    case .getsid?: rk_sys_getsid(a0)
    case .setsid?: rk_sys_setsid()
    case .set_tid_address?: rk_sys_set_tid_address(a0)
    case .sched_yield?: rk_sys_sched_yield()
    case .futex?: rk_sys_futex(a0, a1, a2, a3, a4, a5)
    case .set_robust_list?: rk_sys_set_robust_list(a0, a1)
    case .get_robust_list?: rk_sys_get_robust_list(a0, a1, a2)
    case .sched_getaffinity?: rk_sys_sched_getaffinity(a0, a1, a2)
    case .sched_get_priority_max?: rk_sys_sched_get_priority_max(a0)
    case .sched_get_priority_min?: rk_sys_sched_get_priority_min(a0)
    case .sched_getscheduler?: rk_sys_sched_getscheduler(a0)
    case .sched_setscheduler?: rk_sys_sched_setscheduler(a0, a1, a2)
    case .sched_getparam?: rk_sys_sched_getparam(a0, a1)
    case .sched_setparam?: rk_sys_sched_setparam(a0, a1)
    case .sched_rr_get_interval?: rk_sys_sched_rr_get_interval(a0, a1)
    case .getrusage?: rk_sys_getrusage(a0, a1)
    case .times?: rk_sys_times(a0)
    case .membarrier?: rk_sys_membarrier(a0, a1, a2)
    case .sched_setaffinity?: rk_sys_sched_setaffinity(a0, a1, a2)
    case .prlimit64?: rk_sys_prlimit64(a0, a1, a2, a3)
    case .uname?: rk_sys_uname(a0)
    case .getrandom?: rk_sys_getrandom(a0, a1, a2)
    // Signals
    case .rt_sigaction?: rk_sys_rt_sigaction(a0, a1, a2, a3)
    case .rt_sigprocmask?: rk_sys_rt_sigprocmask(a0, a1, a2, a3)
    case .rt_sigpending?: rk_sys_rt_sigpending(a0, a1)
    case .rt_sigsuspend?: rk_sys_rt_sigsuspend(a0, a1)
    case .rt_sigtimedwait?: rk_sys_rt_sigtimedwait(a0, a1, a2, a3)
    case .rt_sigreturn?: rk_sys_rt_sigreturn()
    case .sigaltstack?: rk_sys_sigaltstack(a0, a1)
    case .getitimer?: rk_sys_getitimer(a0, a1)
    case .setitimer?: rk_sys_setitimer(a0, a1, a2)
    case .kill?: rk_sys_kill(a0, a1)
    case .tkill?: rk_sys_tkill(a0, a1)
    case .tgkill?: rk_sys_tgkill(a0, a1, a2)
    default: UnimplementedSyscall.handle(number)
    }
}

