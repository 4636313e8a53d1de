import KernelArch

/// Time, from the `time` CSR (monotonic) and the RTC read once at boot
/// (wall-clock offset). Sleeping is the scheduler's: it programs the SBI
/// timer and idles in `wfi`.
public enum Clock {
    /// Ticks per second of the `time` CSR (FDT `/cpus/timebase-frequency`).
    nonisolated(unsafe) public private(set) static var frequency: UInt64 = 10_000_000
    /// Nanoseconds since the epoch at `time` == 0.
    nonisolated(unsafe) static var realtimeOffset: Int64 = 0
    /// Ticks spent waiting in `wfi` with nothing to do.
    nonisolated(unsafe) static var idleTicks: UInt64 = 0

    static func configure(frequency: UInt64, rtc: GoldfishRTC?) {
        if frequency > 0 { self.frequency = frequency }
        if let rtc {
            let now = Int64(bitPattern: rtc.nanosecondsSinceEpoch)
            realtimeOffset = now - monotonicNanoseconds
        }
    }

    /// Nanoseconds since reset.
    public static var monotonicNanoseconds: Int64 {
        nanoseconds(ticks: Processor.time)
    }

    /// Nanoseconds the processor spent running rather than idle: the
    /// process's (and, with one thread, the thread's) CPU time.
    public static var busyNanoseconds: Int64 {
        nanoseconds(ticks: Processor.time - idleTicks)
    }

    /// Counts `ticks` spent waiting in `wfi` with nothing to run.
    public static func accountIdle(ticks: UInt64) {
        idleTicks += ticks
    }

    /// The monotonic time `length` nanoseconds from now, saturating: a
    /// timeout too long to represent never expires, as Linux's ktime
    /// arithmetic saturates at KTIME_MAX.
    public static func deadline(after length: Int64) -> Int64 {
        let (sum, overflow) = monotonicNanoseconds.addingReportingOverflow(length)
        return overflow ? Int64.max : sum
    }

    /// Nanoseconds since the Unix epoch.
    public static var realtimeNanoseconds: Int64 {
        realtimeOffset &+ monotonicNanoseconds
    }

    /// Nanoseconds of one tick, rounded up: the clocks' resolution.
    public static var resolutionNanoseconds: Int64 {
        Int64((1_000_000_000 + frequency - 1) / frequency)
    }

    public static func nanoseconds(ticks: UInt64) -> Int64 {
        let seconds = ticks / frequency
        let rest = ticks % frequency
        return Int64(seconds) * 1_000_000_000 + Int64(rest * 1_000_000_000 / frequency)
    }

    public static func ticks(nanoseconds: Int64) -> UInt64 {
        guard nanoseconds > 0 else { return 0 }
        let value = UInt64(nanoseconds)
        let seconds = value / 1_000_000_000
        let rest = value % 1_000_000_000
        return seconds * frequency + (rest * frequency + 999_999_999) / 1_000_000_000
    }
}
