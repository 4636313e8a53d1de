/// The command line qemu hands the kernel (`-append`, read back from the FDT's
/// `/chosen/bootargs`):
///
///     <kernel options and NAME=value environment> -- <argv0> <arg1> ...
///
/// Tokens are separated by one space. A token that is empty or contains a
/// space, tab, newline, `"` or `\` is written in double quotes, with `"` and `\`
/// escaped by a backslash inside them. Before `--`, a token starting with
/// `rk.` is a kernel option and any other `NAME=value` an environment variable.
public struct KernelCommandLine: Equatable, Sendable {
    /// Kernel options, each starting with `rk.`.
    public var kernelOptions: [String]
    /// The program's environment, each `NAME=value`.
    public var environment: [String]
    /// The program's arguments, argv[0] first.
    public var arguments: [String]

    public init(kernelOptions: [String] = [], environment: [String] = [], arguments: [String]) {
        self.kernelOptions = kernelOptions
        self.environment = environment
        self.arguments = arguments
    }

    /// The encoded line.
    public var encoded: String {
        (kernelOptions.map(Self.quoted) + environment.map(Self.quoted) + ["--"] + arguments.map(Self.quoted))
            .joined(separator: " ")
    }

    /// `token` as it appears on the line.
    public static func quoted(_ token: String) -> String {
        let special: Set<Character> = [" ", "\t", "\n", "\"", "\\"]
        guard token.isEmpty || token.contains(where: special.contains) else { return token }
        var result = "\""
        for character in token {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result + "\""
    }

    /// Checks what the line cannot carry: an option without the `rk.` prefix, a
    /// variable without `=`, or one whose name the kernel would take for an option.
    public func validate() throws {
        for option in kernelOptions where !option.hasPrefix("rk.") || option.count == 3 {
            throw ToolError("kernel option '\(option)' must start with 'rk.' (e.g. rk.verbose)")
        }
        for variable in environment {
            guard let equals = variable.firstIndex(of: "="), equals != variable.startIndex else {
                throw ToolError("environment variable '\(variable)' must be written NAME=VALUE")
            }
            let name = variable[..<equals]
            if name.hasPrefix("rk.") || name.contains(where: { " \t\n\"\\".contains($0) }) {
                throw ToolError("environment variable name '\(name)' cannot be passed to the kernel: it must not start with 'rk.' or contain blanks, quotes or backslashes")
            }
        }
        if arguments.isEmpty {
            throw ToolError("the program needs an argv[0]")
        }
    }
}
