import PageTables
import Testing

/// Table frames from the host heap; a frame's address stands for its
/// physical address, as under the kernel's identity map.
struct HostFrames: PageTableFrames {
    var allocated = 0
    var limit = Int.max

    mutating func allocateFrame() -> UnsafeMutablePointer<UInt64>? {
        guard allocated < limit else { return nil }
        allocated += 1
        let frame = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 4096)
        frame.initializeMemory(as: UInt8.self, repeating: 0, count: 4096)
        return frame.bindMemory(to: UInt64.self, capacity: 512)
    }

    mutating func freeFrame(_ frame: UnsafeMutablePointer<UInt64>) {
        allocated -= 1
        UnsafeMutableRawPointer(frame).deallocate()
    }
}

struct PageTableEntryTests {
    @Test func leafCarriesAddressAndAccess() {
        let entry = PageTableEntry.leaf(0x8020_3000, [.read, .execute])
        #expect(entry.isValid && entry.isLeaf && !entry.isTable)
        #expect(entry.physicalAddress == 0x8020_3000)
        #expect(entry.access == [.read, .execute])
        // A, G set; D only on writable pages; never U.
        #expect(entry.rawValue & 0xff == 0b0110_1011)
        #expect(PageTableEntry.leaf(0x1000, [.read, .write]).rawValue & 0xff == 0b1110_0111)
    }

    @Test func tableEntryHasNoAccessBits() {
        let entry = PageTableEntry.table(0x8040_0000)
        #expect(entry.isTable && !entry.isLeaf)
        #expect(entry.rawValue == (0x8040_0000 >> 12) << 10 | 1)
    }

    @Test func untouchedAnonymousPageFaultsButRemembersAccess() {
        let entry = PageTableEntry.anonymous(0x9000_0000, [.read, .write], populated: false)
        #expect(!entry.isValid)
        #expect(entry.isAnonymous && !entry.isPopulated)
        #expect(entry.access == [.read, .write])
        #expect(entry.physicalAddress == 0x9000_0000)
    }

    @Test func populatedAnonymousPageIsValidUnlessNoAccess() {
        let readable = PageTableEntry.anonymous(0x9000_0000, [.read], populated: true)
        #expect(readable.isLeaf && readable.isPopulated && readable.access == [.read])
        let none = PageTableEntry.anonymous(0x9000_0000, .none, populated: true)
        #expect(!none.isValid && none.isPopulated)
    }

    @Test func guardPageIsNeitherValidNorProgramMemory() {
        let entry = PageTableEntry.guardPage(0x8000_1000)
        #expect(entry.isGuard && !entry.isValid && !entry.isAnonymous)
        #expect(!PageTableEntry.anonymous(0x8000_1000, .none, populated: true).isGuard)
        #expect(!PageTableEntry.empty.isGuard)
    }

    @Test func protectionBitsBecomeAccess() {
        #expect(PageAccess(protection: 0) == .none)
        #expect(PageAccess(protection: 1) == [.read])
        #expect(PageAccess(protection: 2) == [.read, .write])
        #expect(PageAccess(protection: 4) == [.execute])
        #expect(PageAccess(protection: 7) == [.read, .write, .execute])
    }
}

struct PageTableTests {
    @Test func largePagesWhereAlignmentAllows() {
        var table = PageTable(frames: HostFrames())!
        // 1 GiB + 2 MiB + 4 KiB, starting 1 GiB aligned: one of each size.
        let size: UInt = (1 << 30) + (2 << 20) + 4096
        let mapped = table.map(0x4000_0000, size: size, access: [.read, .write])
        #expect(mapped)
        let giga = table.lookup(0x4000_0000 + 12345)
        #expect(giga.level == 2 && giga.entry.isLeaf && giga.entry.physicalAddress == 0x4000_0000)
        let mega = table.lookup(0x8000_0000 + 4096)
        #expect(mega.level == 1 && mega.entry.physicalAddress == 0x8000_0000)
        let small = table.lookup(0x8020_0000)
        #expect(small.level == 0 && small.entry.physicalAddress == 0x8020_0000)
        #expect(!table.lookup(0x8020_1000).entry.isValid)
        #expect(table.frames.allocated == 3)   // root, one level-1 table, one level-0 table
    }

