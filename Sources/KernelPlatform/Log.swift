/// Kernel messages: one line each on the console, prefixed `runikraft: `.
/// Lines are assembled piece by piece, so logging never allocates.
public enum Log {
    /// Writes one message line built by `body`.
    public static func line(_ body: (inout Line) -> Void) {
        var line = Line()
        line.text("runikraft: ")
        body(&line)
        Console.write(UInt8(ascii: "\n"))
    }

    /// Writes a fixed message line.
    public static func line(_ message: StaticString) {
        line { $0.text(message) }
    }

    /// The pieces of one line.
    public struct Line {
        public mutating func text(_ text: StaticString) { Console.write(text) }

        public mutating func bytes(_ bytes: UnsafeRawBufferPointer) { Console.write(bytes) }

        public mutating func decimal<Value: BinaryInteger>(_ value: Value) {
            if value < 0 { Console.write(UInt8(ascii: "-")) }
            digits(value.magnitude, radix: 10, minimumDigits: 1)
        }

        /// `0x`-prefixed hexadecimal, zero-padded to `digits` digits.
        public mutating func hex<Value: BinaryInteger>(_ value: Value, digits: Int = 1) {
            Console.write("0x")
            self.digits(value.magnitude, radix: 16, minimumDigits: digits)
        }

        private mutating func digits<Value: BinaryInteger>(_ value: Value, radix: Value, minimumDigits: Int) {
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
                while count > 0 {
                    count -= 1
                    Console.write(digits[count])
                }
            }
        }
    }
}
