import Allocators
import KernelArch
import LinuxABI
import PageTables

/// Memory the program maps with mmap(2) and the program break of brk(2).
///
/// The address space maps everything at its own address, so a mapping is a
/// run of physical pages at the address the program sees, and an address
/// can only be mapped where those pages are free. With paging on, the pages
/// are reserved, not filled: each is zero-filled when first touched
/// (AddressSpace.populate), with the access the program asked for; with
/// `rk.paging=off` they are zero-filled at once and every access is allowed.
/// A `PageSet` remembers which pages are mappings, so that munmap(2)
/// releases exactly those and, as on Linux, ignores the rest.
public enum AnonymousMemory {
    nonisolated(unsafe) static var mapped: PageSet?
    /// Current program break and where it started.
    nonisolated(unsafe) public private(set) static var programBreak: UInt = 0
    nonisolated(unsafe) static var breakStart: UInt = 0

    static var pageSize: UInt { UInt(PhysicalMemory.pageSize) }

    /// Sets up the mapping bookkeeping over all of RAM above the image; the
    /// break starts a random number of pages (up to a sixteenth of RAM, at
    /// most 32 MiB) above the first free page after the image (ASLR).
    public static func initialize(ramEnd: UInt) {
        let base = PhysicalMemory.roundDown(PhysicalMemory.firstFreeAddress)
        let pageCount = Int((ramEnd - base) / pageSize)
        let words = PageSet.words(for: pageCount)
        let storagePages = (words * 8 + Int(pageSize) - 1) / Int(pageSize)
        guard let storage = PhysicalMemory.allocate(pages: storagePages) else { return }
        mapped = PageSet(
            base: base, pageCount: pageCount,
            storage: UnsafeMutablePointer<UInt64>(bitPattern: storage)!, full: false)
        let maximumOffset = min(pageCount / 16, (32 << 20) / Int(pageSize))
        breakStart = base + UInt(PhysicalMemory.random(below: maximumOffset)) * pageSize
        programBreak = breakStart
    }

    /// mmap(2) of anonymous memory. `address` is a hint unless `fixed`.
    public static func map(
        address: UInt, length: Int, access: PageAccess, fixed: Bool, replace: Bool
    ) throws(Errno) -> UInt {
        let pages = try pageCount(length)
        if fixed {
            guard address % pageSize == 0 else { throw .EINVAL }
            if replace, isMapped(address, pages: pages) {
                return fill(address, pages: pages, access: access)
            }
            guard PhysicalMemory.mayTake(pages) else { throw .ENOMEM }
            guard PhysicalMemory.claim(address, pages: pages) else { throw replace ? .ENOMEM : .EEXIST }
            return record(address, pages: pages, access: access)
        }
        guard let run = allocate(pages: pages) else { throw .ENOMEM }
        return record(run, pages: pages, access: access)
    }

    /// Pages for a new mapping. One of 2 MiB or more starts on a 2 MiB
    /// boundary, so that its page-table entries cover 2 MiB each (and its
    /// first touch may fill a whole 2 MiB page, AddressSpace.populate):
    /// 511 pages more are taken and the ends given back.
    private static func allocate(pages: Int) -> UInt? {
        let largePages = 512
        guard pages >= largePages, AddressSpace.isEnabled,
              let run = PhysicalMemory.allocate(pages: pages + largePages - 1, for: .mapping)
        else { return PhysicalMemory.allocate(pages: pages, for: .mapping) }
        let large = UInt(largePages) * pageSize
        let start = (run + large - 1) & ~(large - 1)
        let end = start + UInt(pages) * pageSize
        if start > run { PhysicalMemory.free(run, pages: Int((start - run) / pageSize)) }
        let runEnd = run + UInt(pages + largePages - 1) * pageSize
        if runEnd > end { PhysicalMemory.free(end, pages: Int((runEnd - end) / pageSize)) }
        return start
    }

    /// munmap(2): releases the mapped pages in the range; others are ignored.
    public static func unmap(address: UInt, length: Int) throws(Errno) {
        guard address % pageSize == 0 else { throw .EINVAL }
        let pages = try pageCount(length)
        guard var set = mapped else { return }
        let range = set.indices(address, pages: pages)
        if set.count(in: range) == range.count {
            // The usual case, a whole mapping: one bitmap update each.
            set.remove(range)
            if !range.isEmpty {
                AddressSpace.release(set.address(of: range.lowerBound), pages: range.count)
                PhysicalMemory.free(set.address(of: range.lowerBound), pages: range.count)
            }
        } else {
            for index in range where set.contains(index) {
                set.remove(index)
                AddressSpace.release(set.address(of: index), pages: 1)
                PhysicalMemory.free(set.address(of: index), pages: 1)
            }
        }
        mapped = set
    }

