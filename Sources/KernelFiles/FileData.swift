import LinuxABI

/// The bytes of an in-memory file, in 4 KiB pages allocated as they are
/// first written: a file with holes costs only the pages it uses, and
/// unwritten parts read as zeros.
public struct FileData {
    public static let pageSize = 4096
    private var pages: [UnsafeMutableRawPointer?] = []
    public private(set) var size: Int64 = 0

    public init() {}

    /// Pages in use (for st_blocks and statfs).
    public private(set) var allocatedPages = 0

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
            if page < pages.count, let source = pages[page] {
                target.copyMemory(from: source + within, byteCount: chunk)
            } else {
                target.initializeMemory(as: UInt8.self, repeating: 0, count: chunk)
            }
            done += chunk
        }
        return count
    }

    /// Writes `bytes` at `offset`, growing the file; ENOSPC when memory runs out.
    public mutating func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(Errno) -> Int {
        guard bytes.count > 0 else { return 0 }
        let (end, overflow) = offset.addingReportingOverflow(Int64(bytes.count))
        guard !overflow, end <= FileData.maximumSize else { throw .EFBIG }
        var done = 0
        while done < bytes.count {
            let position = Int(offset) + done
            let page = position / FileData.pageSize
            let within = position % FileData.pageSize
            let chunk = min(bytes.count - done, FileData.pageSize - within)
            let target = try pageForWriting(page)
            (target + within).copyMemory(from: bytes.baseAddress! + done, byteCount: chunk)
            done += chunk
        }
        if end > size { size = end }
        return bytes.count
    }

    /// Largest size a file may have (the offsets stay in Int on riscv64).
    public static let maximumSize: Int64 = 1 << 40

    private mutating func pageForWriting(_ page: Int) throws(Errno) -> UnsafeMutableRawPointer {
        if page >= pages.count {
            pages.reserveCapacity(page + 1)
            while pages.count <= page { pages.append(nil) }
        }
        if let existing = pages[page] { return existing }
        let fresh = try FileData.allocatePage()
        fresh.initializeMemory(as: UInt8.self, repeating: 0, count: FileData.pageSize)
        pages[page] = fresh
        allocatedPages += 1
        return fresh
    }

    private static func allocatePage() throws(Errno) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer.allocate(byteCount: FileData.pageSize, alignment: 64)
    }

    /// truncate: pages past the new end are freed, the tail of the last
    /// one zeroed so that growing the file again shows zeros.
    public mutating func resize(to newSize: Int64) throws(Errno) {
        guard newSize >= 0 else { throw .EINVAL }
        guard newSize <= FileData.maximumSize else { throw .EFBIG }
        if newSize < size {
            let keep = Int((newSize + Int64(FileData.pageSize) - 1) / Int64(FileData.pageSize))
            while pages.count > keep {
                if let page = pages.removeLast() {
                    page.deallocate()
                    allocatedPages -= 1
                }
            }
            let within = Int(newSize % Int64(FileData.pageSize))
            if within != 0, keep > 0, keep <= pages.count, let last = pages[keep - 1] {
                (last + within).initializeMemory(as: UInt8.self, repeating: 0, count: FileData.pageSize - within)
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
            if page < pages.count, let storage = pages[page] {
                if chunk == FileData.pageSize {
                    storage.deallocate()
                    pages[page] = nil
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
        return page < pages.count && pages[page] != nil
    }

    /// Frees every page.
    public mutating func release() {
        for page in pages { page?.deallocate() }
        pages = []
        allocatedPages = 0
        size = 0
    }
}
