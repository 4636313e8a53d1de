import KernelMemory
import KernelScheduler
import LinuxABI
import PageTables

/// How files that make a thread wait (pipes, devices) meet the scheduler
/// and poll(2).
public enum Waiting {
    /// Whether the signal that cut a wait short asks for the call to go on
    /// (SA_RESTART); set by the POSIX layer, which owns signals.
    nonisolated(unsafe) public static var restartsAfterSignal: () -> Bool = { false }

    /// Threads in poll/select. Any file whose readiness changes wakes them
    /// all and each scans its own descriptors again: one queue serves every
    /// kind of file, at the price of a rescan by pollers not concerned,
    /// which in one process with few pollers is cheaper than per-file
    /// registration.
    nonisolated(unsafe) public static var pollers = WaitQueue()

    /// A file became readable, writable or hung up.
    public static func readinessChanged() {
        if !pollers.isEmpty { pollers.wake() }
    }

    /// Blocks on `queue` until woken; EINTR when a signal comes whose
    /// handler does not restart calls.
    public static func block(on queue: WaitQueue) throws(Errno) {
        if Scheduler.block(on: queue) == .interrupted, !restartsAfterSignal() { throw .EINTR }
    }

    /// Blocks like `block(on:)`, for a call that then copies into or out of
    /// `buffer`, which the syscall checked before the wait: meanwhile
    /// another thread may have unmapped or protected it, so it is checked
    /// again (EFAULT, as Linux's copy to or from the program fails after
    /// pipe_read's or pipe_write's wait). The kernel runs on one hart with
    /// interrupts off, so nothing changes it between this check and the copy.
    public static func block(on queue: WaitQueue, thenAccess buffer: UnsafeRawBufferPointer, _ access: PageAccess) throws(Errno) {
        try block(on: queue)
        guard AddressSpace.allows(UInt(bitPattern: buffer.baseAddress), buffer.count, access) else { throw .EFAULT }
    }
}
