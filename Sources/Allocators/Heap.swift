/// Where a heap gets whole pages from.
public protocol PageSource {
    mutating func allocatePages(_ count: Int) -> UnsafeMutableRawPointer?
    mutating func freePages(_ address: UnsafeMutableRawPointer, _ count: Int)
}

/// The policy behind malloc and friends: segregated free lists for small
/// blocks, whole page runs for large ones.
///
/// Every block carries a 16-byte header just below the pointer handed out:
///
///     word 0: kind (low 2 bits) | size class, page count or alignment offset
///     word 1: `liveTag` while allocated, `freedTag` once freed
///
/// The tag lets `free` recognise a pointer it never returned or a second
/// free of the same block, and report it instead of corrupting the lists.
public struct Heap<Pages: PageSource> {
    /// Size of the pages `Pages` hands out.
    public static var pageSize: Int { 4096 }
    static var classCount: Int { 14 }
    static var headerSize: Int { 16 }
    /// Bytes carved at once when a small class runs dry.
    static var chunkPages: Int { 4 }

    static var liveTag: UInt64 { 0x4652_4B49_4E55_524C }  // "LRUNIKRF"
    static var freedTag: UInt64 { 0x4652_4B49_4E55_5246 }

    private enum Kind: UInt64 {
        case small = 0
        case large = 1
        case aligned = 2
    }

    /// Why `free` or `realloc` refused a pointer.
    public enum Misuse {
        case invalidPointer
        case doubleFree
    }

    public var pages: Pages
    /// Per small class, in one page from `pages`: the free-list head, then
    /// the part of the class's latest chunk not yet carved into blocks
    /// (next free byte, end). Blocks are carved one at a time as they are
    /// first needed, so a new chunk costs nothing up front.
    private var heads: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    private var unused: UnsafeMutablePointer<(next: UInt, end: UInt)>?

    public init(pages: Pages) {
        self.pages = pages
    }

