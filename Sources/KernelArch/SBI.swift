import CRISCV

/// Calls into the SBI firmware (OpenSBI) below the kernel (RISC-V SBI spec
/// v1.0). Only the extensions this kernel needs.
public enum SBI {
    enum Extension {
        static let base = 0x10
        static let timer = 0x5449_4D45           // "TIME"
        static let systemReset = 0x5352_5354     // "SRST"
    }

    /// Whether the firmware implements `extensionID` (base extension, FID 3).
    public static func probe(_ extensionID: Int) -> Bool {
        rk_sbi_call(Extension.base, 3, extensionID, 0, 0).value != 0
    }

    /// Programs the next timer interrupt for when `time` reaches `deadline`;
    /// also clears a pending one (TIME extension, FID 0).
    public static func setTimer(_ deadline: UInt64) {
        _ = rk_sbi_call(Extension.timer, 0, Int(bitPattern: UInt(deadline)), 0, 0)
    }

    /// Powers the machine off (SRST, FID 0, type shutdown); returns only if
    /// the firmware cannot.
    public static func shutdown(failure: Bool) {
        _ = rk_sbi_call(Extension.systemReset, 0, 0, failure ? 1 : 0, 0)
    }
}
