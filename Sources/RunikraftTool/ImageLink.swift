/// The final link of a Runikraft image, as both `cc` and `ld` do it:
///
///     ld.lld -m elf64lriscv -static -pie --no-dynamic-linker -z text
///       -z pack-relative-relocs -T <sysroot>/lib/runikraft.ld --gc-sections
///       --discard-locals -u _start <the user's objects, archives, -L and -l, in order>
///       -L <sysroot>/lib --start-group -lrunikraft -lc -lgcc --end-group
///
/// The image is a static PIE: it runs where it is linked until the kernel
/// moves it to a random virtual base at boot, adding the distance to the
/// slots the linker lists (`-z pack-relative-relocs`: RELR, a few hundred
/// bytes for thousands of slots). `-z text` refuses code that would need
/// its text patched (an object built with absolute addressing).
///
/// The group lets the kernel, libc and the compiler runtime call each other in
/// any direction. `--discard-locals` drops the assembler's `.L` labels
/// (RISC-V keeps `.Lpcrel_hi*` in objects for its relocations), which would
/// otherwise shadow function names in symbolized backtraces. `-u _start` pulls the kernel's entry out of its archive,
/// since no object of the program refers to it; `-u rk_syscall_trace_enable`
/// pulls in the syscall tracer (`runikraft run --trace`), which the kernel
/// refers to only weakly, unless `RUNIKRAFT_SYSCALL_TRACE=off` leaves it out.
public struct ImageLink: Equatable, Sendable {
    public var sysroot: Sysroot
    /// False when the user brings a linker script of their own.
    public var usesLinkerScript = true
    /// The sysroot archives the link ends with, by `-l` name.
    public var libraries = ["runikraft", "c", "gcc"]
    /// Whether the kernel's syscall tracer is linked (when the kernel is).
    public var includesSyscallTrace = true

    /// The symbol whose definition brings the tracer into a link.
    public static let syscallTraceSymbol = "rk_syscall_trace_enable"

    /// `RUNIKRAFT_SYSCALL_TRACE=off` (or `0`, `no`) links images without the
    /// tracer: about 45 KB smaller, and `--trace` then says it is missing.
    public static func includesSyscallTrace(environment: [String: String]) -> Bool {
        !["off", "0", "no"].contains(environment["RUNIKRAFT_SYSCALL_TRACE"]?.lowercased() ?? "")
    }

    public init(sysroot: Sysroot) {
        self.sysroot = sysroot
    }

    /// The `ld.lld` command linking `userArguments` into the image `output`
    /// (nil when `userArguments` name it).
    public func command(linker: String, userArguments: [String], output: String? = nil) -> Command {
        var arguments = ["-m", "elf64lriscv", "-static"]
        if usesLinkerScript {
            // A user's own linker script places the image itself: it stays
            // an ordinary static executable.
            arguments += ["-pie", "--no-dynamic-linker", "-z", "text", "-z", "pack-relative-relocs"]
            arguments += ["-T", sysroot.linkerScript]
        }
        arguments += ["--gc-sections", "--discard-locals", "-u", "_start"]
        if includesSyscallTrace, libraries.contains("runikraft") { arguments += ["-u", Self.syscallTraceSymbol] }
        arguments += userArguments
        arguments += ["-L", sysroot.libraryDirectory]
        if !libraries.isEmpty {
            arguments += ["--start-group"] + libraries.map { "-l" + $0 } + ["--end-group"]
        }
        if let output { arguments += ["-o", output] }
        return Command(linker, arguments)
    }

    /// One message for each sysroot file the link needs and does not find.
    public func missingPieces(checkout: Checkout, fileExists: (String) -> Bool) -> [String] {
        guard fileExists(sysroot.path) else {
            return ["sysroot not found at \(sysroot.path); build it with: \(checkout.buildSysrootCommand)"]
        }
        let needed = (usesLinkerScript ? [sysroot.linkerScript] : []) + libraries.map(sysroot.archive(named:))
        return needed.filter { !fileExists($0) }.map {
            "sysroot is incomplete: \($0) is missing; build it with: \(checkout.buildSysrootCommand)"
        }
    }
}
