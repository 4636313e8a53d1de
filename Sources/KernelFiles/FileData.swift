import LinuxABI

/// The bytes of an in-memory file, in 4 KiB pages allocated as they are
/// first written: a file with holes costs only the pages it uses, and
/// unwritten parts read as zeros.
///
/// Invariant: every byte below `size` in an allocated page is the file's;
/// bytes past `size` (in the last page) are undefined and are zeroed only
/// when the file grows over them. So a fresh page is zeroed only where a
/// write leaves a gap inside the file, never where the write lands.
public struct FileData {
    public static let pageSize = 4096
    /// Page 0, held inline: a file of one page (most files) allocates no
    /// table for its pages.
    private var firstPage: UnsafeMutableRawPointer?
    /// Pages 1 and up, in a radix tree of table pages (512 entries each,
    /// `height` levels, page index bits taken 9 at a time from the top), as
    /// Linux's page cache indexes a file: a write far past the end costs a
    /// few table pages, not a table as long as the file. Table pages come
    /// from the same pool as data pages, so running out is ENOSPC, never a
    /// failed allocation in the kernel.
    private var tree: UnsafeMutableRawPointer?
    private var height = 0
    public private(set) var size: Int64 = 0

    public init() {}

    /// Pages in use for data (for st_blocks and statfs).
    public private(set) var allocatedPages = 0
    /// Pages in use for the tree's tables.
    public private(set) var tablePages = 0

    /// Largest size a file may have (the offsets stay in Int on riscv64).
    public static let maximumSize: Int64 = 1 << 40

    private static let tableShift = 9
    private static let tableEntries = 1 << tableShift

    @inline(__always)
    private static func entry(_ table: UnsafeMutableRawPointer, _ slot: Int) -> UnsafeMutablePointer<UnsafeMutableRawPointer?> {
        table.assumingMemoryBound(to: UnsafeMutableRawPointer?.self) + slot
    }

    /// The slot of page `index` in the table at `level` (1 is the leaves').
    @inline(__always)
    private static func slot(_ index: Int, level: Int) -> Int {
        (index >> ((level - 1) * tableShift)) & (tableEntries - 1)
    }

    /// The storage of page `index`; nil for a hole.
    @inline(__always)
    private func page(_ index: Int) -> UnsafeMutableRawPointer? {
        if index == 0 { return firstPage }
        guard index >> (height * Self.tableShift) == 0 else { return nil }
        var table = tree
        var level = height
        while let current = table, level > 0 {
            table = Self.entry(current, Self.slot(index, level: level)).pointee
            level -= 1
        }
        return table
    }

    /// Sets page `index` (at least 1) to `storage`; false when a table page
    /// could not be had.
    private mutating func setPage(_ index: Int, _ storage: UnsafeMutableRawPointer?) -> Bool {
        if index == 0 {
            firstPage = storage
            return true
        }
        while index >> (height * Self.tableShift) != 0 {
            if tree != nil {
                guard let table = newTable() else { return false }
                Self.entry(table, 0).pointee = tree
                tree = table
            }
            height += 1
        }
        if tree == nil {
            guard let table = newTable() else { return false }
            tree = table
        }
        var table = tree!
        var level = height
        while level > 1 {
            let next = Self.entry(table, Self.slot(index, level: level))
            if next.pointee == nil {
                guard let fresh = newTable() else { return false }
                next.pointee = fresh
            }
            table = next.pointee!
            level -= 1
        }
        Self.entry(table, Self.slot(index, level: 1)).pointee = storage
        return true
    }

    private mutating func newTable() -> UnsafeMutableRawPointer? {
        guard let table = PagePool.take() else { return nil }
        table.initializeMemory(as: UInt8.self, repeating: 0, count: FileData.pageSize)
        tablePages += 1
        return table
    }

