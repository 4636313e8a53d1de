@testable import Ext2
import LinuxABI
import Testing

/// A disk of 1 KiB blocks whose block `n` holds the byte `n % 251`
/// throughout.
func patternedDisk(blocks: Int, maximumSegments: Int = 8) -> MemoryDisk {
    MemoryDisk((0..<(blocks * 1024)).map { UInt8($0 / 1024 % 251) }, maximumSegments: maximumSegments)
}

struct BlockCacheTests {
    @Test func readsComeFromTheDiskOnceThenFromMemory() throws {
        let disk = patternedDisk(blocks: 64)
        let cache = BlockCache(storage: disk, blockSize: 1024, capacity: 32)
        #expect(try cache.read(5) { $0[0] } == 5)
        #expect(try cache.read(5) { $0[1023] } == 5)
        #expect(disk.reads.count == 1)
        #expect(cache.cachedCount == 1)
    }

    /// Past its capacity the cache drops the least recently used clean
    /// block, never holding more than its capacity.
    @Test func evictsTheLeastRecentlyUsedBlock() throws {
        let disk = patternedDisk(blocks: 64)
        let cache = BlockCache(storage: disk, blockSize: 1024, capacity: 16)
        for block in 1...16 { _ = try cache.read(UInt32(block)) { $0[0] } }
        _ = try cache.read(1) { $0[0] }   // 1 is now the most recent; 2 the least
        _ = try cache.read(17) { $0[0] }
        #expect(cache.cachedCount == 16)
        #expect(cache.contains(1))
        #expect(!cache.contains(2))
        for block in 18...60 { #expect(try cache.read(UInt32(block)) { $0[7] } == UInt8(block)) }
        #expect(cache.cachedCount == 16)
        #expect(disk.reads.count == 60)
    }

    /// A cache whose storage says memory is short keeps to the memory it
    /// has (two chunks at first): prefetching more than fits reads what
    /// fits, and every block still reads right.
    @Test func keepsToItsMemoryWhenItMayNotGrow() throws {
        let disk = patternedDisk(blocks: 400)
        disk.cacheMayGrow = false
        let cache = BlockCache(storage: disk, blockSize: 1024, capacity: 512)
        try cache.prefetch((0..<400).map { UInt32($0) })
        #expect(cache.cachedCount == 128)
        for block in 0..<400 { #expect(try cache.read(UInt32(block)) { $0[9] } == UInt8(block % 251)) }
        #expect(cache.cachedCount == 128)
    }

    /// Changes stay in memory until written back; then each run of
    /// consecutive dirty blocks is one request, at most `maximumSegments`
    /// blocks long, all in one batch.
    @Test func writeBackJoinsConsecutiveBlocks() throws {
        let disk = patternedDisk(blocks: 64, maximumSegments: 8)
        let cache = BlockCache(storage: disk, blockSize: 1024, capacity: 48, dirtyLimit: 40)
        for block in [3, 10, 11, 12] + Array(20..<40) {
            try cache.replace(UInt32(block), zeroed: false) { $0.initializeMemory(as: UInt8.self, repeating: 0xee) }
        }
        try cache.modify(4) { $0[0] = 0xdd }
        #expect(disk.writes.isEmpty)
        #expect(cache.dirtyCount == 25)
        let batches = disk.batches
        try cache.writeBack()
        #expect(disk.batches == batches + 1)
        #expect(disk.writes.map(\.offset) == [3, 10, 20, 28, 36].map { $0 * 1024 })
        #expect(disk.writes.map(\.count) == [2, 3, 8, 8, 4].map { $0 * 1024 })
        #expect(cache.dirtyCount == 0)
        #expect(disk.bytes[4 * 1024] == 0xdd && disk.bytes[4 * 1024 + 1] == 4)
        #expect(disk.bytes[(20 * 1024)..<(40 * 1024)].allSatisfy { $0 == 0xee })
        #expect(disk.bytes[40 * 1024] == 40)
        try cache.writeBack()
        #expect(disk.writes.count == 5)
    }

    /// More dirty blocks than the limit start a write-back by themselves,
    /// and a full cache of dirty blocks writes them before evicting.
    @Test func dirtyLimitAndFullCacheWriteBack() throws {
        let disk = patternedDisk(blocks: 128)
        let cache = BlockCache(storage: disk, blockSize: 1024, capacity: 32, dirtyLimit: 10)
        for block in 1...10 { try cache.modify(UInt32(block)) { $0[0] = 0xaa } }
        #expect(disk.writes.isEmpty)
        try cache.modify(11) { $0[0] = 0xaa }
        #expect(!disk.writes.isEmpty)
        #expect(cache.dirtyCount == 0)
        for block in 1...11 { #expect(disk.bytes[block * 1024] == 0xaa) }
        // Reading through far more blocks than the cache holds keeps what
        // was written.
        for block in 12...127 { _ = try cache.read(UInt32(block)) { $0[0] } }
        #expect(cache.cachedCount <= 32)
        #expect(try cache.read(5) { $0[0] } == 0xaa)
    }

    /// A freed block's changes are never written; a dropped clean block is
    /// read again.
    @Test func forgetAndDrop() throws {
        let disk = patternedDisk(blocks: 16)
        let cache = BlockCache(storage: disk, blockSize: 1024, capacity: 16)
        try cache.modify(3) { $0[0] = 0x77 }
        cache.forget(3)
        try cache.writeBack()
        #expect(disk.writes.isEmpty)
        #expect(try cache.read(3) { $0[0] } == 3)
        cache.dropIfClean(3)
        #expect(!cache.contains(3))
        try cache.modify(4) { $0[0] = 0x44 }
        cache.dropIfClean(4)
        #expect(cache.contains(4))
    }

    /// A failed read leaves nothing behind.
    @Test func failedPrefetchLeavesTheCacheAsItWas() throws {
        let disk = patternedDisk(blocks: 8)
        let cache = BlockCache(storage: disk, blockSize: 1024, capacity: 16)
        #expect(throws: Errno.EIO) { try cache.prefetch([6, 7, 8, 9]) }
        #expect(cache.cachedCount == 0)
        try cache.prefetch([6, 7, 2])
        #expect(cache.cachedCount == 3)
        #expect(disk.reads.map(\.count) == [1024, 2048])
    }
}

@Suite(.enabled(if: E2fsprogs.tool("mke2fs") != nil && E2fsprogs.tool("e2fsck") != nil))
struct Ext2CacheTests {
    /// A file written sequentially: nothing reaches the disk before sync
    /// (but the mount's mark that the volume is not clean); then its
    /// blocks, allocated one after another, go out in requests as long as
    /// the disk takes, followed by one flush, and e2fsck finds the volume
    /// clean. Unmounting marks it clean.
    @Test func syncWritesEverythingInLongRuns() throws {
        let disk = MemoryDisk(try E2fsprogs.image(size: "8M", blockSize: 4096, files: [:]), maximumSegments: 32)
        #expect(disk.bytes[1024 + 58] & 1 == 1)   // s_state: EXT2_VALID_FS
        let volume = try Ext2Volume(storage: disk, now: { 1_700_000_000 })
        #expect(disk.bytes[1024 + 58] & 1 == 0)
        let mounted = disk.writes.count
        let file = try withName("data.bin") { try volume.create(Ext2Volume.rootInode, $0, mode: 0o100644) }
        let chunk = (0..<65536).map { UInt8($0 % 253) }
        for index in 0..<16 {
            _ = try chunk.withUnsafeBytes { try volume.write(file, at: UInt64(index * chunk.count), from: $0) }
        }
        #expect(disk.writes.count == mounted)
        try volume.sync()
        #expect(disk.flushes == 1)
        #expect(volume.cache.dirtyCount == 0)
        // 1 MiB of data in requests of 32 blocks (128 KiB).
        let longest = disk.writes.map(\.count).max() ?? 0
        #expect(longest == 32 * 4096)
        #expect(disk.writes.filter { $0.count == longest }.count >= 7)
        let check = try E2fsprogs.check(disk.bytes)
        #expect(check.status == 0, "\(check.output)")
        // What a fresh mount reads is what was written.
        let fresh = try Ext2Volume(storage: disk, now: { 1_700_000_000 })
        var readAhead = Ext2ReadAhead()
        var buffer = [UInt8](repeating: 0, count: 16 * chunk.count)
        #expect(try buffer.withUnsafeMutableBytes { try fresh.read(file, at: 0, into: $0, readAhead: &readAhead) } == buffer.count)
        #expect(buffer == Array((0..<16).map { _ in chunk }.joined()))
        try volume.unmount()
        #expect(disk.bytes[1024 + 58] & 1 == 1)
    }

    /// Sequential reads fetch ahead, in long requests; random reads fetch
    /// only what they need.
    @Test func sequentialReadsFetchAhead() throws {
        let disk = MemoryDisk(try E2fsprogs.image(size: "8M", blockSize: 4096, files: [:]), maximumSegments: 64)
        var volume = try Ext2Volume(storage: disk, now: { 1_700_000_000 })
        let file = try withName("data.bin") { try volume.create(Ext2Volume.rootInode, $0, mode: 0o100644) }
        let contents = (0..<(2 << 20)).map { UInt8($0 / 4096 % 199) }
        _ = try contents.withUnsafeBytes { try volume.write(file, at: 0, from: $0) }
        try volume.sync()
        // A fresh volume: a cold cache.
        volume = try Ext2Volume(storage: disk, now: { 1_700_000_000 })
        disk.requests.removeAll()
        var readAhead = Ext2ReadAhead()
        var buffer = [UInt8](repeating: 0, count: 65536)
        for index in 0..<32 {
            let count = try buffer.withUnsafeMutableBytes {
                try volume.read(file, at: UInt64(index * 65536), into: $0, readAhead: &readAhead)
            }
            #expect(count == 65536)
            #expect(buffer[...] == contents[(index * 65536)..<((index + 1) * 65536)])
        }
        // 2 MiB in far fewer requests than its 32 reads.
        let dataReads = disk.reads.filter { $0.count > 4096 }
        #expect(dataReads.count <= 12)
        #expect(dataReads.reduce(0) { $0 + $1.count } >= 2 << 20 - 65536)
        disk.requests.removeAll()
        var random = Ext2ReadAhead()
        try volume.dropCachedData(file, from: 0, to: .max)
        for block in [300, 17, 411, 95] {
            _ = try buffer.withUnsafeMutableBytes {
                try volume.read(file, at: UInt64(block * 4096), into: UnsafeMutableRawBufferPointer(rebasing: $0[..<4096]),
                                readAhead: &random)
            }
            #expect(buffer[0] == UInt8(block % 199))
        }
        #expect(disk.reads.allSatisfy { $0.count == 4096 })
    }
}

extension Ext2CacheTests {
    /// A cache far smaller than the file: one read and one write of the
    /// whole file still work, and so does reading it back in pieces.
    @Test func filesLargerThanTheCache() throws {
        let disk = MemoryDisk(try E2fsprogs.image(size: "8M", blockSize: 4096, files: [:]))
        let volume = try Ext2Volume(storage: disk, cacheBytes: 16 * 4096, now: { 1_700_000_000 })
        #expect(volume.cache.capacity == 16)
        let file = try withName("big") { try volume.create(Ext2Volume.rootInode, $0, mode: 0o100644) }
        let contents = (0..<(1 << 20)).map { UInt8($0 / 4096 % 251) }
        #expect(try contents.withUnsafeBytes { try volume.write(file, at: 0, from: $0) } == contents.count)
        var buffer = [UInt8](repeating: 0, count: contents.count)
        var readAhead = Ext2ReadAhead()
        #expect(try buffer.withUnsafeMutableBytes { try volume.read(file, at: 0, into: $0, readAhead: &readAhead) }
            == contents.count)
        #expect(buffer == contents)
        try volume.sync()
        let fresh = try Ext2Volume(storage: disk, cacheBytes: 16 * 4096, now: { 1_700_000_000 })
        buffer = [UInt8](repeating: 0, count: contents.count)
        readAhead = Ext2ReadAhead()
        for piece in 0..<16 {
            let range = (piece * 65536)..<((piece + 1) * 65536)
            _ = try buffer.withUnsafeMutableBytes {
                try fresh.read(file, at: UInt64(range.lowerBound), into: UnsafeMutableRawBufferPointer(rebasing: $0[range]),
                               readAhead: &readAhead)
            }
        }
        #expect(buffer == contents)
        let check = try E2fsprogs.check(disk.bytes)
        #expect(check.status == 0, "\(check.output)")
    }
}

@Suite(.enabled(if: E2fsprogs.tool("mke2fs") != nil && E2fsprogs.tool("e2fsck") != nil))
struct DirectoryIndexTests {
    /// Names made, removed, renamed and relinked in a directory of several
    /// blocks: what the volume answers through its index matches what a
    /// fresh volume reads from the disk record by record, gaps left by
    /// removals are reused, and e2fsck finds the result clean — with the
    /// index, without it (a limit too small for the directory), and with
    /// indexes evicted between operations.
    @Test(arguments: [1 << 16, 10], [64, 1])
    func indexAgreesWithTheDisk(nameLimit: Int, indexLimit: Int) throws {
        let disk = MemoryDisk(try E2fsprogs.image(size: "8M", blockSize: 1024, files: [:]))
        let volume = try Ext2Volume(storage: disk, now: { 1_700_000_000 })
        volume.indexedNameLimit = nameLimit
        volume.indexLimit = indexLimit
        let root = Ext2Volume.rootInode
        let other = try withName("other") { try volume.create(root, $0, mode: 0o040755) }
        var expected: [String: UInt32] = [:]
        for index in 0..<300 {
            let name = "file-with-a-longish-name-\(index)"
            expected[name] = try withName(name) { try volume.create(root, $0, mode: 0o100644) }
            if index % 50 == 0 { _ = try withName("other") { try volume.lookup(root, $0) } }
        }
        #expect(throws: Errno.EEXIST) { try withName("file-with-a-longish-name-7") { try volume.create(root, $0, mode: 0o100644) } }
        for index in stride(from: 0, to: 300, by: 3) {
            let name = "file-with-a-longish-name-\(index)"
            try withName(name) { try volume.remove(root, $0, directory: false) }
            expected[name] = nil
        }
        for index in stride(from: 1, to: 300, by: 7) where index % 3 != 0 {
            let name = "file-with-a-longish-name-\(index)", new = "renamed-\(index)"
            try withName(name) { old in try withName(new) { try volume.rename(root, old, to: root, as: $0) } }
            expected[new] = expected.removeValue(forKey: name)
        }
        try withName("file-with-a-longish-name-2") { old in
            try withName("moved") { try volume.rename(root, old, to: other, as: $0) }
        }
        let moved = expected.removeValue(forKey: "file-with-a-longish-name-2")
        let size = try volume.inode(root).size
        for index in 0..<60 {
            let name = "new-\(index)"
            expected[name] = try withName(name) { try volume.create(root, $0, mode: 0o100644) }
        }
        // The 100 records removed left room for the 60 new ones.
        #expect(try volume.inode(root).size == size)
        try withName("new-3") { try volume.link(other, $0, to: try #require(expected["new-3"])) }

        for (name, child) in expected { #expect(try withName(name) { try volume.lookup(root, $0) } == child, "\(name)") }
        #expect(try withName("file-with-a-longish-name-0") { try volume.lookup(root, $0) } == nil)
        #expect(try withName("moved") { try volume.lookup(other, $0) } == moved)
        try volume.sync()
        let fresh = try Ext2Volume(storage: disk, now: { 1_700_000_000 })
        fresh.indexedNameLimit = 0
        var names: [String: UInt32] = [:]
        try fresh.forEachEntry(root) { child, _, name, _ in
            names[String(decoding: name, as: UTF8.self)] = child
            return true
        }
        #expect(names.filter { ![".", "..", "lost+found", "other"].contains($0.key) } == expected)
        let check = try E2fsprogs.check(disk.bytes)
        #expect(check.status == 0, "\(check.output)")
    }
}
