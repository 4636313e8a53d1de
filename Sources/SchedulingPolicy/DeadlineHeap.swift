/// Things waiting for a point in time, earliest first: a binary min-heap, so
/// thousands of sleeping threads cost O(log n) to add, remove or expire.
///
/// Each element remembers its own position (`heapSlot`), so a thread woken
/// early can leave the heap without a search.
public protocol DeadlineHeapElement: AnyObject {
    /// Index in the heap, or -1 when not in one. Only the heap writes it.
    var heapSlot: Int { get set }
}

///
/// The heap does not own its elements (they must be kept alive elsewhere,
/// as the scheduler's thread list keeps threads), so looking at the
/// earliest deadline on every timer decision costs no reference counting.
public struct DeadlineHeap<Element: DeadlineHeapElement> {
    private var entries: [(deadline: Int64, element: Unmanaged<Element>)] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// The earliest deadline, if any.
    public var earliest: Int64? { entries.first?.deadline }

    public mutating func insert(_ element: Element, deadline: Int64) {
        precondition(element.heapSlot < 0)
        entries.append((deadline, Unmanaged.passUnretained(element)))
        element.heapSlot = entries.count - 1
        siftUp(entries.count - 1)
    }

    /// Takes `element` out, wherever it is.
    public mutating func remove(_ element: Element) {
        let slot = element.heapSlot
        guard slot >= 0, slot < entries.count,
              entries[slot].element.toOpaque() == Unmanaged.passUnretained(element).toOpaque() else { return }
        element.heapSlot = -1
        let last = entries.removeLast()
        guard slot < entries.count else { return }
        entries[slot] = last
        last.element._withUnsafeGuaranteedRef { $0.heapSlot = slot }
        siftDown(slot)
        siftUp(slot)
    }

    /// Removes and returns the earliest element if its deadline is at or
    /// before `now`.
    public mutating func popExpired(now: Int64) -> Element? {
        guard let first = entries.first, first.deadline <= now else { return nil }
        let element = first.element.takeUnretainedValue()
        remove(element)
        return element
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].deadline < entries[parent].deadline else { return }
            swapEntries(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].deadline < entries[smallest].deadline { smallest = left }
            if right < entries.count, entries[right].deadline < entries[smallest].deadline { smallest = right }
            guard smallest != parent else { return }
            swapEntries(parent, smallest)
            parent = smallest
        }
    }

    private mutating func swapEntries(_ a: Int, _ b: Int) {
        entries.swapAt(a, b)
        entries[a].element._withUnsafeGuaranteedRef { $0.heapSlot = a }
        entries[b].element._withUnsafeGuaranteedRef { $0.heapSlot = b }
    }
}
