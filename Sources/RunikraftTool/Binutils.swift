import Foundation

/// The binutils of a Runikraft cross toolchain (`runikraft-ar`,
/// `runikraft-strip`, ...): LLVM's, from the Swift toolchain, which read and
/// write riscv64 objects — the host's GNU binutils are built for x86-64 only.
/// They take the GNU tools' options.
public enum Binutils {
    /// The binutils names served, each by `llvm-<name>`.
    public static let names = ["ar", "ranlib", "strip", "objcopy", "nm", "objdump", "readelf", "size", "strings", "addr2line"]

    /// The LLVM tool standing in for binutils program `name`, nil if none does.
    public static func command(for name: String, toolchain: Toolchain, arguments: [String]) -> Command? {
        guard names.contains(name) else { return nil }
        return Command(toolchain.tool(named: "llvm-" + name), arguments)
    }

    /// Replaces this process with the tool, so its status and output are the
    /// tool's own; returns only on failure.
    public static func exec(_ command: Command) -> Int32 {
        let argv = ([command.executable] + command.arguments).map { strdup($0) } + [nil]
        execv(command.executable, argv)
        let reason = String(cString: strerror(errno))
        FileHandle.standardError.write(Data("runikraft: cannot run \(command.executable): \(reason)\n".utf8))
        return 127
    }
}
