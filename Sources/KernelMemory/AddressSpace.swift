import KernelArch
import PageTables

/// Page-table frames straight from physical memory, zero-filled.
struct PhysicalFrames: PageTableFrames {
    /// Frames the page tables hold (for the self-check's page count).
    /// Changed only with interrupts off.
    nonisolated(unsafe) static var held = 0

    mutating func allocateFrame() -> UnsafeMutablePointer<UInt64>? {
        guard let address = PhysicalMemory.allocate(pages: 1) else { return nil }
        PhysicalFrames.held += 1
        let frame = UnsafeMutableRawPointer(bitPattern: address)!
        Processor.zeroPages(frame, count: 1)
        return frame.bindMemory(to: UInt64.self, capacity: 512)
    }

    mutating func freeFrame(_ frame: UnsafeMutablePointer<UInt64>) {
        PhysicalFrames.held -= 1
        PhysicalMemory.free(UInt(bitPattern: frame), pages: 1)
    }
}

/// The one address space, under Sv39 translation. Everything but the image
/// is mapped at its own address (virtual = physical); the image runs at the
/// random virtual base relocate.c chose (`ImageLayout.offset` above its
/// physical memory). What translation adds is protection:
///
/// - the first MiB is unmapped, so NULL and small offsets from it fault;
/// - devices (everything from 1 MiB up to RAM) read+write, never execute;
/// - the image at its virtual base: text read+execute, rodata read-only,
///   data and bss read+write, in 4 KiB pages; the guard pages below the
///   boot and first trap stacks unmapped; its physical memory has no second
///   mapping, so no fixed address reaches its code or data;
/// - the firmware's RAM below the image unmapped;
/// - RAM above the image read+write in the largest pages alignment allows
///   (2 MiB, 1 GiB): the kernel's direct map, where its heap lives.
///
/// Program memory (mmap, brk, the main stack) is carved out of the direct
/// map page by page: its entries hold the access the program asked for and
/// stay invalid until first touched, when the fault handler zero-fills the
/// page (`populate`). Nothing is ever writable and executable unless the
/// program asks for PROT_WRITE|PROT_EXEC itself.
public enum AddressSpace {
    /// The table, behind a pointer: a fault may come while it is being
    /// changed (the kernel zero-filling a frame it took for a table, say),
    /// and the handler then changes one entry of it too.
    nonisolated(unsafe) static var storage: UnsafeMutablePointer<PageTable<PhysicalFrames>>?
    static var table: PageTable<PhysicalFrames>? { storage?.pointee }

    /// Whether translation is on (`rk.paging=off` leaves it off).
    public static var isEnabled: Bool { storage != nil }

    /// Addresses below this are never mapped.
    public static let lowestMapped: UInt = 1 << 20

    static var pageSize: UInt { PageTable<PhysicalFrames>.pageSize }

    /// Pages a sequential run of first touches populates at once.
    static let faultAroundPages = 64

    /// Builds the page table for RAM `[ramBase, ramEnd)` and turns
    /// translation on; false (and translation stays off) when memory for
    /// the tables ran out.
    public static func enable(ramBase: UInt, ramEnd: UInt) -> Bool {
        guard var table = PageTable(frames: PhysicalFrames()) else { return false }
        let image = (ImageLayout.start, ImageLayout.rodataStart, ImageLayout.dataStart, ImageLayout.end)
        let offset = ImageLayout.offset
        guard ramBase <= lowestMapped || table.map(lowestMapped, size: ramBase - lowestMapped, access: [.read, .write]),
              table.map(image.0, size: image.1 - image.0, access: [.read, .execute], offset: offset, largestLevel: 0),
              table.map(image.1, size: image.2 - image.1, access: [.read], offset: offset, largestLevel: 0),
              table.map(image.2, size: image.3 - image.2, access: [.read, .write], offset: offset, largestLevel: 0),
              table.map(ImageLayout.physicalEnd, size: ramEnd - ImageLayout.physicalEnd, access: [.read, .write]),
              table.updateEntries(ImageLayout.bootStackGuard, pages: 1, { entry, page in entry = .guardPage(page) }),
              table.updateEntries(ImageLayout.trapStackGuard, pages: 1, { entry, page in entry = .guardPage(page) })
        else { return false }
        storage = UnsafeMutablePointer<PageTable<PhysicalFrames>>.allocate(capacity: 1)
        storage!.initialize(to: table)
        Processor.enableTranslation(root: UInt(bitPattern: table.root))
        return true
    }

