/// An `ld` command line, sorted into what `runikraft ld` keeps, drops and adds.
public struct LinkerInvocation: Equatable, Sendable {
    /// The user's arguments that reach ld.lld, in order.
    public var arguments: [String] = []
    /// `-r`: a partial link into one relocatable object; nothing is added.
    public var isRelocatable = false
    /// Only a version or help request (`ld -v`, as libtool asks): no link.
    public var isQuery = false
    /// The user gave a linker script of their own.
    public var hasLinkerScript = false
    /// Emulations for another machine (`-m elf_x86_64`), dropped with a warning.
    public var hostOnlyOptions: [String] = []

    public init(parsing arguments: [String]) throws {
        var cursor = ArgumentCursor(arguments)
        var hasInputs = false
        var asksVersion = false
        while let argument = cursor.next() {
            switch argument {
            case "-r", "-relocatable", "--relocatable", "-Ur":
                isRelocatable = true
                self.arguments.append(argument)
            case "-shared", "--shared", "-Bshareable":
                throw ToolError("\(argument) is not supported: a Runikraft image is one static executable; build the library as a static archive (.a) instead")
            case "-m":
                let emulation = try cursor.value(for: argument)
                if emulation != "elf64lriscv" { hostOnlyOptions += [argument, emulation] }
            case _ where Self.dropped.contains(argument):
                break
            case "-dynamic-linker", "--dynamic-linker", "--dynamic-list":
                _ = try cursor.value(for: argument)
            case "-v", "-V", "--version", "-version", "--help":
                asksVersion = true
                self.arguments.append(argument)
            default:
                if argument.hasPrefix("--dynamic-linker=") || argument.hasPrefix("--dynamic-list=") {
                    break
                }
                if argument.hasPrefix("-m") && argument.count > 2 && !argument.hasPrefix("--") {
                    let emulation = String(argument.dropFirst(2))
                    if emulation != "elf64lriscv" { hostOnlyOptions.append(argument) }
                    break
                }
                self.arguments.append(argument)
                if Self.isScript(argument) { hasLinkerScript = true }
                if Self.optionsWithValue.contains(argument) {
                    let value = try cursor.value(for: argument)
                    self.arguments.append(value)
                } else if argument == "-" || !argument.hasPrefix("-") {
                    hasInputs = true
                }
            }
        }
        isQuery = asksVersion && !hasInputs
    }

    /// Options an image link drops. The image's kind is the image link's
    /// (ImageLink: a static PIE the kernel relocates itself), so the user's
    /// PIE and interpreter options go; and no shared object will ever look
    /// a symbol up in the image, while in a PIE an exported symbol would be
    /// kept even when nothing uses it (`-E`, as Lua's Makefile passes).
    public static let dropped: Set<String> = [
        "-pie", "--pie", "-static-pie", "--static-pie", "--no-dynamic-linker",
        "-E", "--export-dynamic", "-export-dynamic",
    ]

    static func isScript(_ argument: String) -> Bool {
        argument == "-T" || argument == "--script" || argument.hasPrefix("--script=")
            || (argument.hasPrefix("-T") && !["-Ttext", "-Tdata", "-Tbss"].contains(where: argument.hasPrefix))
    }

    /// ld options whose value is the next argument, so that a value is never
    /// taken for an input file.
    static let optionsWithValue: Set<String> = [
        "-o", "--output", "-L", "--library-path", "-l", "--library", "-T", "--script",
        "-e", "--entry", "-u", "--undefined", "-z", "-y", "--trace-symbol", "-R",
        "--just-symbols", "-h", "-soname", "--soname", "-rpath", "--rpath", "-Map", "--Map",
        "--defsym", "--version-script", "--dynamic-list", "--wrap", "-Ttext", "-Tdata",
        "-Tbss", "--image-base", "-init", "-fini", "--exclude-libs", "-plugin",
        "-plugin-opt", "--sysroot", "-F", "-f", "--hash-style", "--build-id", "-a",
    ]
}
