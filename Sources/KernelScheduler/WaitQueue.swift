/// Threads waiting for one event, in arrival order: the one blocking
/// primitive that futexes, console input and (later) pipes and sockets use.
public final class WaitQueue {
    private var head: KernelThread?
    private var tail: KernelThread?

    public init() {}

    public var isEmpty: Bool { head == nil }

    func append(_ thread: KernelThread) {
        thread.next = nil
        thread.waitQueue = self
        if let tail { tail.next = thread } else { head = thread }
        tail = thread
    }

    func removeFirst() -> KernelThread? {
        guard let first = head else { return nil }
        head = first.next
        if head == nil { tail = nil }
        first.next = nil
        first.waitQueue = nil
        return first
    }

    /// Takes `thread` out wherever it stands (a timed-out waiter).
    func remove(_ thread: KernelThread) {
        var previous: KernelThread?
        var cursor = head
        while let current = cursor {
            if current === thread {
                if let previous { previous.next = current.next } else { head = current.next }
                if tail === current { tail = previous }
                current.next = nil
                current.waitQueue = nil
                return
            }
            previous = current
            cursor = current.next
        }
    }

    /// Calls `body` on each waiter in order; a waiter `body` returns true
    /// for is taken out and woken. Stops after `limit` wakes.
    @discardableResult
    public func wake(limit: Int = Int.max, where body: (KernelThread) -> Bool = { _ in true }) -> Int {
        var woken = 0
        var cursor = head
        while let thread = cursor, woken < limit {
            cursor = thread.next
            if body(thread) {
                remove(thread)
                Scheduler.makeRunnable(thread, reason: .woken)
                woken += 1
            }
        }
        return woken
    }

    /// Moves up to `limit` waiters that `body` accepts to `other`, in order.
    func move(to other: WaitQueue, limit: Int, where body: (KernelThread) -> Bool) -> Int {
        var moved = 0
        var cursor = head
        while let thread = cursor, moved < limit {
            cursor = thread.next
            if body(thread) {
                remove(thread)
                other.append(thread)
                moved += 1
            }
        }
        return moved
    }
}
