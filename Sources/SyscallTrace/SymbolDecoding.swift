/// Values shown by name: flag words and codes of the Linux riscv64 ABI
/// (asm-generic headers: fcntl.h, mman-common.h, signal.h, futex.h,
/// ioctls.h, resource.h; linux/time.h).
extension SymbolSet {
    public func write<Output: TraceOutput>(_ value: Int, to output: inout Output) {
        switch self {
        case .openFlags: Self.openFlags(value, to: &output)
        case .atFlags:
            var flags = FlagWriter<Output>(value)
            flags.bits(0x100, "AT_SYMLINK_NOFOLLOW", to: &output)
            flags.bits(0x200, "AT_REMOVEDIR", to: &output)   // also AT_EACCESS for faccessat
            flags.bits(0x400, "AT_SYMLINK_FOLLOW", to: &output)
            flags.bits(0x800, "AT_NO_AUTOMOUNT", to: &output)
            flags.bits(0x1000, "AT_EMPTY_PATH", to: &output)
            flags.finish(to: &output)
        case .seekWhence:
            Self.code(value, to: &output) {
                switch $0 {
                case 0: "SEEK_SET"
                case 1: "SEEK_CUR"
                case 2: "SEEK_END"
                case 3: "SEEK_DATA"
                case 4: "SEEK_HOLE"
                default: nil
                }
            }
        case .protection:
            var flags = FlagWriter<Output>(value)
            flags.bits(0x1, "PROT_READ", to: &output)
            flags.bits(0x2, "PROT_WRITE", to: &output)
            flags.bits(0x4, "PROT_EXEC", to: &output)
            flags.finish(zero: "PROT_NONE", to: &output)
        case .mapFlags: Self.mapFlags(value, to: &output)
        case .remapFlags:
            var flags = FlagWriter<Output>(value)
            flags.bits(1, "MREMAP_MAYMOVE", to: &output)
            flags.bits(2, "MREMAP_FIXED", to: &output)
            flags.bits(4, "MREMAP_DONTUNMAP", to: &output)
            flags.finish(to: &output)
        case .memoryAdvice:
            Self.code(value, to: &output) {
                switch $0 {
                case 0: "MADV_NORMAL"
                case 1: "MADV_RANDOM"
                case 2: "MADV_SEQUENTIAL"
                case 3: "MADV_WILLNEED"
                case 4: "MADV_DONTNEED"
                case 8: "MADV_FREE"
                case 9: "MADV_REMOVE"
                case 10: "MADV_DONTFORK"
                case 11: "MADV_DOFORK"
                case 12: "MADV_MERGEABLE"
                case 13: "MADV_UNMERGEABLE"
                case 14: "MADV_HUGEPAGE"
                case 15: "MADV_NOHUGEPAGE"
                default: nil
                }
            }
        case .fileAdvice:
            Self.code(value, to: &output) {
                switch $0 {
                case 0: "POSIX_FADV_NORMAL"
                case 1: "POSIX_FADV_RANDOM"
                case 2: "POSIX_FADV_SEQUENTIAL"
                case 3: "POSIX_FADV_WILLNEED"
                case 4: "POSIX_FADV_DONTNEED"
                case 5: "POSIX_FADV_NOREUSE"
                default: nil
                }
            }
        case .clock:
            Self.code(value, to: &output) {
                switch $0 {
                case 0: "CLOCK_REALTIME"
                case 1: "CLOCK_MONOTONIC"
                case 2: "CLOCK_PROCESS_CPUTIME_ID"
                case 3: "CLOCK_THREAD_CPUTIME_ID"
                case 4: "CLOCK_MONOTONIC_RAW"
                case 5: "CLOCK_REALTIME_COARSE"
                case 6: "CLOCK_MONOTONIC_COARSE"
                case 7: "CLOCK_BOOTTIME"
                case 8: "CLOCK_REALTIME_ALARM"
                case 9: "CLOCK_BOOTTIME_ALARM"
                case 11: "CLOCK_TAI"
                default: nil
                }
            }
        case .signal: Self.signal(value, to: &output)
        case .signalMaskHow:
            Self.code(value, to: &output) {
                switch $0 {
                case 0: "SIG_BLOCK"
                case 1: "SIG_UNBLOCK"
                case 2: "SIG_SETMASK"
                default: nil
                }
            }
        case .futexOperation: Self.futexOperation(value, to: &output)
        case .ioctlRequest:
            Self.code(value, to: &output, otherwise: .hexadecimal) {
                switch $0 {
                case 0x5401: "TCGETS"
                case 0x5402: "TCSETS"
                case 0x5403: "TCSETSW"
                case 0x5404: "TCSETSF"
                case 0x540F: "TIOCGPGRP"
                case 0x5410: "TIOCSPGRP"
                case 0x5413: "TIOCGWINSZ"
                case 0x5414: "TIOCSWINSZ"
                case 0x541B: "FIONREAD"
                case 0x5421: "FIONBIO"
                case 0x5450: "FIONCLEX"
                case 0x5451: "FIOCLEX"
                default: nil
                }
            }
        case .fcntlCommand:
            Self.code(value, to: &output) {
                switch $0 {
                case 0: "F_DUPFD"
                case 1: "F_GETFD"
                case 2: "F_SETFD"
                case 3: "F_GETFL"
                case 4: "F_SETFL"
                case 5: "F_GETLK"
                case 6: "F_SETLK"
                case 7: "F_SETLKW"
                case 8: "F_SETOWN"
                case 9: "F_GETOWN"
                case 1030: "F_DUPFD_CLOEXEC"
                case 1031: "F_SETPIPE_SZ"
                case 1032: "F_GETPIPE_SZ"
                default: nil
                }
            }
        case .resource:
            Self.code(value, to: &output) {
                switch $0 {
                case 0: "RLIMIT_CPU"
                case 1: "RLIMIT_FSIZE"
                case 2: "RLIMIT_DATA"
                case 3: "RLIMIT_STACK"
                case 4: "RLIMIT_CORE"
                case 5: "RLIMIT_RSS"
                case 6: "RLIMIT_NPROC"
                case 7: "RLIMIT_NOFILE"
                case 8: "RLIMIT_MEMLOCK"
                case 9: "RLIMIT_AS"
                case 10: "RLIMIT_LOCKS"
                case 11: "RLIMIT_SIGPENDING"
                case 12: "RLIMIT_MSGQUEUE"
                case 13: "RLIMIT_NICE"
                case 14: "RLIMIT_RTPRIO"
                case 15: "RLIMIT_RTTIME"
                default: nil
                }
            }
        case .randomFlags:
            var flags = FlagWriter<Output>(value)
            flags.bits(1, "GRND_NONBLOCK", to: &output)
            flags.bits(2, "GRND_RANDOM", to: &output)
            flags.bits(4, "GRND_INSECURE", to: &output)
            flags.finish(to: &output)
        case .accessMode:
            var flags = FlagWriter<Output>(value)
            flags.bits(4, "R_OK", to: &output)
            flags.bits(2, "W_OK", to: &output)
            flags.bits(1, "X_OK", to: &output)
            flags.finish(zero: "F_OK", to: &output)
        case .timerFlags:
            var flags = FlagWriter<Output>(value)
            flags.bits(1, "TIMER_ABSTIME", to: &output)
            flags.finish(to: &output)
        case .itimerWhich:
            Self.code(value, to: &output) {
                switch $0 {
                case 0: "ITIMER_REAL"
                case 1: "ITIMER_VIRTUAL"
                case 2: "ITIMER_PROF"
                default: nil
                }
            }
        case .rusageWho:
            Self.code(value, to: &output) {
                switch $0 {
                case 0: "RUSAGE_SELF"
                case -1: "RUSAGE_CHILDREN"
                case 1: "RUSAGE_THREAD"
                default: nil
                }
            }
        }
    }