    /// Frees the data pages of index `first` and up under `table` (a table
    /// at `level` whose first page has index `base`), and the tables left
    /// empty; true when `table` itself was freed.
    private mutating func free(from first: Int, in table: UnsafeMutableRawPointer, level: Int, base: Int) -> Bool {
        let span = 1 << ((level - 1) * Self.tableShift)
        var empty = true
        for slot in 0..<Self.tableEntries {
            let entry = Self.entry(table, slot)
            guard let child = entry.pointee else { continue }
            let start = base + slot * span
            if start + span <= first {
                empty = false
            } else if level == 1 {
                PagePool.give(child)
                allocatedPages -= 1
                entry.pointee = nil
            } else if free(from: first, in: child, level: level - 1, base: start) {
                entry.pointee = nil
            } else {
                empty = false
            }
        }
        guard empty else { return false }
        PagePool.give(table)
        tablePages -= 1
        return true
    }

    /// Frees every page of index `first` and up (at least 1).
    private mutating func freePages(from first: Int) {
        guard let tree, free(from: first, in: tree, level: height, base: 0) else { return }
        self.tree = nil
        height = 0
    }

    /// Copies out up to `buffer.count` bytes from `offset`; 0 at or past the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        let count = Int(min(Int64(buffer.count), size - offset))
        var done = 0
        while done < count {
            let position = Int(offset) + done
            let page = position / FileData.pageSize
            let within = position % FileData.pageSize
            let chunk = min(count - done, FileData.pageSize - within)
            let target = buffer.baseAddress! + done
            if let source = self.page(page) {
                ByteCopy.copy(to: target, from: source + within, count: chunk)
            } else {
                target.initializeMemory(as: UInt8.self, repeating: 0, count: chunk)
            }
            done += chunk
        }
        return count
    }

    /// How many of `count` bytes at `offset` a write can store with at
    /// most `pages` new pages: all of them, or up to the first page beyond.
    /// All of them for a write that `write` refuses (negative offset, or an
    /// end past `maximumSize`), which must not overflow here first.
    public func bytesFitting(at offset: Int64, count: Int, pages: Int) -> Int {
        let (end, overflow) = offset.addingReportingOverflow(Int64(count))
        guard offset >= 0, !overflow, end <= FileData.maximumSize else { return count }
        guard count > 0 else { return 0 }
        let first = Int(offset / Int64(FileData.pageSize))
        let last = Int((offset + Int64(count) - 1) / Int64(FileData.pageSize))
        var missing = 0
        for index in first...last where page(index) == nil {
            missing += 1
            if missing > pages { return max(0, index * FileData.pageSize - Int(offset)) }
        }
        return count
    }

    /// Writes `bytes` at `offset`, growing the file; ENOSPC when memory
    /// runs out (what was written so far stays).
    @inline(__always)
    public mutating func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(Errno) -> Int {
        guard bytes.count > 0 else { return 0 }
        guard offset >= 0 else { throw .EINVAL }
        let (end, overflow) = offset.addingReportingOverflow(Int64(bytes.count))
        guard !overflow, end <= FileData.maximumSize else { throw .EFBIG }
        if offset > size { zeroTail(upTo: offset) }
        let oldSize = size
        // Positions lie in 0...maximumSize: no arithmetic below overflows.
        var done = 0
        while done < bytes.count {
            let position = Int(offset) &+ done
            let page = position / FileData.pageSize
            let within = position & (FileData.pageSize &- 1)
            let chunk = min(bytes.count &- done, FileData.pageSize &- within)
            let target: UnsafeMutableRawPointer
            if let existing = self.page(page) {
                target = existing
            } else {
                guard let page = fresh(page) else {
                    if done > 0 { break }
                    throw .ENOSPC
                }
                target = page
                // Zero what the write leaves uncovered inside the file.
                let pageStart = Int64(position &- within)
                if within > 0 { target.initializeMemory(as: UInt8.self, repeating: 0, count: within) }
                let covered = within &+ chunk
                let inside = Int(min(Int64(FileData.pageSize), max(0, oldSize &- pageStart)))
                if inside > covered {
                    (target + covered).initializeMemory(as: UInt8.self, repeating: 0, count: inside &- covered)
                }
            }
            ByteCopy.copy(to: target + within, from: bytes.baseAddress! + done, count: chunk)
            done &+= chunk
        }
        let reached = offset &+ Int64(done)
        if reached > size { size = reached }
        return done
    }

    /// A new page at index `page`; nil when memory is exhausted.
    private mutating func fresh(_ page: Int) -> UnsafeMutableRawPointer? {
        guard let storage = PagePool.take() else { return nil }
        guard setPage(page, storage) else {
            PagePool.give(storage)
            return nil
        }
        allocatedPages += 1
        return storage
    }

    /// Zeroes the undefined bytes of the last page from `size` up to
    /// `limit` (the file is about to grow over them).
    private mutating func zeroTail(upTo limit: Int64) {
        let within = Int(size % Int64(FileData.pageSize))
        guard within != 0 else { return }
        let page = Int(size / Int64(FileData.pageSize))
        guard let storage = self.page(page) else { return }
        let end = Int(min(Int64(FileData.pageSize), limit - Int64(page * FileData.pageSize)))
        if end > within { (storage + within).initializeMemory(as: UInt8.self, repeating: 0, count: end - within) }
    }

    /// truncate: pages past the new end are freed; growing reads zeros.
    public mutating func resize(to newSize: Int64) throws(Errno) {
        guard newSize >= 0 else { throw .EINVAL }
        guard newSize <= FileData.maximumSize else { throw .EFBIG }
        if newSize > size {
            zeroTail(upTo: newSize)
        } else {
            let keep = Int((newSize + Int64(FileData.pageSize) - 1) / Int64(FileData.pageSize))
            freePages(from: max(keep, 1))
            if keep == 0, let page = firstPage {
                PagePool.give(page)
                allocatedPages -= 1
                firstPage = nil
            }
        }
        size = newSize
    }

    /// Punches a hole: whole pages inside the range are freed, partial ones zeroed.
    public mutating func clear(at offset: Int64, length: Int64) {
        let end = min(size, offset + length)
        var position = offset
        while position < end {
            let page = Int(position / Int64(FileData.pageSize))
            let within = Int(position % Int64(FileData.pageSize))
            let chunk = Int(min(end - position, Int64(FileData.pageSize - within)))
            if let storage = self.page(page) {
                if chunk == FileData.pageSize {
                    PagePool.give(storage)
                    _ = setPage(page, nil)   // the page's tables exist: no table is needed
                    allocatedPages -= 1
                } else {
                    (storage + within).initializeMemory(as: UInt8.self, repeating: 0, count: chunk)
                }
            }
            position += Int64(chunk)
        }
    }

    /// Whether the page holding `offset` has storage (SEEK_DATA/SEEK_HOLE).
    public func hasData(at offset: Int64) -> Bool {
        let page = Int(offset / Int64(FileData.pageSize))
        return self.page(page) != nil
    }

    /// The data pages the tree really holds, and how many of those lie
    /// past the last page of the file (which truncation must have freed):
    /// the self-check compares them with `allocatedPages` and 0.
    public func countPages() -> (held: Int, pastEnd: Int) {
        let end = Int((size + Int64(FileData.pageSize) - 1) / Int64(FileData.pageSize))
        var held = 0, pastEnd = 0
        func walk(_ table: UnsafeMutableRawPointer, level: Int, base: Int) {
            let span = 1 << ((level - 1) * Self.tableShift)
            for slot in 0..<Self.tableEntries {
                guard let child = Self.entry(table, slot).pointee else { continue }
                if level > 1 {
                    walk(child, level: level - 1, base: base + slot * span)
                } else {
                    held += 1
                    if base + slot >= end { pastEnd += 1 }
                }
            }
        }
        if firstPage != nil {
            held += 1
            if end == 0 { pastEnd += 1 }
        }
        if let tree { walk(tree, level: height, base: 0) }
        return (held, pastEnd)
    }

    /// Frees every page.
    public mutating func release() {
        if let firstPage { PagePool.give(firstPage) }
        firstPage = nil
        freePages(from: 1)
        allocatedPages = 0
        size = 0
    }
}
