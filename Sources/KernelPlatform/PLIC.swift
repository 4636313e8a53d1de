/// The platform-level interrupt controller (`riscv,plic0`; RISC-V PLIC
/// spec 1.0.0): device interrupts (UART input, virtio completions) reach
/// this hart's S-mode through it; `Interrupts` dispatches them.
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

    /// The highest-priority pending source, now claimed; 0 when none is
    /// pending (PLIC spec §7).
    public func claim() -> UInt32 {
        registers.read32(0x20_0004 + 0x1000 * context)
    }

    /// Tells the PLIC that `source`'s handler has run, so it may signal
    /// the source again.
    public func complete(_ source: UInt32) {
        registers.write32(0x20_0004 + 0x1000 * context, source)
    }
}
