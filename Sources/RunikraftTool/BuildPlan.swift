/// What a `cc` or `ld` call does, worked out before anything runs: messages to
/// print, then commands to run in order, stopping at the first that fails.
public struct BuildPlan: Equatable, Sendable {
    /// Warnings, each printed as `<program>: warning: <text>`.
    public var warnings: [String] = []
    /// Printed on standard error before the steps (the `-v` version banner).
    public var banner = ""
    /// Printed on standard output: the answer to a query.
    public var answer = ""
    public var steps: [Command] = []
    /// Holds intermediate objects; created before the steps, removed after.
    public var scratchDirectory: String?
    /// `-v`: each step is printed to standard error before it runs.
    public var echoesCommands = false
    /// `-###`: the steps are printed and not run.
    public var isDryRun = false

    public init(
        warnings: [String] = [], banner: String = "", answer: String = "",
        steps: [Command] = [], scratchDirectory: String? = nil
    ) {
        self.warnings = warnings
        self.banner = banner
        self.answer = answer
        self.steps = steps
        self.scratchDirectory = scratchDirectory
    }
}