    enum Fallback { case decimal, hexadecimal }

    /// A value that is one of several codes: its name, else the number.
    static func code<Output: TraceOutput>(
        _ value: Int, to output: inout Output, otherwise: Fallback = .decimal, _ name: (Int) -> StaticString?
    ) {
        if let known = name(value) {
            output.write(known)
        } else if otherwise == .hexadecimal {
            output.hex(UInt(bitPattern: value))
        } else {
            output.decimal(value)
        }
    }

    /// Whether open flags create a file, so that the mode matters.
    static func createsFile(_ flags: Int) -> Bool {
        flags & 0o100 != 0 || flags & 0o20000000 != 0
    }

    static func openFlags<Output: TraceOutput>(_ value: Int, to output: inout Output) {
        var flags = FlagWriter<Output>(value)
        flags.field(0o3, 0o0, "O_RDONLY", to: &output)
        flags.field(0o3, 0o1, "O_WRONLY", to: &output)
        flags.field(0o3, 0o2, "O_RDWR", to: &output)
        flags.bits(0o100, "O_CREAT", to: &output)
        flags.bits(0o200, "O_EXCL", to: &output)
        flags.bits(0o400, "O_NOCTTY", to: &output)
        flags.bits(0o1000, "O_TRUNC", to: &output)
        flags.bits(0o2000, "O_APPEND", to: &output)
        flags.bits(0o4000, "O_NONBLOCK", to: &output)
        flags.bits(0o4010000, "O_SYNC", to: &output)   // O_DSYNC and __O_SYNC
        flags.bits(0o10000, "O_DSYNC", to: &output)
        flags.bits(0o20000, "O_ASYNC", to: &output)
        flags.bits(0o40000, "O_DIRECT", to: &output)
        // O_LARGEFILE: musl always passes it and a 64-bit kernel implies it,
        // so it says nothing; strace on 64-bit machines leaves it out too.
        flags.drop(0o100000)
        flags.bits(0o20200000, "O_TMPFILE", to: &output)   // __O_TMPFILE and O_DIRECTORY
        flags.bits(0o200000, "O_DIRECTORY", to: &output)
        flags.bits(0o400000, "O_NOFOLLOW", to: &output)
        flags.bits(0o1000000, "O_NOATIME", to: &output)
        flags.bits(0o2000000, "O_CLOEXEC", to: &output)
        flags.bits(0o10000000, "O_PATH", to: &output)
        flags.finish(to: &output)
    }

