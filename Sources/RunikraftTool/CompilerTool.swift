import Foundation

/// `runikraft cc` (the `runikraft-cc` wrapper): a cross `cc` for Runikraft images.
public enum CompilerTool {
    public static let program = "runikraft-cc"

    /// Parses `arguments` as gcc would, runs the plan and returns the exit status.
    public static func run(
        arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Int32 {
        let executor = PlanExecutor(program: program)
        do {
            let invocation = try CompilerInvocation(parsing: ResponseFiles.expand(arguments))
            var driver = CompilerDriver(
                checkout: .locate(environment: environment),
                toolchain: .locate(environment: environment),
                scratchDirectory: scratchDirectory())
            driver.includesSyscallTrace = ImageLink.includesSyscallTrace(environment: environment)
            return executor.execute(try driver.plan(for: invocation))
        } catch {
            executor.report(error)
            return (error as? ToolError)?.status ?? 1
        }
    }

    /// A fresh path under the temporary directory for this call's objects.
    static func scratchDirectory() -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return "\(base)/runikraft-cc-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }
}
