/// A lock its holder keeps while it sleeps (waiting for a disk, say):
/// others wait for it in turn. The kernel is not preempted, so code that
/// never sleeps needs no lock; this is for state that must stay unchanged
/// across a sleep. The holder may take it again (a directory listing's
/// callback looks names up in the same file system). The wait ignores
/// signals: the holder is busy with the kernel's own work and will release
/// it.
public final class SleepingLock {
    /// The holding thread (nil at boot, before threads), by identity, and
    /// how many times it took the lock.
    private var holder: ObjectIdentifier?
    private var depth = 0
    private let waiters = WaitQueue()

    public init() {}

    public func acquire() {
        let current = Scheduler.withCurrent { ObjectIdentifier($0) }
        if depth > 0, holder == current {
            depth += 1
            return
        }
        while depth > 0 { Scheduler.block(on: waiters, interruptible: false) }
        holder = current
        depth = 1
    }

    public func release() {
        depth -= 1
        guard depth == 0 else { return }
        holder = nil
        if !waiters.isEmpty { waiters.wake(limit: 1) }
    }

    /// `body` with the lock held.
    public func holding<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        acquire()
        defer { release() }
        return try body()
    }
}
