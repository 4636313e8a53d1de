/// Kernel messages, one line each. Without a log channel they go to the
/// console prefixed `runikraft: `; with one (a virtio console, which
/// `runikraft run --log` attaches) they go there instead, as
/// `[seconds.microseconds] level: message` in guest monotonic time, and the
/// console carries only the program's output. Lines are assembled piece by
/// piece, so logging never allocates.
public enum Log {
    /// How much a message matters; `rk.log=LEVEL` keeps only messages at
    /// that level or above (default `info`).
    public enum Level: Int {
        case debug, info, warn, error

        public var name: StaticString {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warn: "warn"
            case .error: "error"
            }
        }

        /// The level named `name`, as `rk.log` spells it.
        public static func named(_ name: UnsafeRawBufferPointer) -> Level? {
            var raw = 0
            while let level = Level(rawValue: raw) {
                raw += 1
                let candidate = level.name
                if name.elementsEqual(UnsafeRawBufferPointer(start: candidate.utf8Start, count: candidate.utf8CodeUnitCount)) {
                    return level
                }
            }
            return nil
        }
    }

    nonisolated(unsafe) public static var threshold = Level.info
    /// Where lines go instead of the console: called with each piece of a
    /// line, the last piece ending in a newline.
    nonisolated(unsafe) public static var channel: ((UnsafeRawBufferPointer) -> Void)?

    public static func isEnabled(_ level: Level) -> Bool { level.rawValue >= threshold.rawValue }

    /// Writes one message line built by `body`, if `level` is enabled.
    public static func line(_ level: Level = .info, _ body: (inout Line) -> Void) {
        guard isEnabled(level) else { return }
        var line = Line()
        if channel != nil {
            let now = Clock.monotonicNanoseconds
            line.text("[")
            line.decimal(now / 1_000_000_000)
            line.text(".")
            line.digits((now % 1_000_000_000 / 1000).magnitude, radix: 10, minimumDigits: 6)
            line.text("] ")
            line.text(level.name)
            line.text(": ")
        } else {
            line.text("runikraft: ")
        }
        body(&line)
        line.text("\n")
    }

    /// Writes a fixed message line.
    public static func line(_ level: Level, _ message: StaticString) {
        line(level) { $0.text(message) }
    }

    /// Writes a fixed message line at level `info`.
    public static func line(_ message: StaticString) {
        line(.info) { $0.text(message) }
    }

    static func emit(_ bytes: UnsafeRawBufferPointer) {
        if let channel { channel(bytes) } else { Console.write(bytes) }
    }

    /// The pieces of one line.
    public struct Line {
        public mutating func text(_ text: StaticString) {
            emit(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        public mutating func bytes(_ bytes: UnsafeRawBufferPointer) { emit(bytes) }

        public mutating func decimal<Value: BinaryInteger>(_ value: Value) {
            if value < 0 { text("-") }
            digits(value.magnitude, radix: 10, minimumDigits: 1)
        }

        /// `0x`-prefixed hexadecimal, zero-padded to `digits` digits.
        public mutating func hex<Value: BinaryInteger>(_ value: Value, digits: Int = 1) {
            text("0x")
            self.digits(value.magnitude, radix: 16, minimumDigits: digits)
        }

        mutating func digits<Value: BinaryInteger>(_ value: Value, radix: Value, minimumDigits: Int) {
            var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 digits
            withUnsafeMutableBytes(of: &buffer) { digits in
                var remaining = value
                var count = 0
                repeat {
                    let digit = UInt8(truncatingIfNeeded: remaining % radix)
                    digits[count] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
                    remaining /= radix
                    count += 1
                } while (remaining != 0 || count < minimumDigits) && count < digits.count
                // Most significant first: reverse in place, then one write.
                var low = 0
                var high = count - 1
                while low < high {
                    digits.swapAt(low, high)
                    low += 1
                    high -= 1
                }
                emit(UnsafeRawBufferPointer(rebasing: digits[..<count]))
            }
        }
    }
}
