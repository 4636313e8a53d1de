import Foundation

/// Runs a `BuildPlan`: prints its messages, runs its steps in order with our
/// standard streams (so compiler and linker output streams through), stops at
/// the first failure and removes the scratch directory.
public struct PlanExecutor {
    /// The name messages start with, e.g. `runikraft-cc`.
    public var program: String

    public init(program: String) {
        self.program = program
    }

    /// Runs `plan` and returns the status to exit with.
    public func execute(_ plan: BuildPlan) -> Int32 {
        for warning in plan.warnings {
            printError("\(program): warning: \(warning)")
        }
        if !plan.banner.isEmpty { ProcessRunner.writeAll(Array(plan.banner.utf8), to: 2) }
        if !plan.answer.isEmpty { ProcessRunner.writeAll(Array(plan.answer.utf8), to: 1) }
        if plan.isDryRun {
            for step in plan.steps { printError(" \(step)") }
            return 0
        }
        if let scratch = plan.scratchDirectory {
            guard mkdir(scratch, 0o700) == 0 else {
                printError("\(program): error: cannot create \(scratch): \(String(cString: strerror(errno)))")
                return 1
            }
        }
        defer {
            if let scratch = plan.scratchDirectory { try? FileManager.default.removeItem(atPath: scratch) }
        }
        for step in plan.steps {
            if plan.echoesCommands { printError(" \(step)") }
            let status: Int32
            do {
                status = try ProcessRunner.run(step)
            } catch {
                report(error)
                return 1
            }
            if status > 128 {
                printError("\(program): error: \(step.executable) terminated by signal \(status - 128)")
            }
            if status != 0 { return status }
        }
        return 0
    }

    /// Prints `error` as the tool's one-line messages.
    public func report(_ error: Error) {
        let messages = (error as? ToolError)?.messages ?? ["\(error)"]
        for message in messages {
            printError("\(program): error: \(message)")
        }
    }

    private func printError(_ line: String) {
        ProcessRunner.writeAll(Array((line + "\n").utf8), to: 2)
    }
}