    /// The entry that maps `address` (nil with translation off).
    public static func entry(for address: UInt) -> (entry: PageTableEntry, level: Int)? {
        table?.lookup(address)
    }

    /// Whether the kernel may read `address` without faulting.
    public static func isReadable(_ address: UInt) -> Bool {
        guard let table else { return true }
        let entry = table.lookup(address).entry
        return entry.isLeaf && entry.allows(.read) || entry.isAnonymous && !entry.isPopulated && entry.allows(.read)
    }

    /// Whether every page of `[address, address + count)` lets `access`
    /// through, now or after its first touch (true with translation off).
    ///
    /// Inlined: a range within one page, or across two, remembered as
    /// allowing `access` (the common case: a `struct stat` on the stack
    /// may straddle a page boundary) is answered here; the rest is
    /// `checkPages`.
    @inline(__always)
    public static func allows(_ address: UInt, _ count: Int, _ access: PageAccess) -> Bool {
        let page = address & ~(pageSize - 1)
        let last = (address &+ UInt(count) &- 1) & ~(pageSize - 1)
        if count > 0, last &- page <= pageSize, recentlyAllowed(page, access),
           last == page || recentlyAllowed(last, access) { return true }
        return checkPages(address, count, access)
    }

    @inline(never)
    private static func checkPages(_ address: UInt, _ count: Int, _ access: PageAccess) -> Bool {
        guard count > 0 else { return true }
        var page = address & ~(pageSize - 1)
        let end = address &+ UInt(count)
        // Most small buffers lie in pages checked a moment ago; large ones
        // would only push those out.
        let small = count <= 2 * Int(pageSize)
        while page < end {
            if small, recentlyAllowed(page, access) {
                page &+= pageSize
                continue
            }
            guard let table else { return true }
            let (entry, level) = table.lookup(page)
            guard entry.isLeaf || entry.isAnonymous, entry.allows(access) else { return false }
            if small { remember(page, entry.access) }
            // A large entry answers for all of its pages.
            page = (page | (PageTable<PhysicalFrames>.size(ofLevel: level) - 1)) &+ 1
            if page == 0 { break }
        }
        return true
    }

    // MARK: Recently checked pages

    /// Sixteen pages whose access a check found, each as the page's
    /// address with its PageAccess bits in the low bits, in eight sets of
    /// two that bits 12-14 of the address choose, the last one checked
    /// first: a syscall's path, its buffer and its result usually lie in
    /// pages just checked, and two ways keep a path in the data and a
    /// buffer on the stack whose bits agree. A page is forgotten when
    /// its entry changes (`flush`), and only then: a thread's mmap or
    /// munmap leaves the stack and the data the next syscalls pass
    /// remembered. Populating a page keeps its access, so that may stay
    /// remembered.
    nonisolated(unsafe) private static var recent: (UInt, UInt, UInt, UInt, UInt, UInt, UInt, UInt,
                                                    UInt, UInt, UInt, UInt, UInt, UInt, UInt, UInt) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    /// The set of two slots `page` may be remembered in.
    private static func recentSet(_ page: UInt) -> UnsafeMutablePointer<UInt> {
        withUnsafeMutablePointer(to: &recent) {
            UnsafeMutableRawPointer($0).assumingMemoryBound(to: UInt.self) + Int((page >> 12) & 7) &* 2
        }
    }

    private static func recentlyAllowed(_ page: UInt, _ access: PageAccess) -> Bool {
        let set = recentSet(page)
        let wanted = UInt(access.rawValue)
        let first = set[0], second = set[1]
        return page != 0 && (first & ~(pageSize - 1) == page && first & wanted == wanted
                             || second & ~(pageSize - 1) == page && second & wanted == wanted)
    }

    private static func remember(_ page: UInt, _ access: PageAccess) {
        let set = recentSet(page)
        if set[0] & ~(pageSize - 1) != page { set[1] = set[0] }
        set[0] = page | UInt(access.rawValue)
    }

