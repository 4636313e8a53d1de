import Foundation

/// A gcc/clang command line, parsed into what it asks the compiler to do.
///
/// Parsing only sorts the arguments: which files to compile, which words go to
/// every compile, which go to the link and in what order. `CompilerDriver` turns
/// the result into commands.
public struct CompilerInvocation: Equatable, Sendable {
    /// The stage at which the compiler stops. As with gcc, the earliest stage
    /// asked for wins, whatever the order of `-E`, `-S`, `-c`.
    public enum Mode: Equatable, Sendable {
        /// Compile and link an image (no mode flag).
        case link
        /// `-r`: compile, then join the objects into one relocatable object.
        case relocatableLink
        /// `-c`: one object per source.
        case object
        /// `-S`: one assembly file per source.
        case assembly
        /// `-E`, `-M`, `-MM`: preprocessed source or dependency rules.
        case preprocess
    }

    /// A command-line item that takes part in compiling or linking, in order.
    public enum Input: Equatable, Sendable {
        /// A file clang compiles; `language` is the `-x` in force, if any.
        case source(path: String, language: String?)
        /// A file handed to the linker as it is: object, archive, linker script.
        case linkerFile(String)
        /// Linker options that keep their place among the files: `-lm`, `-L dir`,
        /// the words of `-Wl,` and `-Xlinker`.
        case linkerOptions([String])
    }

    /// A question answered without compiling anything.
    public enum Query: Equatable, Sendable {
        case version
        case help
        /// `-dumpmachine`, `-print-target-triple`.
        case targetTriple
        /// `-dumpversion`, `-dumpfullversion`.
        case compilerVersion
        case programName(String)
        case fileName(String)
        case libgccFileName
        case searchDirectories
        case sysroot
        case multiDirectory
        case multiOSDirectory
        case multiLib
        case multiarch
    }

    public var mode: Mode = .link
    /// `-o`.
    public var output: String?
    public var inputs: [Input] = []
    /// Words passed to every compile, in the order given.
    public var compileOptions: [String] = []
    /// The first query on the line; gcc answers it and does nothing else.
    public var query: Query?
    /// `-v`: print the version and each command before it runs.
    public var isVerbose = false
    /// `-###`: print the commands without running them.
    public var isDryRun = false
    /// False after `-nostdinc` or `-nobuiltininc`.
    public var searchesCompilerHeaders = true
    /// False after `-nostdinc` or `-nostdlibinc`.
    public var searchesSysrootHeaders = true
    /// The kernel archive plays the part of gcc's start files: it defines `_start`.
    /// False after `-nostartfiles` or `-nostdlib`.
    public var linksKernel = true
    /// False after `-nodefaultlibs`, `-nolibc` or `-nostdlib`.
    public var linksLibc = true
    /// False after `-nodefaultlibs` or `-nostdlib`.
    public var linksCompilerRuntime = true
    /// The user gave a linker script of their own with `-T`.
    public var hasLinkerScript = false
    /// `-MD` or `-MMD`: a dependency file is written beside the compile.
    public var writesDependencyFile = false
    /// `-MF` names the dependency file.
    public var namesDependencyFile = false
    /// `-MT` or `-MQ` names the rule's target.
    public var namesDependencyTarget = false
    /// Options meant for another machine, dropped; reported in one warning.
    public var hostOnlyOptions: [String] = []

    public init() {}

    /// The files clang compiles.
    public var sources: [(path: String, language: String?)] {
        inputs.compactMap {
            if case .source(let path, let language) = $0 { (path, language) } else { nil }
        }
    }

    /// The files handed to the linker as they are.
    public var linkerFiles: [String] {
        inputs.compactMap { if case .linkerFile(let path) = $0 { path } else { nil } }
    }

