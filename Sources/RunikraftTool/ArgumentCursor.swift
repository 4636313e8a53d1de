/// Walks a command line one argument at a time, handing out option values that
/// are either joined (`-Idir`) or the next argument (`-I dir`).
struct ArgumentCursor {
    private let arguments: [String]
    private var position = 0

    init(_ arguments: [String]) {
        self.arguments = arguments
    }

    mutating func next() -> String? {
        guard position < arguments.count else { return nil }
        defer { position += 1 }
        return arguments[position]
    }

    /// The next argument, as the value of `option`.
    mutating func value(for option: String) throws -> String {
        guard let value = next() else { throw ToolError("missing argument to '\(option)'") }
        return value
    }

    /// The value of `option` when `argument` is that option, joined or separate;
    /// nil when it is another option.
    mutating func value(of argument: String, forOption option: String) throws -> String? {
        guard argument.hasPrefix(option) else { return nil }
        return argument == option ? try value(for: option) : String(argument.dropFirst(option.count))
    }
}
