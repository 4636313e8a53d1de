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
                status = try isImageLink(step) ? runLink(step) : ProcessRunner.run(step)
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

    /// The final link of an image, whose failures get notes (LinkDiagnostics).
    func isImageLink(_ step: Command) -> Bool {
        step.executable.hasSuffix("/ld.lld") && !step.arguments.contains("-r")
    }

    /// Runs the linker with its standard error passed through as it comes and
    /// kept; if the link fails on undefined symbols, says what they belong to.
    func runLink(_ step: Command) throws -> Int32 {
        let pipe = try PipeEnds.closingOnExec()
        let pid: pid_t
        do {
            pid = try ProcessRunner.spawn(step, standardError: pipe.writeEnd)
        } catch {
            close(pipe.readEnd)
            close(pipe.writeEnd)
            throw error
        }
        close(pipe.writeEnd)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(pipe.readEnd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            ProcessRunner.writeAll(buffer[..<count], to: 2)
            output += buffer[..<count]
        }
        close(pipe.readEnd)
        let status = ProcessRunner.waitForExit(of: pid)
        if status != 0 {
            let symbols = LinkDiagnostics.undefinedSymbols(inLinkerOutput: String(decoding: output, as: UTF8.self))
            for note in LinkDiagnostics.notes(forUndefined: symbols) { printError("\(program): note: \(note)") }
        }
        return status
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
