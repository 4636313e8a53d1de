import KernelArch

/// The serial console: the program's stdin, stdout and stderr, and the
/// kernel's messages.
public enum Console {
    nonisolated(unsafe) static var uart: Uart16550?
    nonisolated(unsafe) static var interruptController: PLIC?

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

    /// The next input byte, waiting for one with `wfi` (the UART's receive
    /// interrupt, routed through the PLIC, ends the wait).
    public static func readByte() -> UInt8 {
        guard let uart else {
            while true { Processor.waitForInterrupt() }
        }
        while true {
            if let byte = uart.read() { return byte }
            if let interruptController {
                CSR.enableInterrupts(CSR.Interrupt.external)
                Clock.idle()
                interruptController.acknowledgeAll()
            }
        }
    }

    /// A byte already received, if any; does not wait.
    public static func pollByte() -> UInt8? { uart?.read() }

    public static func flush() { uart?.flush() }

    /// Written once at boot when the `rk.marker` option asks for it, before
    /// anything else the kernel or the program writes.
    public static let startMarker: StaticString = "\u{1}runikraft\u{2}"
}
