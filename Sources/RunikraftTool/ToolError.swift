/// A failure the user can act on, reported as one line per message:
/// `<program>: error: <message>`.
public struct ToolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One message per problem, each naming what is wrong and how to fix it.
    public var messages: [String]
    /// The status the program exits with.
    public var status: Int32

    public init(_ message: String, status: Int32 = 1) {
        self.init(messages: [message], status: status)
    }

    public init(messages: [String], status: Int32 = 1) {
        self.messages = messages
        self.status = status
    }

    public var description: String { messages.joined(separator: "\n") }
}
