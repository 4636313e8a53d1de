import ArgumentParser
import RunikraftTool

/// `runikraft tool NAME ...`: a binutils program for riscv64 (the
/// `runikraft-ar`, `runikraft-nm`, ... wrappers); its command line is GNU's.
struct Binutil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tool",
        abstract: "Run a binutils program for riscv64 objects: \(Binutils.names.joined(separator: ", ")).")

    @Argument(help: "The program's binutils name, e.g. ar.")
    var name: String

    @Argument(parsing: .captureForPassthrough, help: "Its options and files.")
    var arguments: [String] = []

    func run() throws {
        guard let command = Binutils.command(for: name, toolchain: .locate(), arguments: arguments) else {
            throw ValidationError("no such tool '\(name)'; expected one of: \(Binutils.names.joined(separator: ", "))")
        }
        throw ExitCode(Binutils.exec(command))
    }
}
