import KernelArch
import KernelPlatform
import KernelScheduler
import LinuxABI

// Scheduling policy and resource usage (sched_setscheduler(2), getrusage(2),
// times(2), membarrier(2)).
//
// Every thread is scheduled round-robin with the same time slice, whatever
// policy it asks for: the policy and priority a thread sets are checked as
// Linux checks them, recorded and reported back, but do not change the order
// in which threads run.

enum SchedulerPolicy {
    static let other = 0
    static let fifo = 1
    static let roundRobin = 2
    static let batch = 3
    static let idle = 5
    static let resetOnFork = 0x4000_0000

    static func priorityRange(_ policy: Int) -> ClosedRange<Int>? {
        switch policy {
        case other, batch, idle: 0...0
        case fifo, roundRobin: 1...99
        default: nil
        }
    }
}

private func target(_ thread: Int) throws(Errno) -> KernelThread {
    guard thread >= 0 else { throw .EINVAL }
    guard let found = thread == 0 ? Scheduler.current : Scheduler.thread(withID: thread) else { throw .ESRCH }
    return found
}

@_cdecl("rk_sys_sched_get_priority_max") @inline(never)
public func rk_sys_sched_get_priority_max(_ policy: Int) -> Int {
    SchedulerPolicy.priorityRange(policy)?.upperBound ?? -Int(Errno.EINVAL.rawValue)
}

@_cdecl("rk_sys_sched_get_priority_min") @inline(never)
public func rk_sys_sched_get_priority_min(_ policy: Int) -> Int {
    SchedulerPolicy.priorityRange(policy)?.lowerBound ?? -Int(Errno.EINVAL.rawValue)
}

@_cdecl("rk_sys_sched_getscheduler") @inline(never)
public func rk_sys_sched_getscheduler(_ thread: Int) -> Int {
    syscallResult { () throws(Errno) in try target(thread).schedulingPolicy.policy }
}

@_cdecl("rk_sys_sched_getparam") @inline(never)
public func rk_sys_sched_getparam(_ thread: Int, _ parameter: Int) -> Int {
    syscallResult { () throws(Errno) in
        let found = try target(thread)
        guard parameter != 0 else { throw .EINVAL }
        try UserMemory.store(Int32(found.schedulingPolicy.priority), to: parameter)
        return 0
    }
}

@_cdecl("rk_sys_sched_setscheduler") @inline(never)
public func rk_sys_sched_setscheduler(_ thread: Int, _ policy: Int, _ parameter: Int) -> Int {
    syscallResult { () throws(Errno) in
        let found = try target(thread)
        guard parameter != 0 else { throw .EINVAL }
        let priority = Int(try UserMemory.load(parameter, as: Int32.self))
        let base = policy & ~SchedulerPolicy.resetOnFork
        guard let range = SchedulerPolicy.priorityRange(base), range.contains(priority) else { throw .EINVAL }
        found.schedulingPolicy = (base, priority)
        return 0
    }
}

@_cdecl("rk_sys_sched_setparam") @inline(never)
public func rk_sys_sched_setparam(_ thread: Int, _ parameter: Int) -> Int {
    syscallResult { () throws(Errno) in
        let found = try target(thread)
        guard parameter != 0 else { throw .EINVAL }
        let priority = Int(try UserMemory.load(parameter, as: Int32.self))
        guard let range = SchedulerPolicy.priorityRange(found.schedulingPolicy.policy), range.contains(priority)
        else { throw .EINVAL }
        found.schedulingPolicy.priority = priority
        return 0
    }
}

@_cdecl("rk_sys_sched_rr_get_interval") @inline(never)
public func rk_sys_sched_rr_get_interval(_ thread: Int, _ interval: Int) -> Int {
    syscallResult { () throws(Errno) in
        _ = try target(thread)
        try UserMemory.store(Timespec(nanoseconds: Scheduler.sliceNanoseconds), to: interval)
        return 0
    }
}

/// getrusage(2). The kernel does not split a thread's time into user and
/// system time; all of it is reported as user time.
@_cdecl("rk_sys_getrusage") @inline(never)
public func rk_sys_getrusage(_ who: Int, _ usage: Int) -> Int {
    syscallResult { () throws(Errno) in
        let nanoseconds: Int64
        switch who {
        case 0: nanoseconds = Clock.busyNanoseconds                       // RUSAGE_SELF
        case -1: nanoseconds = 0                                           // RUSAGE_CHILDREN: none
        case 1: nanoseconds = Clock.nanoseconds(ticks: Scheduler.runTicks(of: Scheduler.current!))  // RUSAGE_THREAD
        default: throw .EINVAL
        }
        let buffer = try UserMemory.output(usage, 144)   // struct rusage
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        try UserMemory.store(Timeval(nanoseconds: nanoseconds), to: usage)
        return 0
    }
}

/// times(2): CPU time in clock ticks (AT_CLKTCK, 100 Hz); returns the ticks
/// since boot.
@_cdecl("rk_sys_times") @inline(never)
public func rk_sys_times(_ buffer: Int) -> Int {
    syscallResult { () throws(Errno) in
        let ticksPerSecond: Int64 = 100
        if buffer != 0 {
            let user = Clock.busyNanoseconds / (1_000_000_000 / ticksPerSecond)
            try UserMemory.store((user, Int64(0), Int64(0), Int64(0)), to: buffer)
        }
        return Int(Clock.monotonicNanoseconds / (1_000_000_000 / ticksPerSecond))
    }
}

/// membarrier(2). With one hart, every command is a full fence.
@_cdecl("rk_sys_membarrier") @inline(never)
public func rk_sys_membarrier(_ command: Int, _ flags: Int, _ processor: Int) -> Int {
    let query = 0
    let supported = 1 | 8 | 16 | 32 | 64   // GLOBAL, PRIVATE_EXPEDITED (+ REGISTER), GLOBAL_EXPEDITED (+ REGISTER)
    guard flags == 0 else { return -Int(Errno.EINVAL.rawValue) }
    if command == query { return supported }
    guard command & supported == command, command.nonzeroBitCount == 1 else { return -Int(Errno.EINVAL.rawValue) }
    Processor.fence()
    return 0
}