    @Test func largestLevelLimitsPageSize() {
        var table = PageTable(frames: HostFrames())!
        let mapped = table.map(0x8020_0000, size: 2 << 20, access: [.read, .execute], largestLevel: 0)
        #expect(mapped)
        #expect(table.lookup(0x8030_0000).level == 0)
    }

    @Test func unmappedAddressEndsAtInvalidEntry() {
        let table = PageTable(frames: HostFrames())!
        let result = table.lookup(0)
        #expect(!result.entry.isValid && result.level == 2)
    }

    @Test func splittingKeepsTheMapping() {
        var table = PageTable(frames: HostFrames())!
        let mapped = table.map(0x8000_0000, size: 1 << 30, access: [.read, .write])
        #expect(mapped)
        // Change one page in the middle: the gigapage becomes 512 megapages,
        // one of which becomes 512 small pages; all others stay as they were.
        let updated = table.updateEntries(0x8123_4000, pages: 1) { entry, _ in
            entry = PageTableEntry.leaf(entry.physicalAddress, [.read])
        }
        #expect(updated)
        #expect(table.lookup(0x8123_4000).entry.access == [.read])
        #expect(table.lookup(0x8123_4000).level == 0)
        for address: UInt in [0x8000_0000, 0x8123_3000, 0x8123_5000, 0xbfff_f000] {
            let (entry, _) = table.lookup(address)
            #expect(entry.isLeaf && entry.access == [.read, .write])
            #expect(entry.physicalAddress == address & ~(PageTable<HostFrames>.size(ofLevel: table.lookup(address).level) - 1))
        }
        #expect(table.lookup(0x8123_5000).entry.physicalAddress == 0x8123_5000)
        #expect(table.lookup(0x8020_0000).level == 1)
    }

    @Test func updateCrossesTableBoundaries() {
        var table = PageTable(frames: HostFrames())!
        var visited: [UInt] = []
        // 3 pages before a 2 MiB boundary and 2 after.
        let updated = table.updateEntries(0x801f_d000, pages: 5) { entry, address in
            visited.append(address)
            entry = PageTableEntry.anonymous(address, [.read, .write], populated: false)
        }
        #expect(updated)
        #expect(visited == [0x801f_d000, 0x801f_e000, 0x801f_f000, 0x8020_0000, 0x8020_1000])
        for address in visited {
            let entry = table.lookup(address).entry
            #expect(entry.isAnonymous && !entry.isValid && entry.physicalAddress == address)
        }
        #expect(!table.lookup(0x8020_2000).entry.isAnonymous)
    }

    @Test func largeInvalidEntriesSplitIntoTheirPages() {
        var table = PageTable(frames: HostFrames())!
        // 2 MiB + 2 pages of untouched program memory from a 2 MiB boundary:
        // one level-1 entry, two level-0 entries.
        let reserved = table.setEntries(0x8040_0000, pages: 514) { address, _ in
            .anonymous(address, [.read, .write], populated: false)
        }
        #expect(reserved)
        #expect(table.lookup(0x8050_0000).level == 1)
        #expect(table.lookup(0x8060_1000).level == 0)
        // Asking for one page's slot splits the large entry; each part keeps
        // the bits and gets its own address.
        let slot = table.slot(for: 0x8050_0000, level: 0)
        #expect(slot != nil)
        let (entry, level) = table.lookup(0x8050_0000)
        #expect(level == 0 && entry.isAnonymous && entry.physicalAddress == 0x8050_0000 && !entry.isValid)
        #expect(table.lookup(0x8040_0000).entry.physicalAddress == 0x8040_0000)
    }

    @Test func replacedTablesAreFreed() {
        var table = PageTable(frames: HostFrames())!
        let mapped = table.map(0x8000_0000, size: 4 << 20, access: [.read, .write], largestLevel: 0)
        #expect(mapped)
        #expect(table.frames.allocated == 4)   // root, level 1, two level 0
        let remapped = table.map(0x8000_0000, size: 4 << 20, access: [.read, .write])
        #expect(remapped)
        #expect(table.frames.allocated == 2)
        #expect(table.lookup(0x8010_0000).level == 1)
    }

    @Test func runningOutOfFramesFails() {
        var table = PageTable(frames: HostFrames(limit: 2))!
        let mapped = table.map(0x8000_0000, size: 4096, access: [.read])
        #expect(!mapped)
    }
}
