/// Where a trace line goes: the kernel console, or a byte array in tests.
/// Writing never allocates in the kernel.
public protocol TraceOutput {
    mutating func write(_ text: StaticString)
    mutating func write(byte: UInt8)
}

/// The program's memory as the trace reads it: strings and buffers the
/// syscall arguments point to.
public protocol TraceMemory {
    /// The byte at `address`, or nil when the program could not pass it
    /// (outside its memory).
    func byte(at address: Int) -> UInt8?
}

extension TraceOutput {
    public mutating func decimal(_ value: Int) {
        if value < 0 { write(byte: UInt8(ascii: "-")) }
        digits(value.magnitude, radix: 10)
    }

    public mutating func unsigned(_ value: UInt) {
        digits(value, radix: 10)
    }

    /// `0x`-prefixed hexadecimal.
    public mutating func hex(_ value: UInt) {
        write("0x")
        digits(value, radix: 16)
    }

    /// `0`-prefixed octal, as modes are written in C.
    public mutating func octal(_ value: UInt) {
        write(byte: UInt8(ascii: "0"))
        if value != 0 { digits(value, radix: 8) }
    }

    mutating func digits(_ value: UInt, radix: UInt) {
        var divisor: UInt = 1
        while value / divisor >= radix { divisor *= radix }
        var rest = value
        while true {
            let digit = UInt8(truncatingIfNeeded: rest / divisor)
            write(byte: digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
            rest %= divisor
            if divisor == 1 { break }
            divisor /= radix
        }
    }
}
