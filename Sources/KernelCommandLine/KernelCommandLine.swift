/// The kernel command line that `runikraft run` passes with qemu's `-append`
/// and the kernel reads from the FDT's `/chosen/bootargs`:
///
///     rk.verbose HOME=/ TERM=dumb -- hello "two words" ""
///
/// Tokens are separated by spaces (or tabs, newlines). A token that is empty
/// or holds a blank, `"` or `\` is written in double quotes, where `\"` and
/// `\\` stand for `"` and `\`. Before the first unquoted `--`, a token that
/// starts with `rk.` is a kernel option and any other `NAME=value` is an
/// environment variable of the program; after it come argv[0], argv[1], ...
public struct KernelCommandLine {
    /// Where a token belongs.
    public enum Kind: Equatable {
        case kernelOption
        case environment
        case argument
        /// A word before `--` that is neither an option nor `NAME=value`.
        case unrecognized
    }

    /// One decoded token: its bytes (without quotes or escapes) and kind.
    public struct Token {
        public var bytes: UnsafeRawBufferPointer
        public var kind: Kind
    }

    /// Decoded tokens, in command-line order.
    public private(set) var tokens: [Token] = []

    /// Decodes `source` into `storage`, which must hold at least
    /// `source.count` bytes; the tokens point into `storage`. An unterminated
    /// quote ends at the end of the line, as in a shell that reached EOF.
    public init(decoding source: UnsafeRawBufferPointer, into storage: UnsafeMutableRawBufferPointer) {
        precondition(storage.count >= source.count)
        var input = 0
        var output = 0
        var seenSeparator = false
        while true {
            while input < source.count, Self.isBlank(source[input]) { input += 1 }
            guard input < source.count else { break }
            let start = output
            var quoted = false
            var hadQuotes = false
            while input < source.count {
                let byte = source[input]
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                    hadQuotes = true
                    input += 1
                    continue
                }
                if quoted, byte == UInt8(ascii: "\\"), input + 1 < source.count,
                   source[input + 1] == UInt8(ascii: "\"") || source[input + 1] == UInt8(ascii: "\\") {
                    storage[output] = source[input + 1]
                    output += 1
                    input += 2
                    continue
                }
                if !quoted, Self.isBlank(byte) { break }
                storage[output] = byte
                output += 1
                input += 1
            }
            let bytes = UnsafeRawBufferPointer(rebasing: storage[start..<output])
            // A quoted "--" is an ordinary word; only a bare one separates.
            if !seenSeparator, !hadQuotes, Self.isSeparator(bytes) {
                seenSeparator = true
                continue
            }
            tokens.append(Token(bytes: bytes, kind: seenSeparator ? .argument : Self.classify(bytes)))
        }
    }

    /// Tokens of one kind, in order.
    public func tokens(of kind: Kind) -> [UnsafeRawBufferPointer] {
        var result: [UnsafeRawBufferPointer] = []
        for token in tokens where token.kind == kind { result.append(token.bytes) }
        return result
    }

    /// Whether kernel option `name` (written without its `rk.` prefix) is
    /// present, with or without a value.
    public func hasOption(_ name: StaticString) -> Bool {
        optionValue(name) != nil
    }

    /// The value of `rk.name=value`; an option given without `=` has an
    /// empty value. Nil when absent.
    public func optionValue(_ name: StaticString) -> UnsafeRawBufferPointer? {
        let prefix = 3  // "rk."
        for token in tokens where token.kind == .kernelOption {
            let rest = UnsafeRawBufferPointer(rebasing: token.bytes[prefix...])
            let nameLength = name.utf8CodeUnitCount
            guard rest.count >= nameLength else { continue }
            var matches = true
            for index in 0..<nameLength where rest[index] != name.utf8Start[index] {
                matches = false
                break
            }
            guard matches else { continue }
            if rest.count == nameLength { return UnsafeRawBufferPointer(rebasing: rest[nameLength...]) }
            if rest[nameLength] == UInt8(ascii: "=") {
                return UnsafeRawBufferPointer(rebasing: rest[(nameLength + 1)...])
            }
        }
        return nil
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
    }

    private static func isSeparator(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 2 && bytes[0] == UInt8(ascii: "-") && bytes[1] == UInt8(ascii: "-")
    }

    private static func classify(_ bytes: UnsafeRawBufferPointer) -> Kind {
        if bytes.count > 3, bytes[0] == UInt8(ascii: "r"), bytes[1] == UInt8(ascii: "k"),
           bytes[2] == UInt8(ascii: ".") {
            return .kernelOption
        }
        if let equals = bytes.firstIndex(of: UInt8(ascii: "=")), equals > 0 { return .environment }
        return .unrecognized
    }
}
