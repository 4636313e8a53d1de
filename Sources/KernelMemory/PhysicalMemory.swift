import Allocators
import KernelArch
import KernelPlatform

/// All RAM above the kernel image, page by page. The bitmap that tracks it
/// sits in the first pages after the image; the FDT blob stays reserved.
public enum PhysicalMemory {
    public static let pageSize = PageAllocator.pageSize
    nonisolated(unsafe) static var pages: PageAllocator?
    /// First page after the image and the bitmap.
    nonisolated(unsafe) public private(set) static var firstFreeAddress: UInt = 0

    /// What memory is for. The program's kinds are placed apart, each below
    /// its own limit chosen at random at boot (ASLR): mmap below one, the
    /// malloc heap below another, the main stack below a third, so none of
    /// their addresses can be guessed from the image or from each other.
    /// Kernel-only memory (page tables, bookkeeping) takes the highest pages.
    public enum Placement {
        case kernel
        case heap
        case mapping
        case stack

        var index: Int {
            switch self {
            case .kernel: 0
            case .heap: 1
            case .mapping: 2
            case .stack: 3
            }
        }
    }

    /// The random limits, and how far below the end of RAM they may fall:
    /// a quarter of RAM, so that each leaves most of memory above it.
    nonisolated(unsafe) static var limits: (heap: UInt, mapping: UInt, stack: UInt) = (0, 0, 0)
    nonisolated(unsafe) public private(set) static var randomizedPages = 0

    /// Pages kept for the kernel's own allocations (architecture decision
    /// 48): a thirty-second of RAM, at least 1 MiB and at most 16 MiB. Set
    /// at boot, then read only.
    nonisolated(unsafe) public private(set) static var reservePages = 0

    /// Whether `count` pages may go to memory whose allocation can fail
    /// with an error or be done without (the program's mmap, brk and
    /// malloc; tmpfs file data, the ext2 block cache): only while the
    /// reserve stays whole after.
    public static func mayTake(_ count: Int) -> Bool {
        freePageCount - count >= reservePages
    }

    /// Whether the kernel may grow its own memory for good by `count`
    /// pages (a thread's trap stack, a pipe's buffer; 0 for small objects
    /// such as a descriptor or a file) and keep half its reserve. A call
    /// that would do so goes ahead only then, and fails with its error
    /// otherwise, so that the kernel allocations that cannot fail (page
    /// tables, the kernel's objects) always find pages. For small objects,
    /// blocks the heap holds free (files removed, say) count too, down to
    /// a quarter of the reserve in pages: they may not be of the sizes
    /// asked for, and the last quarter stays for what cannot fail.
    public static func kernelMayTake(_ count: Int = 0) -> Bool {
        let left = freePageCount - count
        if left >= reservePages / 2 { return true }
        guard count == 0, left >= reservePages / 4 else { return false }
        let wanted = reservePages / 4 * pageSize
        return heap.idleBytes(upTo: wanted) >= wanted
    }

    /// Sets up the allocator over `[image start, RAM end)`, keeping
    /// `reserved` (the FDT blob) out of it.
    public static func initialize(ramBase: UInt, ramSize: UInt, reserved: (start: UInt, end: UInt)) {
        // The image's physical memory, wherever its virtual base is.
        let spanStart = ImageLayout.physicalStart
        let ramEnd = ramBase + ramSize
        let pageCount = Int((ramEnd - spanStart) / UInt(pageSize))
        let bitmapBytes = UInt(PageAllocator.bitmapWords(for: pageCount) * 8)
        let bitmap = UnsafeMutablePointer<UInt64>(bitPattern: ImageLayout.physicalEnd)!
        var allocator = PageAllocator(base: spanStart, pageCount: pageCount, bitmap: bitmap)
        firstFreeAddress = roundUp(ImageLayout.physicalEnd + bitmapBytes)
        allocator.release(firstFreeAddress, pages: Int((ramEnd - firstFreeAddress) / UInt(pageSize)))
        let reservedStart = roundDown(reserved.start)
        let reservedPages = Int((roundUp(reserved.end) - reservedStart) / UInt(pageSize))
        if reservedPages > 0 { _ = allocator.claim(reservedStart, pages: reservedPages) }
        pages = allocator
        randomizedPages = Int(ramSize / UInt(pageSize) / 4)
        reservePages = min(max(Int(ramSize / UInt(pageSize) / 32), (1 << 20) / pageSize), (16 << 20) / pageSize)
        limits = (randomLimit(below: ramEnd), randomLimit(below: ramEnd), randomLimit(below: ramEnd))
    }