    /// Forgets the remembered pages of `[address, address + pages pages)`.
    private static func forgetRecent(_ address: UInt, pages: Int) {
        let start = address & ~(pageSize - 1)
        let end = start &+ UInt(pages) &* pageSize
        withUnsafeMutablePointer(to: &recent) {
            let slots = UnsafeMutableRawPointer($0).assumingMemoryBound(to: UInt.self)
            for index in 0..<16 {
                let page = slots[index] & ~(pageSize - 1)
                if page >= start, page < end { slots[index] = 0 }
            }
        }
    }

    /// Makes `pages` pages at `address` program memory with `access`, zero
    /// on first touch. False when a table frame could not be had.
    @discardableResult
    public static func reserve(_ address: UInt, pages: Int, access: PageAccess) -> Bool {
        set(address, pages: pages) { page, _ in .anonymous(page, access, populated: false) }
    }

    /// Unmaps program pages being freed: a use after munmap faults. The
    /// kernel maps them again when it uses them (`mapForKernel`, or
    /// `restoreKernelPage` on its first access).
    public static func release(_ address: UInt, pages: Int) {
        set(address, pages: pages) { page, _ in .released(page) }
    }

    /// Maps pages the kernel took for itself read+write (the heap's pages,
    /// which the program also touches through what malloc returns).
    public static func mapForKernel(_ address: UInt, pages: Int) {
        guard storage != nil else { return }
        for index in 0..<pages { _ = restoreKernelPage(address + UInt(index) * pageSize) }
    }

    /// A fault from kernel code on a page released by `release`: the page
    /// is kernel memory again (the allocator handed it out), so it is mapped
    /// read+write and the access retried.
    public static func restoreKernelPage(_ address: UInt) -> Bool {
        guard let table else { return false }
        let (entry, level) = table.lookup(address)
        guard entry.isReleased, let slot = storage!.pointee.slot(for: address, level: level) else { return false }
        slot.pointee = PageTableEntry.leaf(entry.physicalAddress, [.read, .write]).rawValue
        Processor.flushTranslation(address)
        return true
    }

    /// Readies `[address, address + count)` for a device to read (`access`
    /// `.read`) or write (`.write`) by DMA, as the kernel's own touch of each
    /// page would: a program page never touched is zero-filled now (a
    /// device reading it would see stale memory, and what a device wrote
    /// there would be zeroed by the program's first touch), and a page the
    /// kernel released is mapped again (`restoreKernelPage`). False when a
    /// page does not allow `access`: the caller's EFAULT.
    public static func prepareForDevice(_ address: UInt, _ count: Int, _ access: PageAccess) -> Bool {
        guard let table, count > 0 else { return true }
        var page = address & ~(pageSize - 1)
        let end = address + UInt(count)
        while page < end {
            let (entry, level) = table.lookup(page)
            // Filling or remapping may change the entry's level (a large
            // untouched entry is split), so the page is looked up again.
            if entry.isAnonymous, !entry.isPopulated {
                guard populate(page, for: access) else { return false }
                continue
            }
            if entry.isReleased {
                guard restoreKernelPage(page) else { return false }
                continue
            }
            guard entry.isLeaf || entry.isAnonymous, entry.allows(access) else { return false }
            // A large entry answers for all of its pages.
            page = (page | (PageTable<PhysicalFrames>.size(ofLevel: level) - 1)) &+ 1
            if page == 0 { break }
        }
        return true
    }

    /// Makes the kernel page at `address` a guard page (below a kernel
    /// stack), or, with `false`, an ordinary kernel page again.
    public static func setGuard(_ address: UInt, _ isGuard: Bool) {
        update(address, pages: 1) { entry, page in entry = isGuard ? .guardPage(page) : .leaf(page, [.read, .write]) }
    }

    /// Drops the contents of program pages: they read as zero again.
    public static func discard(_ address: UInt, pages: Int) {
        update(address, pages: pages) { entry, page in
            if entry.isAnonymous { entry = .anonymous(page, entry.access, populated: false) }
        }
    }

    /// Whether every page of the range is program memory.
    public static func isProgramMemory(_ address: UInt, pages: Int) -> Bool {
        guard let table else { return false }
        for index in 0..<pages where !table.lookup(address + UInt(index) * pageSize).entry.isAnonymous {
            return false
        }
        return true
    }