    static func mapFlags<Output: TraceOutput>(_ value: Int, to output: inout Output) {
        var flags = FlagWriter<Output>(value)
        flags.field(0xf, 0x1, "MAP_SHARED", to: &output)
        flags.field(0xf, 0x2, "MAP_PRIVATE", to: &output)
        flags.field(0xf, 0x3, "MAP_SHARED_VALIDATE", to: &output)
        flags.bits(0x10, "MAP_FIXED", to: &output)
        flags.bits(0x20, "MAP_ANONYMOUS", to: &output)
        flags.bits(0x100, "MAP_GROWSDOWN", to: &output)
        flags.bits(0x800, "MAP_DENYWRITE", to: &output)
        flags.bits(0x1000, "MAP_EXECUTABLE", to: &output)
        flags.bits(0x2000, "MAP_LOCKED", to: &output)
        flags.bits(0x4000, "MAP_NORESERVE", to: &output)
        flags.bits(0x8000, "MAP_POPULATE", to: &output)
        flags.bits(0x10000, "MAP_NONBLOCK", to: &output)
        flags.bits(0x20000, "MAP_STACK", to: &output)
        flags.bits(0x40000, "MAP_HUGETLB", to: &output)
        flags.bits(0x100000, "MAP_FIXED_NOREPLACE", to: &output)
        flags.finish(to: &output)
    }

    /// `SIGINT`; real-time signals as `SIGRT_n` (n from 0 at signal 32), as strace.
    static func signal<Output: TraceOutput>(_ value: Int, to output: inout Output) {
        if let name = signalName(value) {
            output.write(name)
        } else if value >= 32, value <= 64 {
            output.write("SIGRT_")
            output.decimal(value - 32)
        } else {
            output.decimal(value)
        }
    }

    public static func signalName(_ value: Int) -> StaticString? {
        switch value {
        case 1: "SIGHUP"
        case 2: "SIGINT"
        case 3: "SIGQUIT"
        case 4: "SIGILL"
        case 5: "SIGTRAP"
        case 6: "SIGABRT"
        case 7: "SIGBUS"
        case 8: "SIGFPE"
        case 9: "SIGKILL"
        case 10: "SIGUSR1"
        case 11: "SIGSEGV"
        case 12: "SIGUSR2"
        case 13: "SIGPIPE"
        case 14: "SIGALRM"
        case 15: "SIGTERM"
        case 16: "SIGSTKFLT"
        case 17: "SIGCHLD"
        case 18: "SIGCONT"
        case 19: "SIGSTOP"
        case 20: "SIGTSTP"
        case 21: "SIGTTIN"
        case 22: "SIGTTOU"
        case 23: "SIGURG"
        case 24: "SIGXCPU"
        case 25: "SIGXFSZ"
        case 26: "SIGVTALRM"
        case 27: "SIGPROF"
        case 28: "SIGWINCH"
        case 29: "SIGIO"
        case 30: "SIGPWR"
        case 31: "SIGSYS"
        default: nil
        }
    }

    /// `FUTEX_WAIT_PRIVATE`, `FUTEX_WAKE|FUTEX_CLOCK_REALTIME`, as strace.
    static func futexOperation<Output: TraceOutput>(_ value: Int, to output: inout Output) {
        let command: StaticString? = switch value & 0x7f {
        case 0: "FUTEX_WAIT"
        case 1: "FUTEX_WAKE"
        case 2: "FUTEX_FD"
        case 3: "FUTEX_REQUEUE"
        case 4: "FUTEX_CMP_REQUEUE"
        case 5: "FUTEX_WAKE_OP"
        case 6: "FUTEX_LOCK_PI"
        case 7: "FUTEX_UNLOCK_PI"
        case 8: "FUTEX_TRYLOCK_PI"
        case 9: "FUTEX_WAIT_BITSET"
        case 10: "FUTEX_WAKE_BITSET"
        case 11: "FUTEX_WAIT_REQUEUE_PI"
        case 12: "FUTEX_CMP_REQUEUE_PI"
        case 13: "FUTEX_LOCK_PI2"
        default: nil
        }
        guard let command, value & ~0x1ff == 0 else {
            output.hex(UInt(bitPattern: value))
            return
        }
        output.write(command)
        if value & 0x80 != 0 { output.write("_PRIVATE") }
        if value & 0x100 != 0 { output.write("|FUTEX_CLOCK_REALTIME") }
    }
}
