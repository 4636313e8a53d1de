import Foundation

/// Turns a parsed `cc` command line into a plan: the clang commands that
/// compile each source for riscv64-unknown-linux-musl, then the ld.lld command
/// that links the image.
public struct CompilerDriver {
    /// The target every source is compiled for (docs/architecture.md, "The pieces").
    public static let targetOptions = [
        "--target=\(RunikraftVersion.targetTriple)", "-march=rv64gc", "-mabi=lp64d", "-mcmodel=medany",
    ]
    /// Added to every compile: only the sysroot's headers are seen, programs can
    /// test for Runikraft, and frame pointers keep kernel backtraces possible.
    public static let runikraftOptions = ["-nostdinc", "-D__runikraft__", "-fno-omit-frame-pointer"]
    /// Stack canaries by default, as Debian and Fedora build their packages:
    /// musl seeds the canary from AT_RANDOM, which the kernel fills from its
    /// CSPRNG, and `__stack_chk_fail` stops the program.
    public static let defaultStackProtector = "-fstack-protector-strong"

    /// The default stack protector unless the user chose one: any
    /// `-fstack-protector*` or `-fno-stack-protector` replaces it.
    static func stackProtectorOptions(for compileOptions: [String]) -> [String] {
        let chosen = compileOptions.contains { $0.hasPrefix("-fstack-protector") || $0 == "-fno-stack-protector" }
        return chosen ? [] : [defaultStackProtector]
    }

    public var checkout: Checkout
    public var toolchain: Toolchain
    /// Where intermediate objects go when sources are compiled and linked in one
    /// call; the executor creates and removes it.
    public var scratchDirectory: String
    public var fileExists: (String) -> Bool
    /// Images get the syscall tracer (ImageLink.includesSyscallTrace).
    public var includesSyscallTrace = true