    /// mremap(2): shrinks in place, grows in place when the pages above are
    /// free, or moves when `mayMove` allows.
    public static func remap(address: UInt, oldLength: Int, newLength: Int, mayMove: Bool) throws(Errno) -> UInt {
        guard address % pageSize == 0 else { throw .EINVAL }
        let oldPages = try pageCount(oldLength)
        let newPages = try pageCount(newLength)
        guard isMapped(address, pages: oldPages) else { throw .EFAULT }
        if newPages <= oldPages {
            try unmap(address: address + UInt(newPages) * pageSize, length: (oldPages - newPages) * Int(pageSize))
            return address
        }
        let tail = address + UInt(oldPages) * pageSize
        let access = AddressSpace.entry(for: tail - pageSize)?.entry.access ?? [.read, .write]
        if PhysicalMemory.mayTake(newPages - oldPages), PhysicalMemory.claim(tail, pages: newPages - oldPages) {
            _ = record(tail, pages: newPages - oldPages, access: access)
            return address
        }
        guard mayMove else { throw .ENOMEM }
        let moved = try map(address: 0, length: newLength, access: [.read, .write], fixed: false, replace: false)
        // The old pages may be PROT_NONE (or never touched): the kernel reads
        // them through the program's own entries, so make them readable
        // first; they are unmapped right after.
        AddressSpace.protect(address, pages: oldPages, access: [.read])
        UnsafeMutableRawPointer(bitPattern: moved)!.copyMemory(
            from: UnsafeRawPointer(bitPattern: address)!, byteCount: oldPages * Int(pageSize))
        try unmap(address: address, length: oldLength)
        AddressSpace.protect(moved, pages: newPages, access: access)
        return moved
    }

    /// Pages of mappings and of the break above its start.
    public static var programPages: Int {
        let mappings = mapped.map { $0.count(in: 0..<$0.pageCount) } ?? 0
        return mappings + Int((PhysicalMemory.roundUp(programBreak) - breakStart) / pageSize)
    }

    /// The program's end, for the self-check: every mapping unmapped and
    /// the break back at its start, as the end of a Linux process frees
    /// its address space.
    public static func releaseAll() {
        if let set = mapped {
            var index = 0
            while index < set.pageCount {
                guard set.contains(index) else {
                    index += 1
                    continue
                }
                var end = index + 1
                while end < set.pageCount, set.contains(end) { end += 1 }
                try? unmap(address: set.address(of: index), length: (end - index) * Int(pageSize))
                index = end
            }
        }
        _ = setBreak(breakStart)
    }

    /// madvise(2) MADV_DONTNEED/MADV_FREE: the pages read as zero afterwards.
    public static func discard(address: UInt, length: Int) throws(Errno) {
        guard address % pageSize == 0 else { throw .EINVAL }
        let pages = length == 0 ? 0 : try pageCount(length)
        guard let set = mapped else { return }
        for index in set.indices(address, pages: pages) where set.contains(index) {
            if AddressSpace.isEnabled {
                AddressSpace.discard(set.address(of: index), pages: 1)
            } else {
                zero(set.address(of: index), pages: 1)
            }
        }
    }

    /// brk(2): moves the break to `requested` if the pages are free and
    /// returns the break in force afterwards (the old one on failure).
    public static func setBreak(_ requested: UInt) -> UInt {
        guard requested >= breakStart else { return programBreak }
        let oldTop = PhysicalMemory.roundUp(programBreak)
        let newTop = PhysicalMemory.roundUp(requested)
        if newTop > oldTop {
            let pages = Int((newTop - oldTop) / pageSize)
            guard PhysicalMemory.mayTake(pages), PhysicalMemory.claim(oldTop, pages: pages) else { return programBreak }
            _ = fill(oldTop, pages: pages, access: [.read, .write])
        } else if newTop < oldTop {
            let pages = Int((oldTop - newTop) / pageSize)
            AddressSpace.release(newTop, pages: pages)
            PhysicalMemory.free(newTop, pages: pages)
        }
        programBreak = requested
        return programBreak
    }

    private static func pageCount(_ length: Int) throws(Errno) -> Int {
        guard length > 0, length <= Int.max - Int(pageSize) else { throw length == 0 ? .EINVAL : .ENOMEM }
        return (length + Int(pageSize) - 1) / Int(pageSize)
    }

    private static func isMapped(_ address: UInt, pages: Int) -> Bool {
        guard let set = mapped else { return false }
        let range = set.indices(address, pages: pages)
        return range.count == pages && set.count(in: range) == pages
    }

    /// mprotect(2): every page of the range must be in use (a free page is
    /// unmapped to the program: ENOMEM, as Linux). Program memory (mmap,
    /// brk, the main stack) takes the new access; pages the kernel shares
    /// with the program (the image, what malloc handed out) keep theirs,
    /// since other data may share them. With paging off the call is only
    /// checked.
    public static func protect(address: UInt, length: Int, access: PageAccess) throws(Errno) {
        guard address % pageSize == 0 else { throw .EINVAL }
        guard length > 0, AddressSpace.isEnabled else { return }
        let pages = try pageCount(length)
        for index in 0..<pages where PhysicalMemory.isFree(address + UInt(index) * pageSize) {
            throw .ENOMEM
        }
        AddressSpace.protect(address, pages: pages, access: access)
    }

    private static func record(_ address: UInt, pages: Int, access: PageAccess) -> UInt {
        _ = fill(address, pages: pages, access: access)
        if let range = mapped?.indices(address, pages: pages) { mapped?.insert(range) }
        return address
    }

    /// Fresh contents for the pages: zero on first touch with paging on,
    /// zero now without.
    private static func fill(_ address: UInt, pages: Int, access: PageAccess) -> UInt {
        if AddressSpace.isEnabled {
            AddressSpace.reserve(address, pages: pages, access: access)
        } else {
            zero(address, pages: pages)
        }
        return address
    }

    private static func zero(_ address: UInt, pages: Int) {
        Processor.zeroPages(UnsafeMutableRawPointer(bitPattern: address)!, count: pages)
    }
}
