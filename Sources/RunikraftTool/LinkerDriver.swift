import Foundation

/// Turns an `ld` command line into the ld.lld command that `runikraft ld` runs.
public struct LinkerDriver {
    public var checkout: Checkout
    public var toolchain: Toolchain
    public var fileExists: (String) -> Bool
    /// Images get the syscall tracer (ImageLink.includesSyscallTrace).
    public var includesSyscallTrace = true

    public init(
        checkout: Checkout, toolchain: Toolchain,
        fileExists: @escaping (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) {
        self.checkout = checkout
        self.toolchain = toolchain
        self.fileExists = fileExists
    }

    public func plan(for invocation: LinkerInvocation) throws -> BuildPlan {
        let linker = try toolchain.requireLinker()
        var plan = BuildPlan()
        if !invocation.hostOnlyOptions.isEmpty {
            plan.warnings.append("ignoring host-only flags: " + invocation.hostOnlyOptions.joined(separator: " "))
        }
        if invocation.isQuery {
            plan.steps = [Command(linker, invocation.arguments)]
        } else if invocation.isRelocatable {
            plan.steps = [Command(linker, ["-m", "elf64lriscv"] + invocation.arguments)]
        } else {
            var link = ImageLink(sysroot: checkout.sysroot)
            link.usesLinkerScript = !invocation.hasLinkerScript
            link.includesSyscallTrace = includesSyscallTrace
            let missing = link.missingPieces(checkout: checkout, fileExists: fileExists)
            if !missing.isEmpty { throw ToolError(messages: missing) }
            plan.steps = [link.command(linker: linker, userArguments: invocation.arguments)]
        }
        return plan
    }
}
