import Foundation
@testable import RunikraftTool

/// A fixed checkout at /rk and a toolchain whose clang answers from a script,
/// so plans can be compared word for word without running anything.
enum DriverFixture {
    static let checkout = Checkout(root: "/rk")
    static let resourceDirectory = "/clang/21"

    static let toolchain = Toolchain(clang: "clang", linker: "ld.lld") { command in
        switch command.arguments {
        case ["-print-resource-dir"]: resourceDirectory + "\n"
        case ["-dumpversion"]: "21.0.0\n"
        default: ""
        }
    }

    /// Shorthands for the words every plan repeats, expanded by `expand`
    /// (BARECLANG: clang without the default stack protector).
    static let shorthands = [
        ("BARECLANG", "clang --target=riscv64-unknown-linux-musl -march=rv64gc -mabi=lp64d -mcmodel=medany -nostdinc -D__runikraft__ -fno-omit-frame-pointer"),
        ("CLANG", "clang --target=riscv64-unknown-linux-musl -march=rv64gc -mabi=lp64d -mcmodel=medany -nostdinc -D__runikraft__ -fno-omit-frame-pointer -fstack-protector-strong"),
        ("INCLUDES", "-isystem /clang/21/include -isystem /rk/sysroot/riscv64/include"),
        ("LDLLD", "ld.lld -m elf64lriscv -static -pie --no-dynamic-linker -z text -z pack-relative-relocs -T /rk/sysroot/riscv64/lib/runikraft.ld --gc-sections --discard-locals -u _start -u rk_syscall_trace_enable"),
        // Without the kernel archive, no syscall tracer is asked for.
        ("LDBARE", "ld.lld -m elf64lriscv -static -pie --no-dynamic-linker -z text -z pack-relative-relocs -T /rk/sysroot/riscv64/lib/runikraft.ld --gc-sections --discard-locals -u _start"),
        ("LIBS", "-L /rk/sysroot/riscv64/lib --start-group -lrunikraft -lc -lgcc --end-group"),
        ("TMP", "/scratch"),
    ]

    static func expand(_ template: String) -> String {
        shorthands.reduce(template) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    static func compilerDriver(fileExists: @escaping (String) -> Bool = { _ in true }) -> CompilerDriver {
        CompilerDriver(checkout: checkout, toolchain: toolchain, scratchDirectory: "/scratch", fileExists: fileExists)
    }

    /// The plan for a command line typed as `cc ARGS` (words split at spaces).
    static func plan(_ commandLine: String, fileExists: @escaping (String) -> Bool = { _ in true }) throws -> BuildPlan {
        try compilerDriver(fileExists: fileExists).plan(for: CompilerInvocation(parsing: words(commandLine)))
    }

    static func words(_ commandLine: String) -> [String] {
        Array(commandLine.split(separator: " ").map(String.init).dropFirst())
    }
}
