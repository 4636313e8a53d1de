import KernelArch
import KernelFiles
import KernelMemory
import LinuxABI
import PageTables

/// The one way a syscall reaches the program's memory. Syscall arguments
/// are integers; this type alone turns them into pointers, and every
/// accessor knows its direction:
///
/// - what the call reads (`input`, `load`, `string`) must be readable,
/// - what it writes (`output`, `store`) must be writable,
/// - what it reads and writes back (`update`) must be both,
///
/// each checked first against the program's address ranges (`contains`:
/// NULL, addresses below the image, between the image and RAM, past the
/// end of RAM and ranges that wrap are never program memory), then against
/// the page tables (`AddressSpace.allows`: PROT_NONE and read-only pages,
/// guard pages, unmapped holes). A bad pointer is `EFAULT`, as on Linux,
/// never a fault inside the kernel. Views handed out are only as mutable
/// as the check made them: an input buffer is an `UnsafeRawBufferPointer`.
///
/// Where Linux keeps a partial result (copy_to_user and copy_from_user
/// copy up to the first bad byte, and a regular file's read or write, or
/// getrandom, then returns what was done), `outputPrefix` and
/// `inputPrefix` hand out the good leading part of a buffer instead.
///
/// `tests/audit/user-memory.sh` (part of `make test`) checks that no other
/// handler file makes a pointer from an integer.
public enum UserMemory {
    /// RAM that may hold program memory: above the firmware and the
    /// kernel's own bookkeeping, to the end of RAM. Set once at boot
    /// (`configure`), read-only after.
    nonisolated(unsafe) static var ram: (start: UInt, end: UInt) = (0, 0)

    /// Called once at boot, after the physical page allocator is set up.
    public static func configure(ramStart: UInt, ramEnd: UInt) {
        ram = (ramStart, ramEnd)
    }

    /// The end of the program range holding `address`, nil outside them:
    /// the image (`ImageLayout.start` to `ImageLayout.end`, wherever it was
    /// loaded) and RAM above the firmware. The one place that knows where
    /// the program lives; what may be done with each page is the page
    /// tables' business.
    @inline(__always)
    private static func rangeEnd(of address: UInt) -> UInt? {
        if address >= ram.start, address < ram.end { return ram.end }
        if address >= ImageLayout.start, address < ImageLayout.end { return ImageLayout.end }
        return nil
    }

    /// The first address above all program memory.
    @inline(__always)
    private static var top: UInt { max(ram.end, ImageLayout.end) }

    /// Whether `[address, address + count)` lies wholly inside one program
    /// range (`rangeEnd`): NULL, device registers, the firmware, anything
    /// past RAM and ranges that wrap do not.
    @inline(__always)
    static func contains(_ address: Int, _ count: Int) -> Bool {
        guard count >= 0 else { return false }
        let start = UInt(bitPattern: address)
        let (end, overflow) = start.addingReportingOverflow(UInt(count))
        guard !overflow, let limit = rangeEnd(of: start) else { return false }
        return end <= limit
    }

    /// Whether `[address, address + count)` lies below the top of program
    /// memory without wrapping: Linux's access_ok, the check made before
    /// any copy (a range past the top of the address space is EFAULT even
    /// where nothing would be copied, say a read at end of file). NULL
    /// passes, as it does there; the copy itself finds it bad.
    @inline(__always)
    static func isAddressable(_ address: Int, _ count: Int) -> Bool {
        guard count >= 0 else { return false }
        let (end, overflow) = UInt(bitPattern: address).addingReportingOverflow(UInt(count))
        return !overflow && end <= top
    }

    /// Whether the program could make `access` to all of `[address,
    /// address + count)` (an empty range always passes).
    @inline(__always)
    static func allows(_ address: Int, _ count: Int, _ access: PageAccess) -> Bool {
        count == 0 || contains(address, count) && AddressSpace.allows(UInt(bitPattern: address), count, access)
    }

    /// Whether the program may read all of `[address, address + count)`.
    @inline(__always)
    static func isReadable(_ address: Int, _ count: Int) -> Bool { allows(address, count, .read) }

    /// Whether the program may write all of `[address, address + count)`.
    @inline(__always)
    static func isWritable(_ address: Int, _ count: Int) -> Bool { allows(address, count, .write) }

    // MARK: Buffers

    /// The `count` bytes at `address` that the call reads.
    @inline(__always)
    static func input(_ address: Int, _ count: Int) throws(Errno) -> UnsafeRawBufferPointer {
        guard allows(address, count, .read) else { throw .EFAULT }
        return UnsafeRawBufferPointer(start: count == 0 ? nil : UnsafeRawPointer(bitPattern: address), count: count)
    }

    /// The `count` bytes at `address` that the call fills.
    @inline(__always)
    static func output(_ address: Int, _ count: Int) throws(Errno) -> UnsafeMutableRawBufferPointer {
        guard allows(address, count, .write) else { throw .EFAULT }
        return UnsafeMutableRawBufferPointer(start: count == 0 ? nil : UnsafeMutableRawPointer(bitPattern: address), count: count)
    }

