/// An NS16550A-compatible UART, the console of qemu virt (`ns16550a` at
/// 0x10000000). Register offsets with a one-byte stride (`reg-shift` 0).
public struct Uart16550 {
    private enum Register {
        static let data: UInt = 0x00                 // RBR (read) / THR (write)
        static let interruptEnable: UInt = 0x01      // IER
        static let fifoControl: UInt = 0x02          // FCR (write)
        static let lineControl: UInt = 0x03          // LCR
        static let lineStatus: UInt = 0x05           // LSR
    }

    private enum LineStatus {
        static let dataReady: UInt8 = 1 << 0         // DR
        static let transmitterEmpty: UInt8 = 1 << 5  // THRE
        static let transmitterIdle: UInt8 = 1 << 6   // TEMT
    }

    private let registers: RegisterBlock

    public init(base: UInt) {
        registers = RegisterBlock(base: base)
    }

    /// 8 data bits, no parity, one stop bit, FIFOs on — without clearing
    /// them, since input may already be waiting.
    public func configure() {
        registers.write8(Register.lineControl, 0x03)
        registers.write8(Register.fifoControl, 0x01)
    }

    /// The "received data available" interrupt (IER bit 0).
    public func setReceiveInterrupt(_ enabled: Bool) {
        registers.write8(Register.interruptEnable, enabled ? 0x01 : 0x00)
    }

    public var hasInput: Bool {
        registers.read8(Register.lineStatus) & LineStatus.dataReady != 0
    }

    public func write(_ byte: UInt8) {
        while registers.read8(Register.lineStatus) & LineStatus.transmitterEmpty == 0 {}
        registers.write8(Register.data, byte)
    }

    /// The next received byte, or nil if none is waiting.
    public func read() -> UInt8? {
        guard registers.read8(Register.lineStatus) & LineStatus.dataReady != 0 else { return nil }
        return registers.read8(Register.data)
    }

    /// Waits until every written byte has left the transmitter, so nothing
    /// is lost when the machine powers off next.
    public func flush() {
        while registers.read8(Register.lineStatus) & LineStatus.transmitterIdle == 0 {}
    }
}
