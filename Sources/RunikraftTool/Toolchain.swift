import Foundation

/// The LLVM tools of the Swift toolchain that build Runikraft images: clang
/// compiles, ld.lld links, the llvm-* binutils work on riscv64 objects.
public struct Toolchain: Sendable {
    /// Where the Swift toolchain is installed on a Runikraft machine.
    public static let expectedDirectory = "/opt/swift/usr/bin"

    /// Absolute path of clang, nil when none was found.
    public var clang: String?
    /// Absolute path of ld.lld, nil when none was found.
    public var linker: String?
    /// Runs a command and returns its standard output; asks clang about itself.
    public var probe: @Sendable (Command) throws -> String

    public init(clang: String?, linker: String?, probe: @escaping @Sendable (Command) throws -> String) {
        self.clang = clang
        self.linker = linker
        self.probe = probe
    }

    /// Finds clang in the Swift toolchain, else in `PATH`, and ld.lld next to
    /// it, else in `PATH`.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Toolchain {
        let path = environment["PATH"].map { $0.split(separator: ":").map(String.init) } ?? []
        let directories = [expectedDirectory] + path
        let clang = executable(named: "clang", in: directories)
        let clangDirectory = clang.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        let linker = executable(named: "ld.lld", in: (clangDirectory.map { [$0] } ?? []) + directories)
        return Toolchain(clang: clang, linker: linker, probe: ProcessRunner.captureOutput)
    }

    /// The first directory's executable file called `name`.
    public static func executable(named name: String, in directories: [String]) -> String? {
        directories
            .filter { !$0.isEmpty }
            .map { $0 + "/" + name }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public func requireClang() throws -> String {
        guard let clang else {
            throw ToolError("clang not found: expected \(Self.expectedDirectory)/clang from the Swift toolchain, or clang in PATH; install the Swift 6.3 toolchain at /opt/swift")
        }
        return clang
    }

    public func requireLinker() throws -> String {
        guard let linker else {
            throw ToolError("ld.lld not found: expected \(Self.expectedDirectory)/ld.lld from the Swift toolchain, or ld.lld in PATH; install the Swift 6.3 toolchain at /opt/swift")
        }
        return linker
    }

    /// The directory holding clang's own headers (stddef.h, stdarg.h, intrinsics).
    /// An installation keeps it in `../lib/clang/<version>` beside clang; when
    /// exactly one such directory is there it is the answer, which spares
    /// every compile a second clang process to ask.
    public func resourceDirectory() throws -> String {
        if let directory, let installed = Self.onlyResourceDirectory(in: directory + "/../lib/clang") {
            return installed
        }
        let answer = try probe(Command(try requireClang(), ["-print-resource-dir"]))
        return answer.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The one subdirectory of `root` that holds clang's headers, nil when
    /// there is none or more than one.
    static func onlyResourceDirectory(in root: String) -> String? {
        let files = FileManager.default
        guard let versions = try? files.contentsOfDirectory(atPath: root) else { return nil }
        let candidates = versions.filter { files.fileExists(atPath: root + "/" + $0 + "/include/stddef.h") }
        guard candidates.count == 1 else { return nil }
        return URL(fileURLWithPath: root + "/" + candidates[0]).standardizedFileURL.path
    }

    /// clang's version number, e.g. `21.0.0`.
    public func clangVersion() throws -> String {
        let answer = try probe(Command(try requireClang(), ["-dumpversion"]))
        return answer.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The directory clang is in, nil when clang was not found by path.
    public var directory: String? {
        guard let clang, let slash = clang.lastIndex(of: "/") else { return nil }
        return String(clang[..<slash])
    }

    /// The path of an LLVM tool installed next to clang, e.g. `llvm-ar`; the bare
    /// name when clang's directory is unknown.
    public func tool(named name: String) -> String {
        directory.map { $0 + "/" + name } ?? name
    }
}
