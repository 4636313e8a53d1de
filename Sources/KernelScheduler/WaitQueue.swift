/// Threads waiting for one event, in arrival order: the one blocking
/// primitive that futexes, console input and (later) pipes and sockets use.
///
/// The links are unretained references: a queued thread is kept alive by the
/// scheduler's thread list, and queue operations on the scheduling fast
/// path then cost no reference counting.
public final class WaitQueue {
    private var head: Unmanaged<KernelThread>?
    private var tail: Unmanaged<KernelThread>?

    public init() {}

    public var isEmpty: Bool { head == nil }

    func append(_ thread: KernelThread) {
        let link = Unmanaged.passUnretained(thread)
        thread.next = nil
        thread.waitQueue = self
        if let tail { tail._withUnsafeGuaranteedRef { $0.next = link } } else { head = link }
        tail = link
    }

    func prepend(_ thread: KernelThread) {
        let link = Unmanaged.passUnretained(thread)
        thread.next = head
        thread.waitQueue = self
        if head == nil { tail = link }
        head = link
    }

    func removeFirst() -> KernelThread? {
        guard let first = head else { return nil }
        return first._withUnsafeGuaranteedRef { thread in
            head = thread.next
            if head == nil { tail = nil }
            thread.next = nil
            thread.waitQueue = nil
            return thread
        }
    }

    /// Takes `thread` out wherever it stands (a timed-out waiter).
    func remove(_ thread: KernelThread) {
        var previous: Unmanaged<KernelThread>?
        var cursor = head
        while let link = cursor {
            let next = link._withUnsafeGuaranteedRef { $0.next }
            if link.toOpaque() == Unmanaged.passUnretained(thread).toOpaque() {
                if let previous { previous._withUnsafeGuaranteedRef { $0.next = next } } else { head = next }
                if tail?.toOpaque() == link.toOpaque() { tail = previous }
                thread.next = nil
                thread.waitQueue = nil
                return
            }
            previous = link
            cursor = next
        }
    }

    /// Calls `body` on each waiter in order; a waiter `body` returns true
    /// for is taken out and woken. Stops after `limit` wakes.
    @discardableResult
    public func wake(limit: Int = Int.max, where body: (KernelThread) -> Bool = { _ in true }) -> Int {
        var woken = 0
        var cursor = head
        while let link = cursor, woken < limit {
            let thread = link.takeUnretainedValue()
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
        while let link = cursor, moved < limit {
            let thread = link.takeUnretainedValue()
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
