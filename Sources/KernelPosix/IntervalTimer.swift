import KernelPlatform
import KernelScheduler
import LinuxABI

/// The process's real-time interval timer (setitimer(2) ITIMER_REAL, and
/// alarm(3), which musl builds on it): SIGALRM when it expires, then every
/// interval. The virtual and profiling timers are not provided.
enum IntervalTimer {
    nonisolated(unsafe) static var interval: Int64 = 0

    /// `struct itimerval`: interval, then value, each a timeval.
    struct Value {
        var interval: (seconds: Int64, microseconds: Int64)
        var value: (seconds: Int64, microseconds: Int64)
    }

    static func expired() {
        Signals.sendToProcess(14)   // SIGALRM
        if interval > 0 {
            Scheduler.alarmDeadline = Clock.deadline(after: interval)
        }
    }

    static var current: Value {
        let remaining = max(0, (Scheduler.alarmDeadline ?? 0) - Clock.monotonicNanoseconds)
        let shown = Scheduler.alarmDeadline == nil ? 0 : max(remaining, 1_000)   // running shows at least 1 µs
        return Value(interval: (interval / 1_000_000_000, interval % 1_000_000_000 / 1_000),
                     value: (shown / 1_000_000_000, shown % 1_000_000_000 / 1_000))
    }

    static func nanoseconds(_ time: (seconds: Int64, microseconds: Int64)) throws(Errno) -> Int64 {
        guard time.microseconds >= 0, time.microseconds < 1_000_000,
              let total = Timespec(seconds: time.seconds, nanoseconds: time.microseconds * 1_000).totalNanoseconds
        else { throw .EINVAL }
        return total
    }
}

private let realTimer = 0

@_cdecl("rk_sys_getitimer") @inline(never)
public func rk_sys_getitimer(_ which: Int, _ value: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard which == realTimer else { throw .EINVAL }
        try UserMemory.store(IntervalTimer.current, to: value)
        return 0
    }
}

@_cdecl("rk_sys_setitimer") @inline(never)
public func rk_sys_setitimer(_ which: Int, _ newValue: Int, _ oldValue: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard which == realTimer else { throw .EINVAL }
        let requested = newValue != 0 ? try UserMemory.load(newValue, as: IntervalTimer.Value.self) : nil
        let interval = try requested.map { (value) throws(Errno) in try IntervalTimer.nanoseconds(value.interval) }
        let start = try requested.map { (value) throws(Errno) in try IntervalTimer.nanoseconds(value.value) }
        if oldValue != 0 { try UserMemory.store(IntervalTimer.current, to: oldValue) }
        if let interval, let start {
            Scheduler.alarmHandler = { IntervalTimer.expired() }
            IntervalTimer.interval = interval
            Scheduler.setAlarm(start == 0 ? nil : Clock.deadline(after: start))
        }
        return 0
    }
}
