import Foundation

/// `runikraft ld` (the `runikraft-ld` wrapper): `ld` for riscv64 that links
/// Runikraft images.
public enum LinkerTool {
    public static let program = "runikraft-ld"

    public static func run(
        arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Int32 {
        let executor = PlanExecutor(program: program)
        do {
            let invocation = try LinkerInvocation(parsing: ResponseFiles.expand(arguments))
            var driver = LinkerDriver(checkout: .locate(environment: environment), toolchain: .locate(environment: environment))
            driver.includesSyscallTrace = ImageLink.includesSyscallTrace(environment: environment)
            return executor.execute(try driver.plan(for: invocation))
        } catch {
            executor.report(error)
            return (error as? ToolError)?.status ?? 1
        }
    }
}
