import Testing
@testable import RunikraftTool

struct KernelCommandLineTests {
    @Test func encodesOptionsEnvironmentThenArguments() {
        let line = KernelCommandLine(
            kernelOptions: ["rk.verbose"], environment: ["HOME=/", "LANG=C"], arguments: ["hello", "-n", "3"])
        #expect(line.encoded == "rk.verbose HOME=/ LANG=C -- hello -n 3")
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("", #""""#),
        ("two words", #""two words""#),
        ("tab\there", "\"tab\there\""),
        ("line\nbreak", "\"line\nbreak\""),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"C:\dir"#, #""C:\\dir""#),
        ("it's", "it's"),
        ("--", "--"),
        ("=", "="),
        ("ünïcode", "ünïcode"),
    ])
    func quotesOnlyWhatMustBeQuoted(token: String, encoded: String) {
        #expect(KernelCommandLine.quoted(token) == encoded)
    }

    static let roundTrips: [KernelCommandLine] = [
        KernelCommandLine(arguments: ["prog"]),
        KernelCommandLine(arguments: ["prog", ""]),
        KernelCommandLine(arguments: ["prog", "", "", "x"]),
        KernelCommandLine(arguments: ["prog", "a b", " leading", "trailing ", "  "]),
        KernelCommandLine(arguments: ["prog", #"""#, #"\"#, #"\""#, #"a\"b"#, #"\\"#]),
        KernelCommandLine(arguments: ["prog", "--", "-- x", "--"]),
        KernelCommandLine(kernelOptions: ["rk.trace=syscalls"], environment: ["X=a b", "Y=", #"Z="q""#], arguments: ["my prog", "--"]),
        KernelCommandLine(environment: ["PATH=/bin:/usr/bin"], arguments: ["sh", "-c", "echo \"$PATH\" | tr : '\\n'"]),
    ]

    @Test(arguments: roundTrips)
    func decodesBackToTheSameTokens(line: KernelCommandLine) throws {
        let decoded = try Decoder.decode(line.encoded)
        #expect(decoded == line)
    }

    @Test func validation() {
        #expect(throws: Never.self) { try KernelCommandLine(kernelOptions: ["rk.verbose"], environment: ["A=1"], arguments: ["p"]).validate() }
        #expect(throws: ToolError.self) { try KernelCommandLine(kernelOptions: ["verbose"], arguments: ["p"]).validate() }
        #expect(throws: ToolError.self) { try KernelCommandLine(environment: ["NOVALUE"], arguments: ["p"]).validate() }
        #expect(throws: ToolError.self) { try KernelCommandLine(environment: ["=x"], arguments: ["p"]).validate() }
        #expect(throws: ToolError.self) { try KernelCommandLine(environment: ["rk.x=1"], arguments: ["p"]).validate() }
        #expect(throws: ToolError.self) { try KernelCommandLine(arguments: []).validate() }
    }

    /// A decoder written from the format's description, as the kernel reads it.
    enum Decoder {
        struct Malformed: Error {}

        static func decode(_ line: String) throws -> KernelCommandLine {
            var tokens: [(text: String, quoted: Bool)] = []
            var characters = line[...]
            while let first = characters.first {
                if first == " " {
                    characters.removeFirst()
                } else if first == "\"" {
                    characters.removeFirst()
                    var token = ""
                    while true {
                        guard let next = characters.popFirst() else { throw Malformed() }
                        if next == "\"" { break }
                        if next == "\\" {
                            guard let escaped = characters.popFirst() else { throw Malformed() }
                            token.append(escaped)
                        } else {
                            token.append(next)
                        }
                    }
                    tokens.append((token, true))
                } else {
                    let token = characters.prefix { $0 != " " }
                    characters.removeFirst(token.count)
                    tokens.append((String(token), false))
                }
            }
            guard let separator = tokens.firstIndex(where: { $0.text == "--" && !$0.quoted }) else { throw Malformed() }
            let settings = tokens[..<separator].map(\.text)
            return KernelCommandLine(
                kernelOptions: settings.filter { $0.hasPrefix("rk.") },
                environment: settings.filter { !$0.hasPrefix("rk.") },
                arguments: tokens[(separator + 1)...].map(\.text))
        }
    }
}
