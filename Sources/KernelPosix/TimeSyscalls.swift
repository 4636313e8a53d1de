import KernelPlatform
import KernelScheduler
import LinuxABI

// Clocks and sleeping (clock_gettime(2), nanosleep(2), ...).

/// The clock's current value in nanoseconds; EINVAL for clocks that do not
/// exist (including other processes' CPU clocks).
private func now(_ clock: Int) throws(Errno) -> Int64 {
    switch clock {
    case ClockID.realtime, ClockID.realtimeCoarse, ClockID.realtimeAlarm, ClockID.tai:
        return Clock.realtimeNanoseconds
    case ClockID.monotonic, ClockID.monotonicRaw, ClockID.monotonicCoarse, ClockID.boottime, ClockID.boottimeAlarm:
        return Clock.monotonicNanoseconds
    case ClockID.processCPUTime:
        return Clock.busyNanoseconds
    case ClockID.threadCPUTime:
        guard let thread = Scheduler.current else { return Clock.busyNanoseconds }
        return Clock.nanoseconds(ticks: Scheduler.runTicks(of: thread))
    case ..<0:
        return try cpuClock(clock)
    default:
        throw .EINVAL
    }
}

/// A CPU-time clock of a given process or thread, as clock_getcpuclockid(3)
/// and pthread_getcpuclockid(3) encode it: the id inverted and shifted left
/// by 3, bit 2 set for a thread, the low two bits the kind (all three kinds
/// read the same time here).
private func cpuClock(_ clock: Int) throws(Errno) -> Int64 {
    let id = ~(clock >> 3)
    guard clock & 3 != 3 else { throw .EINVAL }
    if clock & 4 != 0 {
        guard let thread = Scheduler.thread(withID: id) else { throw .EINVAL }
        return Clock.nanoseconds(ticks: Scheduler.runTicks(of: thread))
    }
    guard id == 0 || id == ProcessIdentity.processID else { throw .EINVAL }
    return Clock.busyNanoseconds
}

@_cdecl("rk_sys_clock_gettime") @inline(never)
public func rk_sys_clock_gettime(_ clock: Int, _ time: Int) -> Int {
    syscallResult { () throws(Errno) in
        try UserMemory.store(Timespec(nanoseconds: try now(clock)), to: time)
        return 0
    }
}

@_cdecl("rk_sys_clock_getres") @inline(never)
public func rk_sys_clock_getres(_ clock: Int, _ resolution: Int) -> Int {
    syscallResult { () throws(Errno) in
        _ = try now(clock)
        if resolution != 0 {
            try UserMemory.store(Timespec(nanoseconds: Clock.resolutionNanoseconds), to: resolution)
        }
        return 0
    }
}

@_cdecl("rk_sys_gettimeofday") @inline(never)
public func rk_sys_gettimeofday(_ time: Int, _ zone: Int) -> Int {
    syscallResult { () throws(Errno) in
        if time != 0 { try UserMemory.store(Timeval(nanoseconds: Clock.realtimeNanoseconds), to: time) }
        if zone != 0 { try UserMemory.store((Int32(0), Int32(0)), to: zone) }   // UTC, no DST
        return 0
    }
}

/// Reads a sleep request, rejecting what Linux rejects with EINVAL.
private func duration(_ address: Int) throws(Errno) -> Int64 {
    guard let nanoseconds = try UserMemory.load(address, as: Timespec.self).totalNanoseconds else { throw .EINVAL }
    return nanoseconds
}

@_cdecl("rk_sys_nanosleep") @inline(never)
public func rk_sys_nanosleep(_ request: Int, _ remaining: Int) -> Int {
    syscallResult { () throws(Errno) in
        let length = try duration(request)
        let deadline = Clock.deadline(after: length)
        guard Scheduler.sleep(untilMonotonic: deadline) else {
            if remaining != 0 {
                try UserMemory.store(Timespec(nanoseconds: max(0, deadline - Clock.monotonicNanoseconds)), to: remaining)
            }
            throw .EINTR
        }
        return 0
    }
}

@_cdecl("rk_sys_clock_nanosleep") @inline(never)
public func rk_sys_clock_nanosleep(_ clock: Int, _ flags: Int, _ request: Int, _ remaining: Int) -> Int {
    syscallResult { () throws(Errno) in
        switch clock {
        case ClockID.realtime, ClockID.monotonic, ClockID.boottime, ClockID.tai, ClockID.processCPUTime: break
        default: throw .EINVAL   // including the thread CPU clock, as on Linux
        }
        let value = try duration(request)
        let start = try now(clock)
        // Convert the wanted point on `clock` to the monotonic clock.
        let wait = flags & ClockID.absoluteTime != 0 ? value - start : value
        let deadline = Clock.deadline(after: wait)
        if wait > 0, !Scheduler.sleep(untilMonotonic: deadline) {
            if remaining != 0, flags & ClockID.absoluteTime == 0 {
                try UserMemory.store(Timespec(nanoseconds: max(0, deadline - Clock.monotonicNanoseconds)), to: remaining)
            }
            throw .EINTR
        }
        return 0
    }
}
