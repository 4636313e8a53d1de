import LinuxABI
import Testing

/// The tables must agree with the Linux UAPI headers for riscv64.
struct LinuxABITests {
    @Test func syscallNumbersAndNames() {
        let expected: [(Int, StaticString)] = [
            (26, "inotify_init1"), (56, "openat"), (57, "close"), (63, "read"), (64, "write"),
            (79, "newfstatat"), (80, "fstat"), (93, "exit"), (94, "exit_group"), (96, "set_tid_address"),
            (98, "futex"), (113, "clock_gettime"), (135, "rt_sigprocmask"), (160, "uname"), (214, "brk"),
            (220, "clone"), (222, "mmap"), (259, "riscv_flush_icache"), (261, "prlimit64"), (278, "getrandom"),
            (435, "clone3"),
        ]
        for (number, name) in expected {
            let call = Syscall(rawValue: number)
            #expect(call != nil, "syscall \(number)")
            #expect(call.map { "\($0.name)" } == "\(name)")
        }
        #expect(Syscall(rawValue: 244) == nil)   // arch-specific gap
    }

    @Test func structureSizesMatchTheKernel() {
        #expect(MemoryLayout<FileStatus>.size == 128)
        #expect(MemoryLayout<Timespec>.size == 16)
        #expect(MemoryLayout<TerminalAttributes>.size == 36)
        #expect(MemoryLayout<SignalAction>.size == 32)
        #expect(MemoryLayout<ProgramHeader>.size == 56)
        #expect(MemoryLayout<WindowSize>.size == 8)
        #expect(MemoryLayout<ResourceLimit>.size == 16)
        #expect(Errno.ENOSYS.rawValue == 38)
        #expect(Errno.EAGAIN.rawValue == 11)
    }

    @Test func timespecValidation() {
        #expect(Timespec(seconds: 1, nanoseconds: 5).totalNanoseconds == 1_000_000_005)
        #expect(Timespec(seconds: -1, nanoseconds: 0).totalNanoseconds == nil)
        #expect(Timespec(seconds: 0, nanoseconds: 1_000_000_000).totalNanoseconds == nil)
        #expect(Timespec(seconds: Int64.max, nanoseconds: 0).totalNanoseconds == Int64.max)
        // Seconds that fit, nanoseconds that carry past Int64.max: saturated too.
        #expect(Timespec(seconds: 9_223_372_036, nanoseconds: 999_999_999).totalNanoseconds == Int64.max)
    }
}
