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
    /// array for its pages.
    private var firstPage: UnsafeMutableRawPointer?
    /// Pages 1 and up.
    private var laterPages: [UnsafeMutableRawPointer?] = []
    public private(set) var size: Int64 = 0

    public init() {}

    /// Pages in use (for st_blocks and statfs).
    public private(set) var allocatedPages = 0

    /// Largest size a file may have (the offsets stay in Int on riscv64).
    public static let maximumSize: Int64 = 1 << 40

    /// The storage of page `index`; nil for a hole.
    @inline(__always)
    private func page(_ index: Int) -> UnsafeMutableRawPointer? {
        if index == 0 { return firstPage }
        return index <= laterPages.count ? laterPages[index - 1] : nil
    }

    private mutating func setPage(_ index: Int, _ storage: UnsafeMutableRawPointer?) {
        if index == 0 {
            firstPage = storage
            return
        }
        while laterPages.count < index { laterPages.append(nil) }
        laterPages[index - 1] = storage
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
    public func bytesFitting(at offset: Int64, count: Int, pages: Int) -> Int {
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
        setPage(page, storage)
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
            while laterPages.count > max(keep - 1, 0) {
                if let page = laterPages.removeLast() {
                    PagePool.give(page)
                    allocatedPages -= 1
                }
            }
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
                    setPage(page, nil)
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

    /// Frees every page.
    public mutating func release() {
        if let firstPage { PagePool.give(firstPage) }
        for page in laterPages { if let page { PagePool.give(page) } }
        firstPage = nil
        laterPages = []
        allocatedPages = 0
        size = 0
    }
}
