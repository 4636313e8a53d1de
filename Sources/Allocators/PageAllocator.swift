/// Hands out physical pages from one contiguous span of RAM, tracked by a
/// `PageSet` of pages in use. The set's storage comes from the caller, so
/// the allocator works before any heap exists and host tests can run it
/// over a plain buffer.
///
/// Runs are taken from the top of the span down, so the region just above
/// the kernel image stays free for the program break to grow into, as on
/// Linux where mmap grows down towards the heap.
public struct PageAllocator {
    public static let pageSize = 1 << PageSet.pageShift

    private var used: PageSet
    /// Pages currently free.
    public private(set) var freePageCount = 0

    public var base: UInt { used.base }
    public var pageCount: Int { used.pageCount }

    /// Words of storage needed for `pageCount` pages.
    public static func bitmapWords(for pageCount: Int) -> Int { PageSet.words(for: pageCount) }

    /// Covers `pageCount` pages from `base`, all initially in use; call
    /// `release` for the ranges that are really free.
    public init(base: UInt, pageCount: Int, bitmap: UnsafeMutablePointer<UInt64>) {
        precondition(base % UInt(Self.pageSize) == 0)
        used = PageSet(base: base, pageCount: pageCount, storage: bitmap, full: true)
    }

    /// Marks pages free. Pages outside the span are ignored, so a caller may
    /// pass a whole RAM bank.
    public mutating func release(_ address: UInt, pages count: Int) {
        let range = used.indices(address, pages: count)
        freePageCount += used.count(in: range)
        used.remove(range)
    }

    /// Takes `count` contiguous free pages, the highest such run that ends
    /// at or below `limit` if there is one, else the highest anywhere, and
    /// returns its address; nil when no run is long enough. Different limits
    /// keep different kinds of memory apart (and, chosen at random, make
    /// their addresses unpredictable).
    public mutating func allocate(pages count: Int, below limit: UInt? = nil) -> UInt? {
        guard count > 0, count <= freePageCount else { return nil }
        if let limit, limit > base, let top = used.index(of: limit - 1), top < used.pageCount - 1 {
            // Usually the pages just below the limit are free (what was
            // freed last): take them without a search.
            let first = top + 1 - count
            if first >= 0, used.count(in: first..<(top + 1)) == 0 {
                used.insert(first..<(top + 1))
                freePageCount -= count
                return used.address(of: first)
            }
            if let found = allocate(pages: count, from: top) { return found }
        }
        return allocate(pages: count, from: used.pageCount - 1)
    }

    private mutating func allocate(pages count: Int, from top: Int) -> UInt? {
        var run = 0
        var index = top
        while index >= 0 {
            // Whole words at a time where a word is entirely used or free.
            if index % 64 == 63 {
                if used.wordIsFull(index) {
                    run = 0
                    index -= 64
                    continue
                }
                if used.wordIsEmpty(index), run + 64 < count {
                    run += 64
                    index -= 64
                    continue
                }
            }
            if used.contains(index) {
                run = 0
            } else {
                run += 1
                if run == count {
                    used.insert(index..<(index + count))
                    freePageCount -= count
                    return used.address(of: index)
                }
            }
            index -= 1
        }
        return nil
    }

    /// Takes the given pages if every one of them is free; false otherwise.
    public mutating func claim(_ address: UInt, pages count: Int) -> Bool {
        guard address % UInt(Self.pageSize) == 0, let first = used.index(of: address),
              count > 0, first + count <= used.pageCount else { return false }
        guard used.count(in: first..<(first + count)) == 0 else { return false }
        used.insert(first..<(first + count))
        freePageCount -= count
        return true
    }

    /// Whether the page holding `address` is free.
    public func isFree(_ address: UInt) -> Bool {
        guard let index = used.index(of: address) else { return false }
        return !used.contains(index)
    }
}