    /// mprotect(2): program pages in the range take `access`; others are
    /// left as they are.
    public static func protect(_ address: UInt, pages: Int, access: PageAccess) {
        update(address, pages: pages) { entry, page in
            if entry.isAnonymous { entry = .anonymous(page, access, populated: entry.isPopulated) }
        }
    }

    /// The page-fault half of demand-zero memory: when `address` lies in a
    /// program page never touched whose access allows `access`, zero-fills
    /// it (and, when the page below was populated too — a sequential walk —
    /// the untouched pages with the same access after it, up to
    /// `faultAroundPages`) and returns true: the faulting instruction can
    /// run again. Any other fault is a real one.
    public static func populate(_ address: UInt, for access: PageAccess) -> Bool {
        guard storage != nil else { return false }
        let page = address & ~(pageSize - 1)
        let found = storage!.pointee.lookup(page)
        let wanted = found.entry.access
        guard found.entry.isAnonymous, !found.entry.isPopulated, found.entry.allows(access) else { return false }
        let large = PageTable<PhysicalFrames>.size(ofLevel: 1)
        if found.level == 1, page % large == 0, let slot = storage!.pointee.slot(for: page, level: 1) {
            // The first page of a whole untouched 2 MiB block: a walk up
            // through a large mapping, most likely, so the block becomes one
            // 2 MiB page, as Linux's transparent huge pages do. (Stacks,
            // touched from the top, never start here.)
            fill(slot, at: page, count: 1, span: large, access: wanted)
            return true
        }
        guard let slot = storage!.pointee.slot(for: page, level: 0) else { return false }
        var count = 1
        if page >= pageSize {
            let below = storage!.pointee.lookup(page - pageSize).entry
            if below.isAnonymous, below.isPopulated {
                let limit = min(faultAroundPages, 512 - Int((page / pageSize) % 512))
                while count < limit {
                    let next = PageTableEntry(rawValue: slot[count])
                    guard next.isAnonymous, !next.isPopulated, next.access == wanted else { break }
                    count += 1
                }
            }
        }
        fill(slot, at: page, count: count, span: pageSize, access: wanted)
        return true
    }

    /// Zero-fills the `count` entries from `slot` (each `span` bytes, from
    /// `address`) and makes them populated program memory with `access`.
    /// The kernel writes the zeros through the same entries, so pages the
    /// program may not write are writable until they are filled.
    static func fill(_ slot: UnsafeMutablePointer<UInt64>, at address: UInt, count: Int, span: UInt, access: PageAccess) {
        let writable = access.contains(.write)
        for index in 0..<count {
            let target = address + UInt(index) * span
            let entry = writable ? PageTableEntry.anonymous(target, access, populated: true) : .leaf(target, [.read, .write])
            slot[index] = entry.rawValue
        }
        // The entries were invalid; the fence orders the writes before the
        // accesses through them (priv spec 4.2.1).
        Processor.flushAllTranslations()
        Processor.zeroPages(UnsafeMutableRawPointer(bitPattern: address)!, count: count * Int(span / pageSize))
        if !writable {
            for index in 0..<count {
                slot[index] = PageTableEntry.anonymous(address + UInt(index) * span, access, populated: true).rawValue
            }
            Processor.flushAllTranslations()
        }
    }

    @discardableResult
    static func set(_ address: UInt, pages: Int, _ make: (UInt, Int) -> PageTableEntry) -> Bool {
        guard storage != nil else { return true }
        let done = storage!.pointee.setEntries(address, pages: pages, make)
        flush(address, pages: pages)
        return done
    }

    static func flush(_ address: UInt, pages: Int) {
        forgetRecent(address, pages: pages)
        if pages > 64 {
            Processor.flushAllTranslations()
        } else {
            for index in 0..<pages { Processor.flushTranslation(address + UInt(index) * pageSize) }
        }
    }

    @discardableResult
    static func update(_ address: UInt, pages: Int, _ body: (inout PageTableEntry, UInt) -> Void) -> Bool {
        guard storage != nil else { return true }
        let done = storage!.pointee.updateEntries(address, pages: pages) { entry, page in
            body(&entry, page)
        }
        flush(address, pages: pages)
        return done
    }
}
