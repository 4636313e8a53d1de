import ArgumentParser
import RunikraftTool

/// `runikraft cc`: the command line is gcc's, so it is passed through unparsed.
struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cc",
        abstract: "Compile and link C for a Runikraft image, like a cross cc (riscv64-unknown-linux-musl).")

    @Argument(parsing: .captureForPassthrough, help: "gcc/clang options and files.")
    var arguments: [String] = []

    func run() throws {
        throw ExitCode(CompilerTool.run(arguments: arguments))
    }
}
