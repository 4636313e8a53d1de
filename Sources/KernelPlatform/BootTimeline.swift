import KernelArch

/// Points of the boot and of the program's life on the `time` CSR, reported
/// at power-off when the `rk.timing` option asks for it. Under
/// `qemu -icount shift=0` one nanosecond is one guest instruction, so the
/// report counts instructions exactly.
public enum BootTimeline {
    nonisolated(unsafe) public static var isEnabled = false
    /// First instruction of _start.
    nonisolated(unsafe) public static var kernelEntry: UInt64 = 0
    /// The handover to musl's __libc_start_main.
    nonisolated(unsafe) public static var programStart: UInt64 = 0
    /// The program's main() entered.
    nonisolated(unsafe) public static var mainEntry: UInt64 = 0

    static func report(status: Int) {
        guard isEnabled else { return }
        let exit = Processor.time
        Log.line { line in
            line.text("timing: ns since kernel entry: libc ")
            line.decimal(Clock.nanoseconds(ticks: programStart - kernelEntry))
            line.text(", main ")
            line.decimal(Clock.nanoseconds(ticks: mainEntry - kernelEntry))
            line.text(", exit ")
            line.decimal(Clock.nanoseconds(ticks: exit - kernelEntry))
            line.text(" (status ")
            line.decimal(status)
            line.text(")")
        }
    }
}
