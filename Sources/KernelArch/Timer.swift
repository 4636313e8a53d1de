import CRISCV

/// The supervisor timer: one deadline on the `time` CSR, after which the
/// timer interrupt is pending until a new deadline is set. With the Sstc
/// extension (FDT `riscv,isa` lists `sstc`) the kernel writes `stimecmp`
/// itself; otherwise it asks the SBI firmware (TIME extension), which works
/// everywhere, KVM guests included, at the cost of a trap to M-mode.
public enum Timer {
    nonisolated(unsafe) public static var hasSstc = false

    public static func set(_ deadline: UInt64) {
        if hasSstc {
            rk_csr_write_stimecmp(deadline)
        } else {
            SBI.setTimer(deadline)
        }
    }
}
