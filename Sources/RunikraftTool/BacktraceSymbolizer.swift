/// Gives the frames of the kernel's crash reports a function, file and line,
/// as `runikraft run` relays the console:
///
///     runikraft:   #1 0x000000008020009a
///
/// becomes
///
///     runikraft:   #1 0x000000008020009a in f at /src/crash.c:9:60
///
/// The kernel runs at a random virtual base (docs/architecture.md, "The
/// image at a random address") and says how far it moved the image before
/// the frames (`runikraft: image offset 0x...`); addresses are looked up
/// that far lower, where the image file has them.
///
/// Lines that could begin a frame line (`runikraft:   #`) or the offset
/// line are held until they end; everything else passes at once. Frame 0 is
/// the faulting pc; the others are return addresses, looked up one byte
/// earlier so that the line is the call's, not the next statement's.
public struct BacktraceSymbolizer: Sendable {
    public static let framePrefix = Array("runikraft:   #".utf8)
    public static let offsetPrefix = Array("runikraft: image offset 0x".utf8)
    /// Longest frame or offset line (prefix, depth, address, CR LF); longer lines pass.
    static let maximumFrameLine = 48

    /// The description of a code address (`f at /src/crash.c:9:60`), nil if unknown.
    public var describe: @Sendable (UInt64) -> String?

    private var line: [UInt8] = []
    private var holding = false
    private var atLineStart = true
    /// The image offset the kernel last reported.
    private var offset: UInt64 = 0

    public init(describe: @escaping @Sendable (UInt64) -> String?) {
        self.describe = describe
    }

    /// Takes console output and returns what is to be shown of it now.
    public mutating func filter(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        for byte in bytes {
            if atLineStart {
                atLineStart = false
                holding = true
                line.removeAll(keepingCapacity: true)
            }
            let endsLine = byte == UInt8(ascii: "\n")
            if endsLine { atLineStart = true }
            guard holding else {
                result.append(byte)
                continue
            }
            line.append(byte)
            if endsLine {
                result += annotated(line)
                holding = false
            } else if !couldBeFrame(line) {
                result += line
                holding = false
            }
        }
        return result
    }

    /// What is still held at the end of the output.
    public mutating func finish() -> [UInt8] {
        defer { line = []; holding = false }
        return holding ? line : []
    }

    private func couldBeFrame(_ line: [UInt8]) -> Bool {
        guard line.count <= Self.maximumFrameLine else { return false }
        return [Self.framePrefix, Self.offsetPrefix].contains { prefix in
            line.count <= prefix.count ? prefix.starts(with: line) : line.starts(with: prefix)
        }
    }

    /// A complete line, with the frame's description added when it is one.
    mutating func annotated(_ line: [UInt8]) -> [UInt8] {
        if let offset = Self.parseOffset(line) {
            self.offset = offset
            return line
        }
        guard let (depth, address) = Self.parseFrame(line),
              let description = describe((depth == 0 ? address : address &- 1) &- offset)
        else { return line }
        var body = line
        var ending: [UInt8] = []
        while let last = body.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
            ending.insert(body.removeLast(), at: 0)
        }
        return body + Array(" in \(description)".utf8) + ending
    }

    /// The offset of `runikraft: image offset 0xHEX`.
    static func parseOffset(_ line: [UInt8]) -> UInt64? {
        guard line.starts(with: offsetPrefix) else { return nil }
        var body = line.dropFirst(offsetPrefix.count)
        while let last = body.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { body.removeLast() }
        return UInt64(String(decoding: body, as: UTF8.self), radix: 16)
    }

    /// Depth and address of `runikraft:   #N 0xHEX`.
    static func parseFrame(_ line: [UInt8]) -> (depth: Int, address: UInt64)? {
        guard line.starts(with: framePrefix) else { return nil }
        var body = line.dropFirst(framePrefix.count)
        while let last = body.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { body.removeLast() }
        let text = String(decoding: body, as: UTF8.self)
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, let depth = Int(parts[0]), parts[1].hasPrefix("0x"),
              let address = UInt64(parts[1].dropFirst(2), radix: 16)
        else { return nil }
        return (depth, address)
    }

    /// A symbolizer that asks llvm-symbolizer about addresses in `image`.
    public static func llvm(symbolizer: String, image: String) -> BacktraceSymbolizer {
        BacktraceSymbolizer { address in
            let command = Command(symbolizer, ["--obj=" + image, "--inlines", "0x" + String(address, radix: 16)])
            // Its warnings about the DWARF of prebuilt objects (libgcc's
            // address ranges) would only clutter the program's output.
            return (try? ProcessRunner.captureOutput(command, quiet: true)).flatMap(description(fromSymbolizerOutput:))
        }
    }

    /// Turns llvm-symbolizer's answer for one address — function and
    /// `file:line:column` lines, one pair per inlined frame — into
    /// `g at a.c:8:63, inlined into f at a.c:9:60`; nil when it knows nothing.
    public static func description(fromSymbolizerOutput output: String) -> String? {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        var pieces: [String] = []
        var index = 0
        while index + 1 < lines.count {
            let function = lines[index]
            let location = lines[index + 1]
            index += 2
            guard function != "??" else { continue }
            var piece = function
            if !location.hasPrefix("??"), !location.hasSuffix(":0:0") { piece += " at " + location }
            pieces.append(piece)
        }
        guard !pieces.isEmpty else { return nil }
        return pieces.joined(separator: ", inlined into ")
    }
}
