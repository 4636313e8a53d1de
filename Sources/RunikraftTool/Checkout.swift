import Foundation

/// Where the pieces of a Runikraft checkout are: the wrappers, the sysroot.
public struct Checkout: Equatable, Sendable {
    public var root: String
    public var sysroot: Sysroot

    public init(root: String, sysroot: Sysroot? = nil) {
        self.root = root
        self.sysroot = sysroot ?? Sysroot(path: root + "/sysroot/riscv64")
    }

    public var wrapperDirectory: String { root + "/wrappers" }

    /// The path of the wrapper script named `name`, e.g. `runikraft-ld`.
    public func wrapper(_ name: String) -> String { wrapperDirectory + "/" + name }

    /// The shell command that builds the sysroot.
    public var buildSysrootCommand: String { "make -C \(root.shellQuoted) sysroot" }

    /// The checkout the running tool belongs to.
    ///
    /// `RUNIKRAFT_ROOT` (set by the wrappers) wins; otherwise the nearest directory
    /// above the executable that holds `Package.swift` and `wrappers/`, which finds
    /// the checkout for `.build/<triple>/release/runikraft` run directly.
    /// `RUNIKRAFT_SYSROOT` overrides the sysroot.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String = Checkout.executablePath
    ) -> Checkout {
        let root = environment["RUNIKRAFT_ROOT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? enclosingCheckout(of: executablePath)
            ?? FileManager.default.currentDirectoryPath
        let sysroot = environment["RUNIKRAFT_SYSROOT"].flatMap { $0.isEmpty ? nil : Sysroot(path: $0) }
        return Checkout(root: root, sysroot: sysroot)
    }

    /// The resolved path of the running executable.
    public static var executablePath: String {
        let link = "/proc/self/exe"
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: link) {
            return resolved
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }

    private static func enclosingCheckout(of path: String) -> String? {
        var directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let fileManager = FileManager.default
        while directory.path != "/" {
            if fileManager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
                fileManager.fileExists(atPath: directory.appendingPathComponent("wrappers").path)
            {
                return directory.path
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }
}
