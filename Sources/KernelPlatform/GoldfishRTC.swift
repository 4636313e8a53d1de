/// The Goldfish real-time clock of qemu virt (`google,goldfish-rtc`):
/// nanoseconds since the Unix epoch in two 32-bit registers. Reading
/// TIME_LOW latches TIME_HIGH, so the low half is read first.
public struct GoldfishRTC {
    private enum Register {
        static let timeLow: UInt = 0x00
        static let timeHigh: UInt = 0x04
    }

    private let registers: RegisterBlock

    public init(base: UInt) {
        registers = RegisterBlock(base: base)
    }

    public var nanosecondsSinceEpoch: UInt64 {
        let low = UInt64(registers.read32(Register.timeLow))
        let high = UInt64(registers.read32(Register.timeHigh))
        return high << 32 | low
    }
}
