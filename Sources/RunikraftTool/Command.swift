/// One program to run: an executable and its arguments, never passed through a shell.
public struct Command: Equatable, Sendable, CustomStringConvertible {
    public var executable: String
    public var arguments: [String]

    public init(_ executable: String, _ arguments: [String] = []) {
        self.executable = executable
        self.arguments = arguments
    }

    /// The command as a shell would need it typed: every word quoted where needed.
    public var description: String {
        ([executable] + arguments).map(\.shellQuoted).joined(separator: " ")
    }
}
