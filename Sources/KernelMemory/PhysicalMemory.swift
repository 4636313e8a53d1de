import Allocators
import KernelArch
import KernelPlatform

/// All RAM above the kernel image, page by page. The bitmap that tracks it
/// sits in the first pages after the image; the FDT blob stays reserved.
public enum PhysicalMemory {
    public static let pageSize = PageAllocator.pageSize
    nonisolated(unsafe) static var pages: PageAllocator?
    /// First page after the image and the bitmap: where the break starts.
    nonisolated(unsafe) public private(set) static var firstFreeAddress: UInt = 0

    /// Sets up the allocator over `[image start, RAM end)`, keeping
    /// `reserved` (the FDT blob) out of it.
    public static func initialize(ramBase: UInt, ramSize: UInt, reserved: (start: UInt, end: UInt)) {
        let spanStart = ImageLayout.start
        let ramEnd = ramBase + ramSize
        let pageCount = Int((ramEnd - spanStart) / UInt(pageSize))
        let bitmapBytes = UInt(PageAllocator.bitmapWords(for: pageCount) * 8)
        let bitmap = UnsafeMutablePointer<UInt64>(bitPattern: ImageLayout.end)!
        var allocator = PageAllocator(base: spanStart, pageCount: pageCount, bitmap: bitmap)
        firstFreeAddress = roundUp(ImageLayout.end + bitmapBytes)
        allocator.release(firstFreeAddress, pages: Int((ramEnd - firstFreeAddress) / UInt(pageSize)))
        let reservedStart = roundDown(reserved.start)
        let reservedPages = Int((roundUp(reserved.end) - reservedStart) / UInt(pageSize))
        if reservedPages > 0 { _ = allocator.claim(reservedStart, pages: reservedPages) }
        pages = allocator
    }

    /// `count` contiguous pages, or nil when memory is exhausted.
    public static func allocate(pages count: Int) -> UInt? {
        pages?.allocate(pages: count)
    }

    /// Takes specific pages (the program break growing); false if any is in use.
    public static func claim(_ address: UInt, pages count: Int) -> Bool {
        pages?.claim(address, pages: count) ?? false
    }

    public static func free(_ address: UInt, pages count: Int) {
        pages?.release(address, pages: count)
    }

    public static var freePageCount: Int { pages?.freePageCount ?? 0 }

    public static func roundUp(_ value: UInt) -> UInt {
        (value + UInt(pageSize) - 1) & ~(UInt(pageSize) - 1)
    }

    public static func roundDown(_ value: UInt) -> UInt {
        value & ~(UInt(pageSize) - 1)
    }
}
