import KernelArch
import KernelFiles
import KernelMemory
import KernelPlatform
import LinuxABI
import PageTables

/// Checked access to memory the program passes to a syscall. "Valid" means
/// inside the image (at its virtual base) or inside RAM at or above the
/// image's physical memory; anything else (NULL included) is EFAULT, as on
/// Linux. Buffers and strings are also checked against the
/// page tables: a page the program cannot read (PROT_NONE, a guard page) is
/// EFAULT too, not a fault inside the kernel.
public enum UserMemory {
    /// The range program memory lies in: the image up to the end of RAM.
    /// Set once at boot (`configure`); every syscall argument is checked
    /// against it.
    nonisolated(unsafe) static var lowest: UInt = 0
    nonisolated(unsafe) static var end: UInt = 0

    public static func configure() {
        lowest = ImageLayout.physicalStart
        end = Board.memory.base + Board.memory.size
    }

    public static func isValid(_ address: Int, _ count: Int) -> Bool {
        guard count >= 0 else { return false }
        let start = UInt(bitPattern: address)
        let (last, overflow) = start.addingReportingOverflow(UInt(count))
        return !overflow && (start >= lowest && last <= end || start >= ImageLayout.start && last <= ImageLayout.end)
    }

    /// The `count` bytes at `address`, writable by the kernel.
    static func buffer(_ address: Int, _ count: Int) throws(Errno) -> UnsafeMutableRawBufferPointer {
        if count == 0 { return UnsafeMutableRawBufferPointer(start: nil, count: 0) }
        guard isValid(address, count), AddressSpace.allows(UInt(bitPattern: address), count, .read) else { throw .EFAULT }
        return UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(bitPattern: address), count: count)
    }

    /// The `count` bytes at `address` that the call fills with data (read(2)
    /// and its kin): the program must be allowed to write them, or the
    /// call is EFAULT, as on Linux, instead of a kernel fault.
    static func outputBuffer(_ address: Int, _ count: Int) throws(Errno) -> UnsafeMutableRawBufferPointer {
        if count == 0 { return UnsafeMutableRawBufferPointer(start: nil, count: 0) }
        guard isValid(address, count), AddressSpace.allows(UInt(bitPattern: address), count, .write) else { throw .EFAULT }
        return UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(bitPattern: address), count: count)
    }

    /// Reads a `T` the program passed by pointer.
    static func load<T>(_ address: Int, as type: T.Type) throws(Errno) -> T {
        guard isValid(address, MemoryLayout<T>.size) else { throw .EFAULT }
        return UnsafeRawPointer(bitPattern: address)!.loadUnaligned(as: T.self)
    }

    /// Writes `value` where the program asked for a result.
    static func store<T>(_ value: T, to address: Int) throws(Errno) {
        guard isValid(address, MemoryLayout<T>.size) else { throw .EFAULT }
        withUnsafeBytes(of: value) { bytes in
            UnsafeMutableRawPointer(bitPattern: address)!.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        }
    }

    /// A NUL-terminated string of at most `limit` bytes (PATH_MAX by
    /// default), without its NUL; ENAMETOOLONG beyond that.
    ///
    /// Scanned a doubleword at a time: an aligned doubleword never
    /// straddles a page, so checking a page once when the scan enters it
    /// covers every load. The scan of the first page is all of this
    /// function; the rest, rare for a path, is `stringBeyondPage`.
    static func string(_ address: Int, limit: Int = 4096) throws(Errno) -> UnsafeRawBufferPointer {
        guard isValid(address, 1), AddressSpace.allows(UInt(bitPattern: address), 1, .read) else { throw .EFAULT }
        let start = UInt(bitPattern: address)
        let pageEnd = (start | 4095) &+ 1
        var word = start & ~7
        // The bytes of the first doubleword before the string made non-zero.
        var value = UnsafeRawPointer(bitPattern: word)!.load(as: UInt64.self) | ~(UInt64.max << ((start & 7) * 8))
        while true {
            if let length = ByteScan.firstZeroByte(value) {
                let count = Int(bitPattern: word &- start) &+ length
                guard count < limit else { throw .ENAMETOOLONG }
                return UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: start), count: count)
            }
            word &+= 8
            if word == pageEnd { return try stringBeyondPage(start, next: word, limit: limit) }
            value = UnsafeRawPointer(bitPattern: word)!.load(as: UInt64.self)
        }
    }

    /// The rest of `string`'s scan, from `next`, the first doubleword of a
    /// page after the string's first.
    @inline(never)
    private static func stringBeyondPage(_ start: UInt, next: UInt, limit: Int) throws(Errno) -> UnsafeRawBufferPointer {
        var word = next
        while true {
            guard Int(bitPattern: word &- start) < limit else { throw .ENAMETOOLONG }
            guard word < end || ImageLayout.contains(word) else { throw .EFAULT }
            if word & 4095 == 0, !AddressSpace.allows(word, 1, .read) { throw .EFAULT }
            if let length = ByteScan.firstZeroByte(UnsafeRawPointer(bitPattern: word)!.load(as: UInt64.self)) {
                let count = Int(bitPattern: word &- start) &+ length
                guard count < limit else { throw .ENAMETOOLONG }
                return UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: start), count: count)
            }
            word &+= 8
        }
    }
}
