/// Writes a flag word as `A|B|0x40`: each named bit that is set, then
/// whatever no name covered, in hexadecimal; `zero` when nothing is set.
struct FlagWriter<Output: TraceOutput> {
    private var rest: UInt
    private var wroteAny = false

    init(_ value: Int) {
        rest = UInt(bitPattern: value)
    }

    /// Names `bits` if all of them are set.
    mutating func bits(_ bits: Int, _ name: StaticString, to output: inout Output) {
        let mask = UInt(bitPattern: bits)
        guard mask != 0, rest & mask == mask else { return }
        append(name, to: &output)
        rest &= ~mask
    }

    /// Names the value of the field under `mask` when it equals `value`
    /// (access modes, mapping types).
    mutating func field(_ mask: Int, _ value: Int, _ name: StaticString, to output: inout Output) {
        guard rest & UInt(bitPattern: mask) == UInt(bitPattern: value) else { return }
        append(name, to: &output)
        rest &= ~UInt(bitPattern: mask)
    }

    /// Leaves `bits` out of the word: they carry no information.
    mutating func drop(_ bits: Int) {
        rest &= ~UInt(bitPattern: bits)
    }

    /// Ends the word: the unnamed rest, or `zero` if nothing was written.
    mutating func finish(zero: StaticString = "0", to output: inout Output) {
        if rest != 0 {
            if wroteAny { output.write(byte: UInt8(ascii: "|")) }
            output.hex(rest)
        } else if !wroteAny {
            output.write(zero)
        }
    }

    private mutating func append(_ name: StaticString, to output: inout Output) {
        if wroteAny { output.write(byte: UInt8(ascii: "|")) }
        output.write(name)
        wroteAny = true
    }
}
