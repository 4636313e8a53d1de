/// Pages for page tables: a zero-filled, 4 KiB aligned frame whose address
/// is both its physical address and a pointer the kernel may use (the
/// kernel maps RAM at its own address).
public protocol PageTableFrames {
    mutating func allocateFrame() -> UnsafeMutablePointer<UInt64>?
    mutating func freeFrame(_ frame: UnsafeMutablePointer<UInt64>)
}

/// An Sv39 page table (RISC-V privileged spec 4.4): three levels of 512
/// entries; a leaf at level 2 maps 1 GiB, at level 1 2 MiB, at level 0
/// 4 KiB. The logic is hardware-free: the caller writes `satp` and fences.
public struct PageTable<Frames: PageTableFrames> {
    public static var pageSize: UInt { 4096 }
    public static var levels: Int { 3 }

    /// The root table (level 2).
    public let root: UnsafeMutablePointer<UInt64>
    public var frames: Frames

    public init?(frames: Frames) {
        var frames = frames
        guard let root = frames.allocateFrame() else { return nil }
        self.root = root
        self.frames = frames
    }

    /// Bytes one entry at `level` covers.
    public static func size(ofLevel level: Int) -> UInt { 1 << (12 + 9 * UInt(level)) }

    static func index(_ address: UInt, level: Int) -> Int { Int((address >> (12 + 9 * UInt(level))) & 511) }

    static func table(_ entry: PageTableEntry) -> UnsafeMutablePointer<UInt64> {
        UnsafeMutablePointer<UInt64>(bitPattern: entry.physicalAddress)!
    }

    /// Maps `[start, start + size)` with `access` to the physical memory
    /// `offset` bytes below it (at its own address by default), in the
    /// largest pages (up to `largestLevel`) that alignment allows. Both
    /// values must be page aligned, and `offset` a multiple of the largest
    /// page used. False when a frame for a table was not to be had.
    public mutating func map(
        _ start: UInt, size: UInt, access: PageAccess, offset: UInt = 0, largestLevel: Int = 2
    ) -> Bool {
        setEntries(start, pages: Int(size / Self.pageSize), largestLevel: largestLevel) { address, _ in
            .leaf(address &- offset, access)
        }
    }

    /// Sets the entries for `pages` pages from `start` to `make(address,
    /// level)`, using one entry at level 1 or 2 wherever it covers an
    /// aligned part of the range (up to `largestLevel`) and 4 KiB entries
    /// elsewhere. Such an entry may be a leaf, or an invalid entry whose
    /// software bits stand for all the pages it covers (split on demand,
    /// `slot(for:level:)`). Tables it replaces are freed. `make` is asked
    /// for the first entry of each run in one table; the others are the
    /// same bits with the address advanced, so the entry's address must
    /// follow its argument (at its own address, or a fixed offset away).
    public mutating func setEntries(
        _ start: UInt, pages: Int, largestLevel: Int = 2, _ make: (UInt, Int) -> PageTableEntry
    ) -> Bool {
        var address = start
        let end = start + UInt(pages) * Self.pageSize
        while address < end {
            var level = largestLevel
            while level > 0 {
                let span = Self.size(ofLevel: level)
                if address % span == 0, end - address >= span { break }
                level -= 1
            }
            guard let slot = slot(for: address, level: level) else { return false }
            let span = Self.size(ofLevel: level)
            // Entries of one table at this level, up to where a larger
            // entry may fit again.
            let count = min(Int((end - address) / span), 512 - Self.index(address, level: level))
            let first = make(address, level).rawValue
            let step = UInt64(span >> 12) << 10
            for index in 0..<count {
                let old = PageTableEntry(rawValue: slot[index])
                if level > 0, old.isTable { freeTable(old, level: level) }
                slot[index] = first &+ UInt64(index) &* step
            }
            address += UInt(count) * span
        }
        return true
    }

    /// Frees the table `entry` points to, at `level`, and those below it.
    mutating func freeTable(_ entry: PageTableEntry, level: Int) {
        guard entry.isTable else { return }
        let table = Self.table(entry)
        if level > 1 {
            for index in 0..<512 { freeTable(PageTableEntry(rawValue: table[index]), level: level - 1) }
        }
        frames.freeFrame(table)
    }

    /// The entry a walk for `address` ends at (a leaf, or the invalid entry
    /// where it stops) and its level.
    public func lookup(_ address: UInt) -> (entry: PageTableEntry, level: Int) {
        var table = root
        var level = Self.levels - 1
        while true {
            let entry = PageTableEntry(rawValue: table[Self.index(address, level: level)])
            guard entry.isTable, level > 0 else { return (entry, level) }
            table = Self.table(entry)
            level -= 1
        }
    }

    /// The slot at `level` for `address`, creating tables on the way down
    /// and splitting larger entries into tables of smaller ones that say
    /// the same: a leaf into leaves mapping the same memory the same way,
    /// an invalid entry with software bits into entries with the same bits
    /// for each part.
    public mutating func slot(for address: UInt, level target: Int) -> UnsafeMutablePointer<UInt64>? {
        var table = root
        var level = Self.levels - 1
        while level > target {
            let slot = table + Self.index(address, level: level)
            let entry = PageTableEntry(rawValue: slot.pointee)
            if !entry.isTable {
                guard let next = frames.allocateFrame() else { return nil }
                if entry.rawValue != 0 {
                    let step = UInt64(Self.size(ofLevel: level - 1) >> 12) << 10
                    for index in 0..<512 { next[index] = entry.rawValue + UInt64(index) * step }
                }
                slot.pointee = PageTableEntry.table(UInt(bitPattern: next)).rawValue
            }
            table = Self.table(PageTableEntry(rawValue: slot.pointee))
            level -= 1
        }
        return table + Self.index(address, level: target)
    }

    /// Calls `body` with each 4 KiB entry of `pages` pages from `start`
    /// (page aligned), splitting larger pages first. Entries that share a
    /// table are visited without walking again. False when a table frame
    /// was not to be had.
    public mutating func updateEntries(
        _ start: UInt, pages: Int, _ body: (inout PageTableEntry, UInt) -> Void
    ) -> Bool {
        var address = start
        var remaining = pages
        while remaining > 0 {
            guard let first = slot(for: address, level: 0) else { return false }
            let inTable = min(remaining, 512 - Self.index(address, level: 0))
            for index in 0..<inTable {
                var entry = PageTableEntry(rawValue: first[index])
                body(&entry, address + UInt(index) * Self.pageSize)
                first[index] = entry.rawValue
            }
            address += UInt(inTable) * Self.pageSize
            remaining -= inTable
        }
        return true
    }
}
