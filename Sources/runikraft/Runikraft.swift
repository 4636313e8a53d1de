import ArgumentParser
import RunikraftTool

@main
struct Runikraft: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build and run Runikraft unikernel images for RISC-V 64.",
        version: RunikraftVersion.current,
        subcommands: [Compile.self, Link.self, Run.self, Mkfs.self, Inspect.self, DoctorCommand.self, Binutil.self])

    static func main() {
        main(OptionalValues.complete(Array(CommandLine.arguments.dropFirst())))
    }
}