    public init(
        checkout: Checkout, toolchain: Toolchain, scratchDirectory: String,
        fileExists: @escaping (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) {
        self.checkout = checkout
        self.toolchain = toolchain
        self.scratchDirectory = scratchDirectory
        self.fileExists = fileExists
    }

    private var sysroot: Sysroot { checkout.sysroot }

    /// C++ fails at once, with one line: there is no C++ runtime for the
    /// sysroot (libc++/libstdc++ and an unwinder), so a C++ program would
    /// otherwise end in a wall of missing headers or undefined symbols.
    public static func cPlusPlusUnsupported(_ what: String) -> String {
        "\(what): C++ is not supported: Runikraft's sysroot has no C++ runtime (libc++ or libstdc++); only C programs build"
    }

    static func isCPlusPlus(_ path: String, language: String?) -> Bool {
        if let language { return language.hasPrefix("c++") || language == "objective-c++" }
        guard let dot = path.lastIndex(of: ".") else { return false }
        return ["cc", "cp", "cxx", "cpp", "CPP", "c++", "C", "ii", "hh", "hpp", "H"].contains(String(path[path.index(after: dot)...]))
    }

    public func plan(for invocation: CompilerInvocation) throws -> BuildPlan {
        if let query = invocation.query {
            return try answer(query)
        }
        var plan = BuildPlan()
        plan.echoesCommands = invocation.isVerbose
        plan.isDryRun = invocation.isDryRun
        if invocation.isVerbose || invocation.isDryRun {
            plan.banner = try versionText()
        }
        if !invocation.hostOnlyOptions.isEmpty {
            plan.warnings.append("ignoring host-only flags: " + invocation.hostOnlyOptions.joined(separator: " "))
        }
        guard !invocation.inputs.filter(\.isFile).isEmpty else {
            if invocation.isVerbose { return plan }
            throw ToolError("no input files")
        }
        if let source = invocation.sources.first(where: { Self.isCPlusPlus($0.path, language: $0.language) }) {
            throw ToolError(Self.cPlusPlusUnsupported(source.path))
        }
        let sources = invocation.sources
        if sources.contains(where: { $0.path == "-" && $0.language == nil }) && invocation.mode != .preprocess {
            throw ToolError("-E or -x required when input is from standard input")
        }
        let links = invocation.mode == .link || invocation.mode == .relocatableLink
        if !links {
            if invocation.output != nil && sources.count > 1 {
                throw ToolError("cannot specify -o with -c, -S or -E with multiple files")
            }
            plan.warnings += invocation.linkerFiles.map { "\($0): linker input file unused because linking not done" }
        }

        var problems = Problems()
        let clang = sources.isEmpty ? nil : problems.check(toolchain.requireClang)
        let includeOptions = sources.isEmpty ? [] : includeOptions(for: invocation, problems: &problems)
        let linker = links ? problems.check(toolchain.requireLinker) : nil
        let imageLink = imageLink(for: invocation)
        if invocation.mode == .link {
            problems.report(imageLink.missingPieces(checkout: checkout, fileExists: fileExists))
        }
        try problems.throwIfAny()

        let output = invocation.output ?? "a.out"
        let objects = sources.indices.map { outputPath(ofSource: $0, in: invocation) }
        for (source, object) in zip(sources, objects) {
            var arguments = Self.targetOptions + Self.runikraftOptions
                + Self.stackProtectorOptions(for: invocation.compileOptions) + invocation.compileOptions
            arguments += dependencyOptions(for: invocation) + includeOptions + [invocation.mode.clangFlag]
            if let language = source.language { arguments += ["-x", language] }
            arguments.append(source.path)
            if let object { arguments += ["-o", object] }
            plan.steps.append(Command(clang!, arguments))
        }

        guard links, let linker else { return plan }
        plan.scratchDirectory = sources.isEmpty ? nil : scratchDirectory
        var compiled = objects.compactMap { $0 }.makeIterator()
        let userArguments = invocation.inputs.flatMap { input -> [String] in
            switch input {
            case .source: [compiled.next()!]
            case .linkerFile(let path): [path]
            case .linkerOptions(let words): words
            }
        }
        if invocation.mode == .relocatableLink {
            plan.steps.append(Command(linker, ["-m", "elf64lriscv", "-r"] + userArguments + ["-o", output]))
        } else {
            plan.steps.append(imageLink.command(linker: linker, userArguments: userArguments, output: output))
        }
        return plan
    }

    /// Where the compile of source number `index` writes: gcc's names for `-c`
    /// and `-S` without `-o`, standard output for `-E` without `-o`, and the
    /// scratch directory when the objects are linked at once.
    private func outputPath(ofSource index: Int, in invocation: CompilerInvocation) -> String? {
        let stem = Self.stem(of: invocation.sources[index].path)
        return switch invocation.mode {
        case .preprocess: invocation.output
        case .assembly: invocation.output ?? stem + ".s"
        case .object: invocation.output ?? stem + ".o"
        case .link, .relocatableLink: "\(scratchDirectory)/\(stem)-\(index).o"
        }
    }

    /// When sources are compiled and linked in one call, `-MD` names the
    /// dependency file and rule after the output, as gcc and clang do, not
    /// after the temporary object.
    private func dependencyOptions(for invocation: CompilerInvocation) -> [String] {
        guard invocation.writesDependencyFile,
            invocation.mode == .link || invocation.mode == .relocatableLink
        else { return [] }
        let output = invocation.output ?? "a.out"
        return (invocation.namesDependencyFile ? [] : ["-MF", Self.replacingExtension(of: output, with: "d")])
            + (invocation.namesDependencyTarget ? [] : ["-MT", output])
    }

    /// `-isystem` for clang's own headers, then the sysroot's. They follow the
    /// user's options, so the search order is that of any cross compiler:
    /// `-I`, then `-isystem`, then the compiler's and the libc's headers, then
    /// `-idirafter`.
    private func includeOptions(for invocation: CompilerInvocation, problems: inout Problems) -> [String] {
        var options: [String] = []
        if invocation.searchesCompilerHeaders, let resources = problems.check(toolchain.resourceDirectory) {
            options += ["-isystem", resources + "/include"]
        }
        if invocation.searchesSysrootHeaders {
            if !fileExists(sysroot.path) {
                problems.report(["sysroot not found at \(sysroot.path); build it with: \(checkout.buildSysrootCommand)"])
            } else if !fileExists(sysroot.includeDirectory) {
                problems.report(["sysroot is incomplete: \(sysroot.includeDirectory) is missing; build it with: \(checkout.buildSysrootCommand)"])
            }
            options += ["-isystem", sysroot.includeDirectory]
        }
        return options
    }

    private func imageLink(for invocation: CompilerInvocation) -> ImageLink {
        var link = ImageLink(sysroot: sysroot)
        link.usesLinkerScript = !invocation.hasLinkerScript
        link.includesSyscallTrace = includesSyscallTrace
        link.libraries = [
            invocation.linksKernel ? "runikraft" : nil,
            invocation.linksLibc ? "c" : nil,
            invocation.linksCompilerRuntime ? "gcc" : nil,
        ].compactMap { $0 }
        return link
    }

    // MARK: Queries

    private func answer(_ query: CompilerInvocation.Query) throws -> BuildPlan {
        let text: String
        switch query {
        case .version:
            text = try versionText()
        case .help:
            text = """
                Usage: runikraft-cc [options] file...
                A C compiler for Runikraft images (\(RunikraftVersion.targetTriple)): takes gcc and
                clang options, compiles with clang and links one static image with ld.lld.

                """
        case .targetTriple:
            text = RunikraftVersion.targetTriple + "\n"
        case .compilerVersion:
            text = try toolchain.clangVersion() + "\n"
        case .programName(let name):
            if let path = programPath(name) {
                text = path + "\n"
            } else {
                return BuildPlan(steps: [Command(try toolchain.requireClang(), ["-print-prog-name=\(name)"])])
            }
        case .fileName(let name):
            let candidates = [sysroot.libraryDirectory + "/" + name]
                + ((try? toolchain.resourceDirectory()).map { [$0 + "/" + name] } ?? [])
            text = (candidates.first(where: fileExists) ?? name) + "\n"
        case .libgccFileName:
            text = sysroot.archive(named: "gcc") + "\n"
        case .searchDirectories:
            let programs = [toolchain.directory, checkout.wrapperDirectory].compactMap { $0 }.map { $0 + "/" }
            text = """
                install: \((try? toolchain.resourceDirectory()) ?? "")/
                programs: =\(programs.joined(separator: ":"))
                libraries: =\(sysroot.libraryDirectory)/

                """
        case .sysroot:
            text = sysroot.path + "\n"
        case .multiDirectory, .multiOSDirectory:
            text = ".\n"
        case .multiLib:
            text = ".;\n"
        case .multiarch:
            text = "\n"
        }
        return BuildPlan(answer: text)
    }

    /// Programs the toolchain provides for riscv64 under their binutils names.
    private func programPath(_ name: String) -> String? {
        switch name {
        case "ld": checkout.wrapper("runikraft-ld")
        case "cc", "gcc": checkout.wrapper("runikraft-cc")
        default: Binutils.command(for: name, toolchain: toolchain, arguments: [])?.executable
        }
    }

    /// What `--version` prints, and `-v` on standard error.
    public func versionText() throws -> String {
        """
        runikraft-cc (Runikraft \(RunikraftVersion.current)) clang version \(try toolchain.clangVersion())
        Target: \(RunikraftVersion.targetTriple)
        Thread model: posix
        InstalledDir: \(checkout.wrapperDirectory)

        """
    }

    // MARK: File names

    /// The file name of `path` without directory or extension, as gcc names the
    /// object of `-c` without `-o`.
    static func stem(of path: String) -> String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    static func replacingExtension(of path: String, with newExtension: String) -> String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path + "." + newExtension }
        return String(path.dropLast(name.distance(from: dot, to: name.endIndex))) + "." + newExtension
    }
}

extension CompilerInvocation.Mode {
    /// The clang flag that stops at this mode's stage.
    var clangFlag: String {
        switch self {
        case .preprocess: "-E"
        case .assembly: "-S"
        case .object, .link, .relocatableLink: "-c"
        }
    }
}

extension CompilerInvocation.Input {
    /// Whether this names a file (a source or a linker input).
    var isFile: Bool {
        if case .linkerOptions = self { false } else { true }
    }
}