    /// Parses `arguments` (after response-file expansion), gcc style.
    public init(parsing arguments: [String]) throws {
        var parser = ArgumentCursor(arguments)
        var language: String?
        var stops = Set<String>()
        while let argument = parser.next() {
            if argument == "-" || !argument.hasPrefix("-") {
                addInput(argument, language: language)
                continue
            }
            if let option = argument.value(after: "--print-") {
                try parseQuery("-print-" + option)
                continue
            }
            switch argument {
            case "-c", "-S", "-E", "-r":
                stops.insert(argument)
            case "-M", "-MM":
                stops.insert("-E")
                compileOptions.append(argument)
            case "-MD", "-MMD":
                writesDependencyFile = true
                compileOptions.append(argument)
            case "-v":
                isVerbose = true
                compileOptions.append(argument)
            case "-###":
                isDryRun = true
            case "-shared":
                throw ToolError("-shared is not supported: a Runikraft image is one static executable; build the library as a static archive (.a) instead")
            // Every image is a static executable at a fixed address, so the
            // choices these make are already made.
            case "-static", "-static-libgcc", "-static-libstdc++", "-static-pie", "-pie",
                "-no-pie", "-nopie", "-rdynamic":
                break
            case "-pipe":
                break  // clang passes nothing between stages through files anyway
            case "-nostdlib":
                linksKernel = false
                linksLibc = false
                linksCompilerRuntime = false
            case "-nodefaultlibs":
                linksLibc = false
                linksCompilerRuntime = false
            case "-nolibc":
                linksLibc = false
            case "-nostartfiles":
                linksKernel = false
            case "-nostdinc":
                searchesCompilerHeaders = false
                searchesSysrootHeaders = false
            case "-nostdlibinc":
                searchesSysrootHeaders = false
            case "-nobuiltininc":
                searchesCompilerHeaders = false
            case "-s":
                inputs.append(.linkerOptions([argument]))
            case "-u", "-e", "-z":
                inputs.append(.linkerOptions([argument, try parser.value(for: argument)]))
            case "-T":
                addLinkerOptions([argument, try parser.value(for: argument)])
            case "-Xlinker":
                addLinkerOptions([try parser.value(for: argument)])
            case "-Xclang", "-Xpreprocessor", "-Xassembler", "-mllvm", "--param", "-aux-info":
                compileOptions += [argument, try parser.value(for: argument)]
            case "-target", "--target", "--sysroot", "-isysroot", "-B", "--gcc-toolchain":
                hostOnlyOptions += [argument, try parser.value(for: argument)]
            case "--version":
                query = query ?? .version
            case "--help", "-help":
                query = query ?? .help
            case "-dumpmachine":
                query = query ?? .targetTriple
            case "-dumpversion", "-dumpfullversion":
                query = query ?? .compilerVersion
            default:
                try parseOption(argument, parser: &parser, language: &language)
            }
        }
        mode =
            if stops.contains("-E") { .preprocess }
            else if stops.contains("-S") { .assembly }
            else if stops.contains("-c") { .object }
            else if stops.contains("-r") { .relocatableLink }
            else { .link }
    }

