import LinuxABI

/// The system call table. musl's `__syscall` family calls `__rk_syscall`
/// (KernelArch/syscall_entry.S, which turns interrupts off for the kernel's
/// run) with the Linux riscv64 syscall number and up to six arguments, and
/// gets back the result or `-errno` — the Linux ABI exactly, minus the trap.
///
/// The switch is over the number itself, with the `Syscall` names as case
/// values, so it compiles to one jump table; each handler is its own
/// function (`@inline(never)`), reached with a tail call. A syscall then
/// costs little more than the call itself.
@_cdecl("rk_syscall_dispatch")
public func rk_syscall_dispatch(_ number: Int, _ a0: Int, _ a1: Int, _ a2: Int, _ a3: Int, _ a4: Int, _ a5: Int) -> Int {
    switch number {
    // Files (the console until the VFS exists)
    case Syscall.read.rawValue: rk_sys_read(a0, a1, a2)
    case Syscall.write.rawValue: rk_sys_write(a0, a1, a2)
    case Syscall.readv.rawValue: rk_sys_readv(a0, a1, a2)
    case Syscall.writev.rawValue: rk_sys_writev(a0, a1, a2)
    case Syscall.pread64.rawValue: rk_sys_pread64(a0, a1, a2, a3)
    case Syscall.lseek.rawValue: rk_sys_lseek(a0, a1, a2)
    case Syscall.close.rawValue: rk_sys_close(a0)
    case Syscall.ioctl.rawValue: rk_sys_ioctl(a0, a1, a2)
    case Syscall.fstat.rawValue: rk_sys_fstat(a0, a1)
    case Syscall.newfstatat.rawValue: rk_sys_newfstatat(a0, a1, a2, a3)
    case Syscall.openat.rawValue: rk_sys_openat(a0, a1, a2, a3)
    case Syscall.ppoll.rawValue: rk_sys_ppoll(a0, a1, a2, a3, a4)
    case Syscall.pselect6.rawValue: rk_sys_pselect6(a0, a1, a2, a3, a4, a5)
    // Memory
    case Syscall.brk.rawValue: rk_sys_brk(a0)
    case Syscall.mmap.rawValue: rk_sys_mmap(a0, a1, a2, a3, a4, a5)
    case Syscall.munmap.rawValue: rk_sys_munmap(a0, a1)
    case Syscall.mremap.rawValue: rk_sys_mremap(a0, a1, a2, a3, a4)
    case Syscall.mprotect.rawValue: rk_sys_mprotect(a0, a1, a2)
    case Syscall.madvise.rawValue: rk_sys_madvise(a0, a1, a2)
    // Time
    case Syscall.clock_gettime.rawValue: rk_sys_clock_gettime(a0, a1)
    case Syscall.clock_getres.rawValue: rk_sys_clock_getres(a0, a1)
    case Syscall.gettimeofday.rawValue: rk_sys_gettimeofday(a0, a1)
    case Syscall.nanosleep.rawValue: rk_sys_nanosleep(a0, a1)
    case Syscall.clock_nanosleep.rawValue: rk_sys_clock_nanosleep(a0, a1, a2, a3)
    // Process
    case Syscall.exit.rawValue: rk_sys_exit(a0)
    case Syscall.exit_group.rawValue: rk_sys_exit_group(a0)
    case Syscall.getpid.rawValue: rk_sys_getpid()
    case Syscall.getppid.rawValue: rk_sys_getppid()
    case Syscall.gettid.rawValue: rk_sys_gettid()
    case Syscall.getuid.rawValue, Syscall.geteuid.rawValue: rk_sys_getuid()
    case Syscall.getgid.rawValue, Syscall.getegid.rawValue: rk_sys_getgid()
    case Syscall.getresuid.rawValue: rk_sys_getresuid(a0, a1, a2)
    case Syscall.getresgid.rawValue: rk_sys_getresgid(a0, a1, a2)
    case Syscall.getpgid.rawValue: rk_sys_getpgid(a0)
    case Syscall.setpgid.rawValue: rk_sys_setpgid(a0, a1)
    case Syscall.getsid.rawValue: rk_sys_getsid(a0)
    case Syscall.setsid.rawValue: rk_sys_setsid()
    case Syscall.set_tid_address.rawValue: rk_sys_set_tid_address(a0)
    case Syscall.sched_yield.rawValue: rk_sys_sched_yield()
    case Syscall.futex.rawValue: rk_sys_futex(a0, a1, a2, a3, a4, a5)
    case Syscall.set_robust_list.rawValue: rk_sys_set_robust_list(a0, a1)
    case Syscall.get_robust_list.rawValue: rk_sys_get_robust_list(a0, a1, a2)
    case Syscall.sched_getaffinity.rawValue: rk_sys_sched_getaffinity(a0, a1, a2)
    case Syscall.sched_get_priority_max.rawValue: rk_sys_sched_get_priority_max(a0)
    case Syscall.sched_get_priority_min.rawValue: rk_sys_sched_get_priority_min(a0)
    case Syscall.sched_getscheduler.rawValue: rk_sys_sched_getscheduler(a0)
    case Syscall.sched_setscheduler.rawValue: rk_sys_sched_setscheduler(a0, a1, a2)
    case Syscall.sched_getparam.rawValue: rk_sys_sched_getparam(a0, a1)
    case Syscall.sched_setparam.rawValue: rk_sys_sched_setparam(a0, a1)
    case Syscall.sched_rr_get_interval.rawValue: rk_sys_sched_rr_get_interval(a0, a1)
    case Syscall.getrusage.rawValue: rk_sys_getrusage(a0, a1)
    case Syscall.times.rawValue: rk_sys_times(a0)
    case Syscall.membarrier.rawValue: rk_sys_membarrier(a0, a1, a2)
    case Syscall.sched_setaffinity.rawValue: rk_sys_sched_setaffinity(a0, a1, a2)
    case Syscall.prlimit64.rawValue: rk_sys_prlimit64(a0, a1, a2, a3)
    case Syscall.uname.rawValue: rk_sys_uname(a0)
    case Syscall.getrandom.rawValue: rk_sys_getrandom(a0, a1, a2)
    // Signals
    case Syscall.rt_sigaction.rawValue: rk_sys_rt_sigaction(a0, a1, a2, a3)
    case Syscall.rt_sigprocmask.rawValue: rk_sys_rt_sigprocmask(a0, a1, a2, a3)
    case Syscall.rt_sigpending.rawValue: rk_sys_rt_sigpending(a0, a1)
    case Syscall.rt_sigsuspend.rawValue: rk_sys_rt_sigsuspend(a0, a1)
    case Syscall.rt_sigtimedwait.rawValue: rk_sys_rt_sigtimedwait(a0, a1, a2, a3)
    case Syscall.rt_sigreturn.rawValue: rk_sys_rt_sigreturn()
    case Syscall.sigaltstack.rawValue: rk_sys_sigaltstack(a0, a1)
    case Syscall.getitimer.rawValue: rk_sys_getitimer(a0, a1)
    case Syscall.setitimer.rawValue: rk_sys_setitimer(a0, a1, a2)
    case Syscall.kill.rawValue: rk_sys_kill(a0, a1)
    case Syscall.tkill.rawValue: rk_sys_tkill(a0, a1)
    case Syscall.tgkill.rawValue: rk_sys_tgkill(a0, a1, a2)
    default: UnimplementedSyscall.handle(number)
    }
}

