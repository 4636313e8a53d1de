import ArgumentParser
import RunikraftTool

/// `runikraft ld`: the command line is ld's, so it is passed through unparsed.
struct Link: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ld",
        abstract: "Link objects into a Runikraft image (or, with -r, a relocatable object).")

    @Argument(parsing: .captureForPassthrough, help: "ld options and files.")
    var arguments: [String] = []

    func run() throws {
        throw ExitCode(LinkerTool.run(arguments: arguments))
    }
}
