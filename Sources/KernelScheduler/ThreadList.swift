/// Threads in a line, first come first served, linked through the threads'
/// own `next` field. The links do not own the threads (the scheduler's
/// thread list does), and the list is a value the scheduler keeps in place,
/// so queue operations on the scheduling fast path cost no reference
/// counting. A thread is in at most one list at a time.
struct ThreadList {
    private var head: Unmanaged<KernelThread>?
    private var tail: Unmanaged<KernelThread>?

    var isEmpty: Bool { head == nil }

    mutating func append(_ thread: KernelThread) {
        let link = Unmanaged.passUnretained(thread)
        thread.next = nil
        if let tail { tail._withUnsafeGuaranteedRef { $0.next = link } } else { head = link }
        tail = link
    }

    mutating func prepend(_ thread: KernelThread) {
        let link = Unmanaged.passUnretained(thread)
        thread.next = head
        if head == nil { tail = link }
        head = link
    }

    /// The first thread, taken out, as an unretained reference.
    mutating func removeFirstLink() -> Unmanaged<KernelThread>? {
        guard let first = head else { return nil }
        first._withUnsafeGuaranteedRef { thread in
            head = thread.next
            if head == nil { tail = nil }
            thread.next = nil
        }
        return first
    }

    /// Takes `thread` out wherever it stands; false if it was not here.
    @discardableResult
    mutating func remove(_ thread: KernelThread) -> Bool {
        let target = Unmanaged.passUnretained(thread).toOpaque()
        var previous: Unmanaged<KernelThread>?
        var cursor = head
        while let link = cursor {
            let next = link._withUnsafeGuaranteedRef { $0.next }
            if link.toOpaque() == target {
                if let previous { previous._withUnsafeGuaranteedRef { $0.next = next } } else { head = next }
                if tail?.toOpaque() == target { tail = previous }
                thread.next = nil
                return true
            }
            previous = link
            cursor = next
        }
        return false
    }

    /// The first thread; the rest follow through `successor(of:)`.
    var first: KernelThread? { head?.takeUnretainedValue() }

    static func successor(of thread: KernelThread) -> KernelThread? {
        thread.next?.takeUnretainedValue()
    }
}