    /// Options recognised by their prefix.
    private mutating func parseOption(
        _ argument: String, parser: inout ArgumentCursor, language: inout String?
    ) throws {
        if argument.hasPrefix("-print-") {
            return try parseQuery(argument)
        }
        if let words = argument.value(after: "-Wl,") {
            addLinkerOptions(words.split(separator: ",").map(String.init))
            return
        }
        if let value = try parser.value(of: argument, forOption: "-o") {
            output = value
            return
        }
        if let value = try parser.value(of: argument, forOption: "-x") {
            language = value == "none" ? nil : value
            return
        }
        if let value = try parser.value(of: argument, forOption: "-l") {
            inputs.append(.linkerOptions(["-l" + value]))
            return
        }
        if let value = try parser.value(of: argument, forOption: "-L") {
            inputs.append(.linkerOptions(["-L" + value]))
            return
        }
        if argument.hasPrefix("-T") {
            addLinkerOptions([argument])
            return
        }
        if let entry = argument.value(after: "--entry=") {
            inputs.append(.linkerOptions(["-e", entry]))
            return
        }
        for option in ["-MF", "-MT", "-MQ"] where argument.hasPrefix(option) {
            if option == "-MF" { namesDependencyFile = true } else { namesDependencyTarget = true }
            compileOptions.append(argument)
            if argument == option { compileOptions.append(try parser.value(for: option)) }
            return
        }
        for option in Self.compileOptionsWithValue where argument.hasPrefix(option) {
            compileOptions.append(argument)
            if argument == option { compileOptions.append(try parser.value(for: option)) }
            return
        }
        if argument.hasPrefix("--sysroot=") || argument.hasPrefix("--target=")
            || argument.hasPrefix("-specs=") || argument.hasPrefix("--specs=")
            || argument.hasPrefix("--gcc-toolchain=") || argument.hasPrefix("-B")
        {
            hostOnlyOptions.append(argument)
            return
        }
        // -fPIC, -fpic, -fPIE, -fpie reach clang like any -f option: clang
        // already defaults to PIE for riscv64-linux-musl, and ld.lld resolves the
        // GOT at link time, so PIC objects link into the static image at
        // 0x80200000 and run (ToolchainIntegrationTests).
        if argument.hasPrefix("-fuse-ld=") {
            return  // the linker is always ld.lld
        }
        if argument.hasPrefix("-m") {
            switch MachineOptions.verdict(for: argument) {
            case .keep: compileOptions.append(argument)
            case .hostOnly: hostOnlyOptions.append(argument)
            case .rejected(let message): throw ToolError(message)
            }
            return
        }
        compileOptions.append(argument)
    }

    private mutating func parseQuery(_ argument: String) throws {
        let found: Query
        if let name = argument.value(after: "-print-prog-name=") {
            found = .programName(name)
        } else if let name = argument.value(after: "-print-file-name=") {
            found = .fileName(name)
        } else {
            switch argument {
            case "-print-libgcc-file-name": found = .libgccFileName
            case "-print-search-dirs": found = .searchDirectories
            case "-print-sysroot": found = .sysroot
            case "-print-multi-directory": found = .multiDirectory
            case "-print-multi-os-directory": found = .multiOSDirectory
            case "-print-multi-lib": found = .multiLib
            case "-print-multiarch": found = .multiarch
            case "-print-target-triple", "-print-effective-triple": found = .targetTriple
            default: throw ToolError("unsupported query \(argument)")
            }
        }
        query = query ?? found
    }

    /// Keeps linker options in place, noting a linker script of the user's own.
    private mutating func addLinkerOptions(_ words: [String]) {
        let words = words.filter { !LinkerInvocation.dropped.contains($0) }
        guard !words.isEmpty else { return }
        inputs.append(.linkerOptions(words))
        // -Ttext=, -Tdata=, -Tbss= move sections; -T FILE and -TFILE name a script.
        let sectionOptions = ["-Ttext", "-Tdata", "-Tbss"]
        if words.contains(where: { $0 == "-T" || $0.hasPrefix("--script")
            || ($0.hasPrefix("-T") && !sectionOptions.contains(where: $0.hasPrefix)) })
        {
            hasLinkerScript = true
        }
    }

    private mutating func addInput(_ path: String, language: String?) {
        if language != nil || path == "-" || Self.isSource(path) {
            inputs.append(.source(path: path, language: language))
        } else {
            inputs.append(.linkerFile(path))
        }
    }

    /// Whether gcc would compile `path` given no `-x`: C, C++, preprocessed
    /// source and assembly do; anything else goes to the linker.
    public static func isSource(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return sourceExtensions.contains(String(path[path.index(after: dot)...]))
    }

    static let sourceExtensions: Set<String> = [
        "c", "i", "h", "s", "S", "sx", "cc", "cp", "cxx", "cpp", "CPP", "c++", "C", "ii",
        "hh", "hpp", "H",
    ]

    /// Compile options whose value may be the next argument. Longer names come
    /// before shorter ones that prefix them.
    static let compileOptionsWithValue = [
        "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iprefix",
        "-iwithprefixbefore", "-iwithprefix", "-I", "-D", "-U",
    ]
}
