import LinuxABI
import SyscallTrace
import Testing

/// The syscall trace's decoding, on a fake program memory.
struct SyscallTraceTests {
    /// Program memory: byte arrays placed at addresses.
    struct FakeMemory: TraceMemory {
        var regions: [(address: Int, bytes: [UInt8])] = []

        mutating func place(_ text: String, at address: Int, terminated: Bool = true) {
            regions.append((address, Array(text.utf8) + (terminated ? [0] : [])))
        }

        mutating func place(bytes: [UInt8], at address: Int) {
            regions.append((address, bytes))
        }

        func byte(at address: Int) -> UInt8? {
            for region in regions where address >= region.address && address < region.address + region.bytes.count {
                return region.bytes[address - region.address]
            }
            return nil
        }
    }

    struct Text: TraceOutput {
        var bytes: [UInt8] = []
        mutating func write(_ text: StaticString) {
            bytes += UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        }
        mutating func write(byte: UInt8) { bytes.append(byte) }
        var string: String { String(decoding: bytes, as: UTF8.self) }
    }

    func line(
        _ call: Syscall, _ arguments: SyscallArguments, result: Int?, memory: FakeMemory = FakeMemory()
    ) -> String {
        var text = Text()
        SyscallFormatter(memory: memory).write(number: call.rawValue, arguments: arguments, result: result, to: &text)
        return text.string
    }

    @Test func openatWithAnError() {
        var memory = FakeMemory()
        memory.place("/etc/app.conf", at: 0x1000)
        // musl's open() adds O_LARGEFILE (0o100000), which strace leaves out on 64-bit machines.
        #expect(line(.openat, SyscallArguments(-100, 0x1000, 0o100000, 0), result: -2, memory: memory)
            == #"openat(AT_FDCWD, "/etc/app.conf", O_RDONLY) = -1 ENOENT (No such file or directory)"#)
    }

    @Test func openModeOnlyWhenCreating() {
        var memory = FakeMemory()
        memory.place("out", at: 0x1000)
        #expect(line(.openat, SyscallArguments(3, 0x1000, 0o1 | 0o100 | 0o1000 | 0o2000000, 0o644), result: 4, memory: memory)
            == #"openat(3, "out", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644) = 4"#)
    }

