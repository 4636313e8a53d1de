/// The serial console: the program's stdin, stdout and stderr, and the
/// kernel's messages.
public enum Console {
    nonisolated(unsafe) static var uart: Uart16550?
    /// The UART's PLIC source, 0 when the tree names none.
    nonisolated(unsafe) public internal(set) static var interruptLine: UInt32 = 0

    /// Output before the UART is known goes nowhere; there is no earlier
    /// console on qemu virt worth the code.
    public static func write(_ byte: UInt8) {
        uart?.write(byte)
    }

    public static func write(_ bytes: UnsafeRawBufferPointer) {
        guard let uart else { return }
        for byte in bytes { uart.write(byte) }
    }

    public static func write(_ text: StaticString) {
        write(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Asks for an interrupt when input arrives (or is already waiting).
    /// The interrupt turns itself off again (`acknowledgeInput`), so a
    /// program that leaves input unread is not interrupted over and over.
    public static func armInputInterrupt() {
        uart?.setReceiveInterrupt(true)
    }

    /// Handles the console's external interrupt: masks the UART's receive
    /// interrupt (`Interrupts` completes it at the PLIC). Returns whether
    /// input waits.
    public static func acknowledgeInput() -> Bool {
        uart?.setReceiveInterrupt(false)
        return hasInput
    }

    /// Whether a received byte is waiting to be read.
    public static var hasInput: Bool { uart?.hasInput ?? false }

    /// A byte already received, if any; does not wait.
    public static func pollByte() -> UInt8? { uart?.read() }

    public static func flush() { uart?.flush() }

    /// Written once at boot when the `rk.marker` option asks for it, before
    /// anything else the kernel or the program writes.
    public static let startMarker: StaticString = "\u{1}runikraft\u{2}"
}