    /// The writable leading part of the `count` bytes at `address`: Linux's
    /// copy_to_user stops at the first byte it cannot write, and a call
    /// that copies as it goes (a regular file's read, getrandom) returns
    /// what it copied before that. EFAULT when not even the first byte is
    /// writable.
    @inline(__always)
    static func outputPrefix(_ address: Int, _ count: Int) throws(Errno) -> UnsafeMutableRawBufferPointer {
        let good = try goodLength(address, count, .write)
        return UnsafeMutableRawBufferPointer(start: good == 0 ? nil : UnsafeMutableRawPointer(bitPattern: address), count: good)
    }

    /// The readable leading part of the `count` bytes at `address`, for
    /// calls that copy from the program as they go (copy_from_user: a
    /// regular file's write); EFAULT when not even the first byte is
    /// readable.
    @inline(__always)
    static func inputPrefix(_ address: Int, _ count: Int) throws(Errno) -> UnsafeRawBufferPointer {
        let good = try goodLength(address, count, .read)
        return UnsafeRawBufferPointer(start: good == 0 ? nil : UnsafeRawPointer(bitPattern: address), count: good)
    }

    /// How many leading bytes of the range allow `access`: all of them in
    /// the usual case, otherwise counted page by page; EFAULT when none do
    /// or the range runs past the top of program memory.
    @inline(__always)
    private static func goodLength(_ address: Int, _ count: Int, _ access: PageAccess) throws(Errno) -> Int {
        if allows(address, count, access) { return count }
        guard isAddressable(address, count) else { throw .EFAULT }
        let good = goodPrefix(address, count, access)
        guard good > 0 else { throw .EFAULT }
        return good
    }

    /// How many bytes from `address` on allow `access`, page by page (at
    /// most `count`).
    @inline(never)
    private static func goodPrefix(_ address: Int, _ count: Int, _ access: PageAccess) -> Int {
        guard count > 0, let end = rangeEnd(of: UInt(bitPattern: address)) else { return 0 }
        let start = UInt(bitPattern: address)
        let limit = min(end - start, UInt(count))
        var good: UInt = 0
        while good < limit {
            let here = start + good
            let step = min((here | 4095) + 1 - here, limit - good)
            guard AddressSpace.allows(here, Int(step), access) else { break }
            good += step
        }
        return Int(good)
    }

    // MARK: Values

    /// Reads a `T` the program passed by pointer.
    @inline(__always)
    static func load<T>(_ address: Int, as type: T.Type) throws(Errno) -> T {
        guard allows(address, MemoryLayout<T>.size, .read) else { throw .EFAULT }
        return UnsafeRawPointer(bitPattern: address)!.loadUnaligned(as: T.self)
    }

    /// Writes `value` where the program asked for a result.
    @inline(__always)
    static func store<T>(_ value: T, to address: Int) throws(Errno) {
        guard allows(address, MemoryLayout<T>.size, .write) else { throw .EFAULT }
        withUnsafeBytes(of: value) { bytes in
            UnsafeMutableRawPointer(bitPattern: address)!.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        }
    }

    /// Calls `body` with the naturally aligned `T` at `address` in place,
    /// for results built field by field (a `struct stat`) or words the call
    /// reads and writes back (FUTEX_WAKE_OP): the range must be readable
    /// and writable. EINVAL when `address` is not aligned for `T`.
    @inline(__always)
    static func update<T, Result>(_ address: Int, as type: T.Type, _ body: (inout T) -> Result) throws(Errno) -> Result {
        guard address & (MemoryLayout<T>.alignment - 1) == 0 else { throw .EINVAL }
        guard allows(address, MemoryLayout<T>.size, [.read, .write]) else { throw .EFAULT }
        return body(&UnsafeMutablePointer<T>(bitPattern: address)!.pointee)
    }

    /// The `T` at `address`, nil when the program may not read it: for the
    /// syscall tracer and the crash report's frame walk, which must never
    /// fault on what they print.
    public static func peek<T>(_ address: Int, as type: T.Type) -> T? {
        guard allows(address, MemoryLayout<T>.size, .read) else { return nil }
        return UnsafeRawPointer(bitPattern: address)!.loadUnaligned(as: T.self)
    }

    // MARK: Strings

    /// A NUL-terminated string of at most `limit` bytes (PATH_MAX by
    /// default), without its NUL; ENAMETOOLONG beyond that.
    ///
    /// Scanned a doubleword at a time: an aligned doubleword never
    /// straddles a page, so checking a page once when the scan enters it
    /// covers every load. The scan of the first page is all of this
    /// function; the rest, rare for a path, is `stringBeyondPage`.
    static func string(_ address: Int, limit: Int = 4096) throws(Errno) -> UnsafeRawBufferPointer {
        guard allows(address, 1, .read) else { throw .EFAULT }
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
        guard let end = rangeEnd(of: start) else { throw .EFAULT }
        var word = next
        while true {
            guard Int(bitPattern: word &- start) < limit else { throw .ENAMETOOLONG }
            guard word < end else { throw .EFAULT }
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