    /// A page boundary up to `randomizedPages` pages below `end`.
    static func randomLimit(below end: UInt) -> UInt {
        end - UInt(random(below: randomizedPages)) * UInt(pageSize)
    }

    /// A random number in `0..<bound` from the kernel CSPRNG (0 for no bound).
    public static func random(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { Randomness.fill($0) }
        return Int(value % UInt64(bound))
    }

    /// `count` contiguous pages for `placement`, or nil when memory is
    /// exhausted. Program memory (a mapping, a stack) and kernel memory
    /// `usingReserve: false` leave the reserve alone.
    public static func allocate(
        pages count: Int, for placement: Placement = .kernel, usingReserve: Bool? = nil
    ) -> UInt? {
        guard usingReserve ?? (placement == .kernel) || mayTake(count) else { return nil }
        let index = placement.index
        let size = UInt(count) * UInt(pageSize)
        if placement == .mapping, lastMapping.pages == count, claim(lastMapping.address, pages: count) {
            // The same size as the last mapping, whose pages are free again
            // (a thread stack, mapped and unmapped per thread): no search.
            return lastMapping.address
        }
        // Usually the pages just below the last run of the same kind are
        // free: no search.
        let cursor = cursor(index)
        if cursor > size, claim(cursor - size, pages: count) {
            setCursor(index, cursor - size)
            return cursor - size
        }
        let limit: UInt? = switch placement {
        case .kernel: nil
        case .heap: limits.heap
        case .mapping: limits.mapping
        case .stack: limits.stack
        }
        guard let found = pages?.allocate(pages: count, below: limit) else { return nil }
        setCursor(index, found)
        if placement == .mapping { lastMapping = (found, count) }
        return found
    }

    /// Where the last mapping went, and its size.
    nonisolated(unsafe) static var lastMapping: (address: UInt, pages: Int) = (0, 0)
    /// The start of the last run of each kind (0: none yet). A tuple, not
    /// an array: an array would be allocated by the heap, which allocates
    /// through here.
    nonisolated(unsafe) static var cursors: (UInt, UInt, UInt, UInt) = (0, 0, 0, 0)

    static func cursor(_ index: Int) -> UInt {
        withUnsafeBytes(of: cursors) { $0.load(fromByteOffset: index * 8, as: UInt.self) }
    }

    static func setCursor(_ index: Int, _ value: UInt) {
        withUnsafeMutableBytes(of: &cursors) { $0.storeBytes(of: value, toByteOffset: index * 8, as: UInt.self) }
    }

    /// Takes specific pages (the program break growing); false if any is in use.
    public static func claim(_ address: UInt, pages count: Int) -> Bool {
        pages?.claim(address, pages: count) ?? false
    }

    /// `count` contiguous kernel pages, as memory to use; nil when memory is
    /// exhausted. (Modules above this one get memory as pointers, never
    /// make them from addresses: tests/audit/user-memory.sh.)
    public static func allocateKernelPages(_ count: Int, usingReserve: Bool? = nil) -> UnsafeMutableRawPointer? {
        allocate(pages: count, usingReserve: usingReserve).flatMap { UnsafeMutableRawPointer(bitPattern: $0) }
    }

    public static func free(_ address: UInt, pages count: Int) {
        pages?.release(address, pages: count)
    }

    public static var freePageCount: Int { pages?.freePageCount ?? 0 }

    /// Pages the kernel heap holds (in use or kept for reuse).
    public static var heapPages: Int { KernelPages.held }
    /// Pages the page tables hold.
    public static var pageTablePages: Int { PhysicalFrames.held }

    /// Whether the page holding `address` is free (false outside RAM above
    /// the image).
    public static func isFree(_ address: UInt) -> Bool {
        pages?.isFree(address) ?? false
    }

    public static func roundUp(_ value: UInt) -> UInt {
        (value + UInt(pageSize) - 1) & ~(UInt(pageSize) - 1)
    }

    public static func roundDown(_ value: UInt) -> UInt {
        value & ~(UInt(pageSize) - 1)
    }
}
