/// Threads waiting for one event, in arrival order: the one blocking
/// primitive that futexes, console input and (later) pipes and sockets use.
/// A class, so that a waiting thread can point back at its queue and leave
/// it when its wait times out.
public final class WaitQueue {
    private var waiters = ThreadList()

    public init() {}

    public var isEmpty: Bool { waiters.isEmpty }

    func append(_ thread: KernelThread) {
        waiters.append(thread)
        thread.waitQueue = self
    }

    /// Takes `thread` out (a timed-out or interrupted waiter).
    func remove(_ thread: KernelThread) {
        if waiters.remove(thread) { thread.waitQueue = nil }
    }

    /// Calls `body` on each waiter in order; a waiter `body` returns true
    /// for is taken out and woken. Stops after `limit` wakes. With
    /// `switchesNext`, the caller switches threads right after.
    @discardableResult
    public func wake(
        limit: Int = Int.max, switchesNext: Bool = false, where body: (KernelThread) -> Bool = { _ in true }
    ) -> Int {
        take(limit: limit, where: body) { thread, taken in
            // Only the first thread woken runs next; the others queue.
            Scheduler.makeRunnable(thread, reason: .woken, switchesNext: switchesNext && taken == 0)
        }
    }

    /// Moves up to `limit` waiters that `body` accepts to `other`, in order.
    func move(to other: WaitQueue, limit: Int, where body: (KernelThread) -> Bool) -> Int {
        take(limit: limit, where: body) { thread, _ in other.append(thread) }
    }

    /// Takes out, in order, up to `limit` waiters that `body` accepts and
    /// hands each to `destination` with how many were taken before it.
    private func take(
        limit: Int, where body: (KernelThread) -> Bool, to destination: (KernelThread, Int) -> Void
    ) -> Int {
        var taken = 0
        var cursor = waiters.first
        while let thread = cursor, taken < limit {
            cursor = ThreadList.successor(of: thread)
            guard body(thread) else { continue }
            remove(thread)
            destination(thread, taken)
            taken += 1
        }
        return taken
    }
}