    @Test func buffersAreEscapedAndShortened() {
        var memory = FakeMemory()
        memory.place("a\tb\n\"\\\u{1}7", at: 0x2000, terminated: false)
        #expect(line(.write, SyscallArguments(1, 0x2000, 8), result: 8, memory: memory)
            == #"write(1, "a\tb\n\"\\\0017", 8) = 8"#)
        let long = String(repeating: "x", count: 40)
        memory.place(long, at: 0x3000, terminated: false)
        #expect(line(.write, SyscallArguments(1, 0x3000, 40), result: 40, memory: memory)
            == "write(1, \"\(String(repeating: "x", count: 32))\"..., 40) = 40")
    }

    @Test func outputBufferShowsWhatWasRead() {
        var memory = FakeMemory()
        memory.place("abcdef", at: 0x2000, terminated: false)
        #expect(line(.read, SyscallArguments(0, 0x2000, 100), result: 3, memory: memory) == #"read(0, "abc", 100) = 3"#)
        #expect(line(.read, SyscallArguments(0, 0x2000, 100), result: -11, memory: memory)
            == "read(0, 0x2000, 100) = -1 EAGAIN (Resource temporarily unavailable)")
    }

    @Test func memoryCallsAndPointerResults() {
        #expect(line(.mmap, SyscallArguments(0, 8192, 3, 0x22, -1, 0), result: 0x87fe_4000)
            == "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x87fe4000")
        #expect(line(.mprotect, SyscallArguments(0x1000, 4096, 0), result: 0) == "mprotect(0x1000, 4096, PROT_NONE) = 0")
        #expect(line(.mmap, SyscallArguments(0, 8192, 0x11, 0x1000_0002, -1, 0), result: -12)
            == "mmap(NULL, 8192, PROT_READ|0x10, MAP_PRIVATE|0x10000000, -1, 0) = -1 ENOMEM (Cannot allocate memory)")
    }

    @Test func codesByName() {
        #expect(line(.clock_gettime, SyscallArguments(1, 0x5000), result: 0) == "clock_gettime(CLOCK_MONOTONIC, 0x5000) = 0")
        #expect(line(.lseek, SyscallArguments(3, -4, 2), result: 96) == "lseek(3, -4, SEEK_END) = 96")
        #expect(line(.fadvise64, SyscallArguments(3, 0, 0, 4), result: 0) == "fadvise64(3, 0, 0, POSIX_FADV_DONTNEED) = 0")
        #expect(line(.futex, SyscallArguments(0x6000, 128, 1, 0, 0, 0), result: 0)
            == "futex(0x6000, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0) = 0")
        #expect(line(.kill, SyscallArguments(1, 15), result: 0) == "kill(1, SIGTERM) = 0")
        #expect(line(.tkill, SyscallArguments(2, 34), result: 0) == "tkill(2, SIGRT_2) = 0")
        #expect(line(.ioctl, SyscallArguments(1, 0x5413, 0x7000), result: 0) == "ioctl(1, TIOCGWINSZ, 0x7000) = 0")
        #expect(line(.ioctl, SyscallArguments(1, 0x1234, 0), result: -25)
            == "ioctl(1, 0x1234, NULL) = -1 ENOTTY (Inappropriate ioctl for device)")
    }

    @Test func signalSets() {
        var memory = FakeMemory()
        // SIGINT (2) and SIGUSR1 (10): bits 1 and 9.
        memory.place(bytes: [0x02, 0x02, 0, 0, 0, 0, 0, 0], at: 0x8000)
        #expect(line(.rt_sigprocmask, SyscallArguments(0, 0x8000, 0, 8), result: 0, memory: memory)
            == "rt_sigprocmask(SIG_BLOCK, [INT USR1], NULL, 8) = 0")
    }

    @Test func callsThatDoNotReturn() {
        #expect(line(.exit_group, SyscallArguments(3), result: nil) == "exit_group(3) = ?")
        #expect(line(.rt_sigreturn, SyscallArguments(), result: nil) == "rt_sigreturn() = ?")
    }

    @Test func unknownCallsShowRawArguments() {
        #expect(line(.io_setup, SyscallArguments(1, 2, 3, 4, 5, 6), result: -38)
            == "io_setup(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)")
    }

    @Test func unreadableStringsShowTheirAddress() {
        #expect(line(.openat, SyscallArguments(-100, 0x9999, 0, 0), result: -14)
            == "openat(AT_FDCWD, 0x9999, O_RDONLY) = -1 EFAULT (Bad address)")
    }

    func selection(_ list: String) -> (TraceSelection, [String]) {
        var unknown: [String] = []
        let bytes = Array(list.utf8)
        let selection = bytes.withUnsafeBytes { buffer in
            TraceSelection(parsing: buffer) { unknown.append(String(decoding: $0, as: UTF8.self)) }
        }
        return (selection, unknown)
    }

    @Test func selectionByFamilyAndName() {
        let (files, none) = selection("file,exit_group")
        #expect(none.isEmpty)
        #expect(files.contains(Syscall.openat.rawValue))
        #expect(files.contains(Syscall.write.rawValue))
        #expect(files.contains(Syscall.exit_group.rawValue))
        #expect(!files.contains(Syscall.mmap.rawValue))
        #expect(!files.contains(Syscall.exit.rawValue))

        let (all, _) = selection("")
        #expect(all.contains(Syscall.mmap.rawValue) && all.contains(Syscall.io_setup.rawValue))

        let (other, _) = selection("other")
        #expect(other.contains(Syscall.io_setup.rawValue))
        #expect(!other.contains(Syscall.read.rawValue))

        let (_, unknown) = selection("memory,nosuchcall,,time")
        #expect(unknown == ["nosuchcall"])
    }

    @Test func everyErrnoHasANameAndMessage() {
        for value in Int32(1)...133 {
            guard let error = Errno(rawValue: value) else { continue }
            let description = error.description
            #expect("\(description.name)" == "\(error)")
            #expect(description.message.utf8CodeUnitCount > 0)
        }
    }
}
