/// The platform-level interrupt controller (`riscv,plic0`; RISC-V PLIC
/// spec 1.0.0). This kernel uses it only to let UART input wake a `wfi`.
public struct PLIC {
    private let registers: RegisterBlock
    /// The hart's S-mode context; qemu virt numbers them 2 * hart + 1.
    private let context: UInt

    public init(base: UInt, hart: UInt) {
        registers = RegisterBlock(base: base)
        context = 2 * hart + 1
    }

    /// Gives `source` priority 1 and routes it to this hart's S-mode.
    public func enable(_ source: UInt32) {
        let line = UInt(source)
        registers.write32(4 * line, 1)                                   // priority
        let enableWord = 0x2000 + 0x80 * context + 4 * (line / 32)
        registers.write32(enableWord, registers.read32(enableWord) | 1 << UInt32(line % 32))
        registers.write32(0x20_0000 + 0x1000 * context, 0)               // threshold
    }

    /// Claims and completes every pending source, so the hart's external
    /// interrupt line drops again.
    public func acknowledgeAll() {
        let claim = 0x20_0004 + 0x1000 * context
        while true {
            let source = registers.read32(claim)
            if source == 0 { return }
            registers.write32(claim, source)
        }
    }
}