    /// Allocates `size` bytes aligned to 16; nil when memory is exhausted.
    ///
    /// The common case, a small block of a class freed before, is a few
    /// loads and stores; everything else is in functions of its own, so
    /// that this one stays small (no registers to save).
    public mutating func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        guard size >= 0, size <= Int.max / 2 else { return nil }
        guard let sizeClass = Self.sizeClass(for: size) else { return allocateLarge(size) }
        if let heads, let header = heads[sizeClass] {
            heads[sizeClass] = (header + Self.headerSize).load(as: UnsafeMutableRawPointer?.self)
            return Self.stamp(header, kind: .small, value: UInt64(sizeClass))
        }
        return carveSmall(sizeClass)
    }

    @inline(never)
    private mutating func allocateLarge(_ size: Int) -> UnsafeMutableRawPointer? {
        let pageCount = (size + Self.headerSize + Self.pageSize - 1) / Self.pageSize
        guard let run = pages.allocatePages(pageCount) else { return nil }
        return Self.stamp(run, kind: .large, value: UInt64(pageCount))
    }

    /// Allocates `size` bytes aligned to `alignment` (a power of two).
    public mutating func allocate(_ size: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        guard alignment > 0, alignment & (alignment - 1) == 0 else { return nil }
        if alignment <= Self.headerSize { return allocate(size) }
        return allocateAligned(size, alignment: alignment)
    }

    @inline(never)
    private mutating func allocateAligned(_ size: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        guard size >= 0, size <= Int.max / 4, let raw = allocate(size + alignment + Self.headerSize) else { return nil }
        let rawAddress = UInt(bitPattern: raw)
        if rawAddress % UInt(alignment) == 0 { return raw }
        let aligned = (rawAddress + UInt(Self.headerSize) + UInt(alignment) - 1) & ~(UInt(alignment) - 1)
        let header = UnsafeMutableRawPointer(bitPattern: aligned - UInt(Self.headerSize))!
        return Self.stamp(header, kind: .aligned, value: UInt64(aligned - rawAddress))
    }

    /// Returns a block to the heap. Nil pointers are ignored, as free(3) says.
    public mutating func free(_ pointer: UnsafeMutableRawPointer?) -> Misuse? {
        guard let pointer else { return nil }
        let header = pointer - Self.headerSize
        switch Self.check(header) {
        case .some(let misuse): return misuse
        case .none: break
        }
        let word = header.load(as: UInt64.self)
        Self.word(header, 1).pointee = Self.freedTag
        switch Kind(rawValue: word & 3) {
        case .small:
            let sizeClass = Int(word >> 2)
            pointer.assumingMemoryBound(to: UnsafeMutableRawPointer?.self).pointee = heads![sizeClass]
            heads![sizeClass] = header
        case .large:
            pages.freePages(header, Int(word >> 2))
        case .aligned:
            return free(pointer - Int(word >> 2))
        case nil:
            return .invalidPointer
        }
        return nil
    }

    /// Bytes of small blocks the heap holds free (on its free lists, or
    /// not yet carved from a chunk), counted up to `limit` at most: memory
    /// small allocations can have without new pages. It walks the lists,
    /// so it is for the rare caller (the kernel short of pages).
    public func idleBytes(upTo limit: Int) -> Int {
        guard let heads, let unused else { return 0 }
        var total = 0
        for sizeClass in 0..<Self.classCount {
            total += Int(unused[sizeClass].end - unused[sizeClass].next)
            let blockSize = Self.classSize(sizeClass) + Self.headerSize
            var header = heads[sizeClass]
            while let block = header, total < limit {
                total += blockSize
                header = (block + Self.headerSize).load(as: UnsafeMutableRawPointer?.self)
            }
            if total >= limit { return total }
        }
        return total
    }

    /// Bytes usable at `pointer` (at least what was asked for).
    public func usableSize(_ pointer: UnsafeMutableRawPointer?) -> Int {
        guard let pointer else { return 0 }
        let header = pointer - Self.headerSize
        guard Self.check(header) == nil else { return 0 }
        let word = header.load(as: UInt64.self)
        switch Kind(rawValue: word & 3) {
        case .small: return Self.classSize(Int(word >> 2))
        case .large: return Int(word >> 2) * Self.pageSize - Self.headerSize
        case .aligned: return usableSize(pointer - Int(word >> 2)) - Int(word >> 2)
        case nil: return 0
        }
    }

    /// realloc(3): grows or shrinks, keeping the contents. On failure the
    /// old block is untouched and the result is nil.
    public mutating func reallocate(
        _ pointer: UnsafeMutableRawPointer?, to size: Int
    ) -> (pointer: UnsafeMutableRawPointer?, misuse: Misuse?) {
        guard let pointer else { return (allocate(size), nil) }
        // A size_t above SSIZE_MAX arrives negative: no such block can exist.
        guard size >= 0 else { return (nil, nil) }
        if let misuse = Self.check(pointer - Self.headerSize) { return (nil, misuse) }
        let usable = usableSize(pointer)
        // Keep the block unless it would waste more than half of itself.
        if size <= usable, size >= usable / 2 || usable <= 64 { return (pointer, nil) }
        guard let moved = allocate(size) else { return (nil, nil) }
        moved.copyMemory(from: pointer, byteCount: min(size, usable))
        return (moved, free(pointer))
    }

    // MARK: Small blocks

    /// Payload size of a small class: 16, 32, 48 and 64 bytes, then two
    /// classes per power of two (96, 128, 192, 256, ... 1536, 2048), so no
    /// block wastes more than a third of itself. Computed, not looked up:
    /// the allocator must not allocate, and every malloc asks.
    @inline(__always)
    static func classSize(_ index: Int) -> Int {
        if index < 4 { return 16 * (index + 1) }
        let step = index - 4
        let base = 64 << (step / 2)
        return step & 1 == 0 ? base + base / 2 : base * 2
    }

    /// The smallest class that holds `size` bytes; nil for a large block.
    @inline(__always)
    static func sizeClass(for size: Int) -> Int? {
        if size <= 64 { return (max(size, 1) - 1) >> 4 }
        if size > classSize(classCount - 1) { return nil }
        // size - 1 has `bits` bits (7...11): the classes above 64 bytes
        // are 3 << (bits - 2) and 4 << (bits - 2). Compared, not counted:
        // rv64gc has no count-leading-zeros instruction, and the
        // compiler's stand-in costs some 40 instructions.
        let last = size - 1
        let bits = last < 1 << 9 ? (last < 1 << 7 ? 7 : last < 1 << 8 ? 8 : 9) : (last < 1 << 10 ? 10 : 11)
        let upper = last >= 3 << (bits - 2) ? 1 : 0
        return 4 + 2 * (bits - 7) + upper
    }

    /// A block of `sizeClass` (whose free list is empty) from the class's
    /// latest chunk, or from a new chunk when that one is used up.
    @inline(never)
    private mutating func carveSmall(_ sizeClass: Int) -> UnsafeMutableRawPointer? {
        if heads == nil {
            guard let page = pages.allocatePages(1) else { return nil }
            heads = page.bindMemory(to: UnsafeMutableRawPointer?.self, capacity: Self.classCount)
            heads!.initialize(repeating: nil, count: Self.classCount)
            unused = (page + Self.classCount * MemoryLayout<UnsafeMutableRawPointer?>.stride)
                .bindMemory(to: (next: UInt, end: UInt).self, capacity: Self.classCount)
            unused!.initialize(repeating: (0, 0), count: Self.classCount)
        }
        let blockSize = UInt(Self.classSize(sizeClass) + Self.headerSize)
        if unused![sizeClass].end - unused![sizeClass].next < blockSize {
            guard let chunk = pages.allocatePages(Self.chunkPages) else { return nil }
            let start = UInt(bitPattern: chunk)
            unused![sizeClass] = (start, start + UInt(Self.chunkPages * Self.pageSize))
        }
        let header = UnsafeMutableRawPointer(bitPattern: unused![sizeClass].next)!
        unused![sizeClass].next += blockSize
        return Self.stamp(header, kind: .small, value: UInt64(sizeClass))
    }

    // MARK: Headers

    private static func stamp(_ header: UnsafeMutableRawPointer, kind: Kind, value: UInt64) -> UnsafeMutableRawPointer {
        word(header, 0).pointee = value << 2 | kind.rawValue
        word(header, 1).pointee = liveTag
        return header + headerSize
    }

    /// Word `index` of a header, which is 16-byte aligned: stored as one
    /// doubleword (storeBytes assumes no alignment and writes bytes).
    private static func word(_ header: UnsafeMutableRawPointer, _ index: Int) -> UnsafeMutablePointer<UInt64> {
        header.assumingMemoryBound(to: UInt64.self) + index
    }

    private static func check(_ header: UnsafeMutableRawPointer) -> Misuse? {
        guard UInt(bitPattern: header) % 16 == 0 else { return .invalidPointer }
        switch header.load(fromByteOffset: 8, as: UInt64.self) {
        case liveTag: return nil
        case freedTag: return .doubleFree
        default: return .invalidPointer
        }
    }
}

