import KernelArch

/// Points of the boot and of the program's life on the `time` CSR, reported
/// at power-off when the `rk.timing` option asks for it. Under
/// `qemu -icount shift=0` one nanosecond is one guest instruction, so the
/// report counts instructions exactly (the `time` CSR counts at 10 MHz:
/// steps are measured to 100 ns).
///
///     runikraft: timing: ns since kernel entry: libc 160100, main 160800, exit 164600 (status 0)
///     runikraft: timing: steps in ns: relocation 9800, board 82700, memory 8900, options 3100, scheduler 3000, files 52800, process 9600, libc 700, program 3800
public enum BootTimeline {
    nonisolated(unsafe) public static var isEnabled = false
    /// First instruction of _start.
    nonisolated(unsafe) public static var kernelEntry: UInt64 = 0
    /// The handover to musl's __libc_start_main.
    nonisolated(unsafe) public static var programStart: UInt64 = 0
    /// The program's main() entered.
    nonisolated(unsafe) public static var mainEntry: UInt64 = 0

    /// The kernel's boot steps, in order; each ends where `mark` is called.
    public enum Step: Int, CaseIterable {
        /// The image moved to its random virtual base (KernelArch/relocate.c).
        case relocation
        /// Device tree, console, interrupt controller, clock, RTC.
        case board
        /// Physical pages, the anonymous-memory area, user-memory bounds.
        case memory
        /// The kernel command line decoded and its options applied.
        case options
        /// The scheduler and the main thread.
        case scheduler
        /// The root file system, filled from the initrd.
        case files

        var name: StaticString {
            switch self {
            case .relocation: "relocation"
            case .board: "board"
            case .memory: "memory"
            case .options: "options"
            case .scheduler: "scheduler"
            case .files: "files"
            }
        }
    }

    /// When each step ended, in `time` ticks (0: not reached).
    nonisolated(unsafe) static var stepEnds: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)

    /// Notes that `step` ended now. Costs a CSR read and a store, so it is
    /// done whether or not the report is wanted (the option is read late).
    public static func mark(_ step: Step, at ticks: UInt64 = Processor.time) {
        withUnsafeMutableBytes(of: &stepEnds) { $0.storeBytes(of: ticks, toByteOffset: step.rawValue * 8, as: UInt64.self) }
    }

    static func end(of step: Step) -> UInt64 {
        withUnsafeBytes(of: stepEnds) { $0.load(fromByteOffset: step.rawValue * 8, as: UInt64.self) }
    }

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
        Log.line { line in
            line.text("timing: steps in ns:")
            var start = kernelEntry
            var first = true
            func step(_ name: StaticString, to end: UInt64) {
                line.text(first ? " " : ", ")
                first = false
                line.text(name)
                line.text(" ")
                line.decimal(end >= start ? Clock.nanoseconds(ticks: end - start) : 0)
                start = end
            }
            for kernelStep in Step.allCases { step(kernelStep.name, to: end(of: kernelStep)) }
            // Stack and auxiliary vector, musl's start-up, then the program itself.
            step("process", to: programStart)
            step("libc", to: mainEntry)
            step("program", to: exit)
        }
    }
}
