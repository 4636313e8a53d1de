import KernelMemory

/// Pages for in-memory file data (tmpfs files), taken from physical
/// memory in batches and kept on a free list when files shrink, so a write
/// that needs a page costs a pop rather than a search of the page bitmap
/// (which a 4 KiB malloc does: about 1500 instructions once memory fills).
/// The list is intrusive: a free page holds the address of the next one.
/// Beyond `keptPages` free pages, pages go back to the system.
public enum PagePool {
    static let batchPages = 16
    static let keptLimit = 256

    nonisolated(unsafe) private static var freeList: UnsafeMutableRawPointer?
    nonisolated(unsafe) private static var freeCount = 0

    /// Free pages the pool keeps (for the self-check's page count).
    public static var keptPages: Int { freeCount }

    /// A page of undefined contents; nil when memory is exhausted.
    static func take() -> UnsafeMutableRawPointer? {
        if freeList == nil { refill() }
        guard let page = freeList else { return nil }
        freeList = page.load(as: UnsafeMutableRawPointer?.self)
        freeCount -= 1
        return page
    }

    static func give(_ page: UnsafeMutableRawPointer) {
        if freeCount >= keptLimit {
            PhysicalMemory.free(UInt(bitPattern: page), pages: 1)
            return
        }
        page.assumingMemoryBound(to: UnsafeMutableRawPointer?.self).pointee = freeList
        freeList = page
        freeCount += 1
    }

    private static func refill() {
        var count = batchPages
        // File data can fail (ENOSPC), so it leaves the kernel's reserve alone.
        var base = PhysicalMemory.allocateKernelPages(count, usingReserve: false)
        if base == nil {
            count = 1
            base = PhysicalMemory.allocateKernelPages(1, usingReserve: false)
        }
        guard let base else { return }
        for index in 0..<count {
            give(base + index * PhysicalMemory.pageSize)
        }
    }
}
