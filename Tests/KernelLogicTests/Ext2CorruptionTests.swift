import Ext2
import LinuxABI
import Testing

/// Volumes a damaged or hostile disk presents: each is refused at mount
/// (EINVAL) or answers EIO or ENOSPC where it is wrong, and never traps.
/// Several were found by the host fuzzer (Fuzz/Ext2Fuzzer.swift).
@Suite(.enabled(if: E2fsprogs.tool("mke2fs") != nil))
struct Ext2CorruptionTests {
    static let superblock = 1024
    /// The group descriptor table of a 1 KiB-block volume: block 2.
    static let descriptors = 2048

    /// A 1 KiB-block volume of `size` holding a.txt and dir/b.txt.
    static func image(size: String = "1M") throws -> [UInt8] {
        try E2fsprogs.image(size: size, blockSize: 1024, files: ["a.txt": "a\n", "dir/b.txt": "b\n"])
    }

    static func store32(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    static func store16(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt16) {
        for index in 0..<2 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    static func mount(_ bytes: [UInt8]) throws -> Ext2Volume {
        try Ext2Volume(storage: MemoryDisk(bytes), now: { 1_700_000_000 })
    }

    /// Superblock fields (offset in the superblock, value) that make no
    /// volume: block size 2^17 KiB, no blocks or inodes per group, 64-byte
    /// inodes, a block count at the first data block, an unknown
    /// incompatible feature, and 2^32 blocks in groups of 8, whose
    /// descriptors alone would take 16 MiB (the count overflowed UInt32
    /// before).
    @Test(arguments: [[(24, 17)], [(32, 0)], [(40, 0)], [(88, 64)], [(4, 1)], [(96, 0x10)],
                      [(4, 0xffff_ffff), (32, 8)]] as [[(Int, UInt32)]])
    func badSuperblockIsRefused(_ fields: [(Int, UInt32)]) throws {
        var bytes = try Self.image()
        for (offset, value) in fields {
            if offset == 88 {
                Self.store16(&bytes, Self.superblock + offset, UInt16(value))
            } else {
                Self.store32(&bytes, Self.superblock + offset, value)
            }
        }
        #expect(throws: Errno.EINVAL) { try Self.mount(bytes) }
    }

    /// Found by the fuzzer: reading a sparse file where its double
    /// indirect table is missing took the slot in the missing table for
    /// one in the whole tree, and the read looped or trapped.
    @Test func sparseFileReadsZerosPastAMissingDoubleIndirectTable() throws {
        let volume = try Self.mount(try Self.image())
        let file = try withName("sparse") { try volume.create(Ext2Volume.rootInode, $0, mode: 0o100644) }
        try volume.resize(file, to: 1 << 20)
        // Logical block 525: past 12 direct and 256 single indirect
        // blocks, slot 257 of the double indirect tree, in its 2nd table.
        var bytes = [UInt8](repeating: 0xff, count: 4096)
        var readAhead = Ext2ReadAhead()
        let count = try bytes.withUnsafeMutableBytes { try volume.read(file, at: 525 * 1024, into: $0, readAhead: &readAhead) }
        #expect(count == 4096)
        #expect(bytes.allSatisfy { $0 == 0 })
    }

    /// An inode count past what the groups hold names inodes no table has.
    @Test func inodeCountPastItsGroupsIsEIO() throws {
        var bytes = try Self.image()
        Self.store32(&bytes, Self.superblock + 0, 0xffff_ffff)
        let volume = try Self.mount(bytes)
        #expect(throws: Errno.EIO) { try volume.inode(0x8000_0000) }
    }

    /// A group's inode table placed at the last block number: the blocks
    /// after it overflowed.
    @Test func inodeTableAtTheEndOfBlockNumbersIsEIO() throws {
        var bytes = try Self.image()
        Self.store32(&bytes, Self.descriptors + 8, 0xffff_fffe)
        let volume = try Self.mount(bytes)
        #expect(throws: Errno.EIO) { try volume.inode(20) }
    }

    /// An inode count below what the first group holds leaves the groups
    /// after it no inodes (the count of bits went negative); with the
    /// first group full, a new file finds no room.
    @Test func inodeCountBelowItsGroupsIsENOSPC() throws {
        var bytes = try Self.image(size: "20M")
        Self.store32(&bytes, Self.superblock + 0, 100)
        Self.store16(&bytes, Self.descriptors + 14, 0)   // group 0: no free inodes
        let volume = try Self.mount(bytes)
        #expect(throws: Errno.ENOSPC) {
            try withName("new") { try volume.create(Ext2Volume.rootInode, $0, mode: 0o100644) }
        }
    }

    /// A block pointer past the end of the volume is an I/O error.
    @Test func blockPointerPastTheEndIsEIO() throws {
        let volume = try Self.mount(try Self.image())
        let file = try #require(try withName("a.txt") { try volume.lookup(Ext2Volume.rootInode, $0) })
        var inode = try volume.inode(file)
        inode.blocks[0] = 0xffff_fff0
        try volume.writeInode(file, inode)
        var bytes = [UInt8](repeating: 0, count: 16)
        var readAhead = Ext2ReadAhead()
        #expect(throws: Errno.EIO) {
            try bytes.withUnsafeMutableBytes { try volume.read(file, at: 0, into: $0, readAhead: &readAhead) }
        }
    }

    /// Found by the fuzzer: a directory whose size runs past its blocks
    /// was walked hole by hole (seconds for a lookup); a hole in a
    /// directory is EIO, as Linux's ext2 finds it.
    @Test func directoryHoleIsEIO() throws {
        let volume = try Self.mount(try Self.image())
        let directory = try #require(try withName("dir") { try volume.lookup(Ext2Volume.rootInode, $0) })
        var inode = try volume.inode(directory)
        inode.size = 64 << 20
        try volume.writeInode(directory, inode)
        #expect(throws: Errno.EIO) { try withName("missing") { try volume.lookup(directory, $0) } }
    }
}
