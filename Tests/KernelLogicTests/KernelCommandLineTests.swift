import KernelCommandLine
import Testing

struct KernelCommandLineTests {
    /// Decodes `line` and returns each token's text and kind.
    func decode(_ line: String) -> [(String, KernelCommandLine.Kind)] {
        let source = Array(line.utf8)
        var storage = [UInt8](repeating: 0, count: max(source.count, 1))
        return source.withUnsafeBytes { input in
            storage.withUnsafeMutableBytes { output in
                KernelCommandLine(decoding: input, into: output).tokens.map {
                    (String(decoding: $0.bytes, as: UTF8.self), $0.kind)
                }
            }
        }
    }

    func texts(_ line: String, _ kind: KernelCommandLine.Kind) -> [String] {
        decode(line).filter { $0.1 == kind }.map(\.0)
    }

    @Test func splitsOptionsEnvironmentAndArguments() {
        let line = "rk.verbose rk.mem=64M HOME=/ TERM=dumb -- hello a b"
        #expect(texts(line, .kernelOption) == ["rk.verbose", "rk.mem=64M"])
        #expect(texts(line, .environment) == ["HOME=/", "TERM=dumb"])
        #expect(texts(line, .argument) == ["hello", "a", "b"])
    }

    @Test func quotesKeepBlanksAndEscapes() {
        let line = #"-- prog "b c" "" "say \"hi\"" "back\\slash" x"y z"w"#
        #expect(texts(line, .argument) == ["prog", "b c", "", #"say "hi""#, #"back\slash"#, "xy zw"])
    }

    @Test func onlyTheFirstBareSeparatorSeparates() {
        #expect(texts(#"-- prog -- "--" x"#, .argument) == ["prog", "--", "--", "x"])
        #expect(texts(#""--" prog"#, .argument).isEmpty)
    }

    @Test func wordsThatAreNeitherOptionsNorVariablesAreReported() {
        #expect(texts("quiet =x rk. -- p", .unrecognized) == ["quiet", "=x", "rk."])
    }

    @Test func blanksOfAnyKindSeparate() {
        #expect(texts("A=1\t\tB=2\n--  p   q ", .environment) == ["A=1", "B=2"])
        #expect(texts("A=1\t\tB=2\n--  p   q ", .argument) == ["p", "q"])
    }

    @Test func unterminatedQuoteRunsToTheEnd() {
        #expect(texts(#"-- p "open ended"#, .argument) == ["p", "open ended"])
    }

    @Test func optionValues() {
        let source = Array("rk.timing rk.mem=64M rk.memory=1 -- p".utf8)
        var storage = [UInt8](repeating: 0, count: source.count)
        source.withUnsafeBytes { input in
            storage.withUnsafeMutableBytes { output in
                let line = KernelCommandLine(decoding: input, into: output)
                #expect(line.hasOption("timing"))
                #expect(!line.hasOption("verbose"))
                #expect(line.optionValue("mem").map { String(decoding: $0, as: UTF8.self) } == "64M")
                #expect(line.optionValue("timing")?.count == 0)
            }
        }
    }
}
