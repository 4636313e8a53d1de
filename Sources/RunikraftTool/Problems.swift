/// Collects every missing piece before failing, so one run names them all.
struct Problems {
    private(set) var messages: [String] = []

    /// The result of `body`, or nil with its error's messages recorded.
    mutating func check<Value>(_ body: () throws -> Value) -> Value? {
        do {
            return try body()
        } catch let error as ToolError {
            report(error.messages)
        } catch {
            report(["\(error)"])
        }
        return nil
    }

    mutating func report(_ newMessages: [String]) {
        messages += newMessages.filter { !messages.contains($0) }
    }

    func throwIfAny() throws {
        if !messages.isEmpty { throw ToolError(messages: messages) }
    }
}
