import LinuxABI

/// Where an ext2 volume's bytes live: whole 512-byte sectors at byte
/// offsets (a virtio-blk disk in the kernel, memory in host tests).
public protocol Ext2Storage: AnyObject {
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(Errno)
    func write(at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(Errno)
    /// Returns once everything written is on stable storage.
    func flush() throws(Errno)
}

/// An inode's fields this driver uses (the rest of the on-disk inode is
/// kept as it is when the inode is written back).
public struct Ext2Inode {
    public var mode: UInt16 = 0
    public var uid: UInt16 = 0
    public var size: UInt64 = 0
    public var accessTime: UInt32 = 0
    public var changeTime: UInt32 = 0
    public var modificationTime: UInt32 = 0
    /// Nanoseconds of the three times, kept where the inode is large
    /// enough (the ext4 layout's `i_*time_extra`, which e2fsprogs knows).
    public var accessNanoseconds: UInt32 = 0
    public var changeNanoseconds: UInt32 = 0
    public var modificationNanoseconds: UInt32 = 0
    public var deletionTime: UInt32 = 0
    public var gid: UInt16 = 0
    public var linkCount: UInt16 = 0
    /// 512-byte units allocated, indirect blocks included.
    public var sectors: UInt32 = 0
    public var flags: UInt32 = 0
    /// 12 direct, single, double and triple indirect block numbers — or,
    /// for a fast symbolic link, the target itself (60 bytes).
    public var blocks = [UInt32](repeating: 0, count: 15)

    public init() {}

    public var type: UInt16 { mode & 0xf000 }
    public var isDirectory: Bool { type == 0x4000 }
    public var isSymbolicLink: Bool { type == 0xa000 }
    public var isRegular: Bool { type == 0x8000 }
}

/// An ext2 file system (revision 1, "The Second Extended File System",
/// Poirier, and Linux's fs/ext2): superblock at byte 1024, block groups
/// each with a block bitmap, an inode bitmap and an inode table, files
/// mapped by 12 direct and three levels of indirect blocks, directories as
/// linked records. Every change is written through at once (metadata and
/// data), in an order that leaves at worst leaked blocks, never a
/// reference to a free one; `sync` then only flushes the disk's cache.
///
/// Chosen over FAT (no owners, modes, links or symbolic links) and ext4
/// (extents, journal, checksums: far more code for the same programs):
/// e2fsprogs makes (`mke2fs -d`), checks (`e2fsck`) and reads (`debugfs`)
/// ext2 images on any Linux host. Incompatible features other than
/// FILETYPE are refused; read-only-compatible ones other than
/// SPARSE_SUPER and LARGE_FILE make the volume read-only.
public final class Ext2Volume {
    public static let rootInode: UInt32 = 2
    static let magic: UInt16 = 0xef53
    static let incompatibleFileType: UInt32 = 0x2
    static let readOnlyCompatibleKnown: UInt32 = 0x1 | 0x2    // SPARSE_SUPER, LARGE_FILE
    static let indexedDirectoryFlag: UInt32 = 0x1000           // EXT2_INDEX_FL

    let storage: Ext2Storage
    public let blockSize: Int
    let inodeSize: Int
    let inodesPerGroup: UInt32
    let blocksPerGroup: UInt32
    let firstDataBlock: UInt32
    public let blockCount: UInt32
    public let inodeCount: UInt32
    public let isReadOnly: Bool
    /// The superblock's 1024 bytes, and each group's 32-byte descriptor.
    var superblock: [UInt8]
    var groups: [UInt8]
    let groupCount: Int
    /// Seconds since the epoch, for inode times.
    let now: () -> UInt32
    /// Whether inode `number` is open: a file unlinked while open keeps
    /// its blocks until `releaseIfUnlinked` after the last close.
    public var isOpen: (UInt32) -> Bool = { _ in false }

    public init(storage: Ext2Storage, readOnly: Bool = false, now: @escaping () -> UInt32) throws(Errno) {
        self.storage = storage
        self.now = now
        let superblock = try Self.readBytes(storage, at: 1024, count: 1024)
        func u32(_ offset: Int) -> UInt32 { Self.load32(superblock, offset) }
        guard Self.load16(superblock, 56) == Self.magic, u32(76) >= 1 else { throw .EINVAL }
        guard u32(96) & ~Self.incompatibleFileType == 0 else { throw .EINVAL }
        inodeCount = u32(0)
        blockCount = u32(4)
        firstDataBlock = u32(20)
        blockSize = 1024 << Int(u32(24))
        blocksPerGroup = u32(32)
        inodesPerGroup = u32(40)
        inodeSize = Int(Self.load16(superblock, 88))
        guard blockSize <= 65536, inodeSize >= 128, blocksPerGroup > 0, inodesPerGroup > 0 else { throw .EINVAL }
        isReadOnly = readOnly || u32(100) & ~Self.readOnlyCompatibleKnown != 0
        groupCount = Int((blockCount - firstDataBlock + blocksPerGroup - 1) / blocksPerGroup)
        self.superblock = superblock
        let tableBytes = (groupCount * 32 + blockSize - 1) / blockSize * blockSize
        groups = try Self.readBytes(storage, at: UInt64(firstDataBlock + 1) * UInt64(blockSize), count: tableBytes)
    }

    // MARK: Raw access

    static func load16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func load32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(load16(bytes, offset)) | UInt32(load16(bytes, offset + 2)) << 16
    }

    static func store16(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt16) {
        bytes[offset] = UInt8(truncatingIfNeeded: value)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
    }

    static func store32(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
        store16(&bytes, offset, UInt16(truncatingIfNeeded: value))
        store16(&bytes, offset + 2, UInt16(truncatingIfNeeded: value >> 16))
    }

    static func readBytes(_ storage: Ext2Storage, at offset: UInt64, count: Int) throws(Errno) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var failure: Errno?
        bytes.withUnsafeMutableBytes { buffer in
            do throws(Errno) { try storage.read(at: offset, into: buffer) } catch { failure = error }
        }
        if let failure { throw failure }
        return bytes
    }

    func writeBytes(at offset: UInt64, _ bytes: [UInt8]) throws(Errno) {
        var failure: Errno?
        bytes.withUnsafeBytes { buffer in
            do throws(Errno) { try storage.write(at: offset, from: buffer) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    func readBlock(_ block: UInt32) throws(Errno) -> [UInt8] {
        guard block > 0, block < blockCount else { throw .EIO }
        return try Self.readBytes(storage, at: UInt64(block) * UInt64(blockSize), count: blockSize)
    }

    func writeBlock(_ block: UInt32, _ bytes: [UInt8]) throws(Errno) {
        guard block > 0, block < blockCount else { throw .EIO }
        try writeBytes(at: UInt64(block) * UInt64(blockSize), bytes)
    }

    func writeSuperblockAndGroups() throws(Errno) {
        try writeBytes(at: 1024, superblock)
        try writeBytes(at: UInt64(firstDataBlock + 1) * UInt64(blockSize), groups)
    }

    public func sync() throws(Errno) { try storage.flush() }

    public var freeBlocks: UInt32 { Self.load32(superblock, 12) }
    public var freeInodes: UInt32 { Self.load32(superblock, 16) }

    // MARK: Inodes

    /// The block holding inode `number` and the inode's offset in it.
    func inodeLocation(_ number: UInt32) throws(Errno) -> (block: UInt32, offset: Int) {
        guard number >= 1, number <= inodeCount else { throw .EIO }
        let index = number - 1
        let group = Int(index / inodesPerGroup)
        let table = Self.load32(groups, group * 32 + 8)
        let byte = Int(index % inodesPerGroup) * inodeSize
        return (table + UInt32(byte / blockSize), byte % blockSize)
    }

    public func inode(_ number: UInt32) throws(Errno) -> Ext2Inode {
        let (block, offset) = try inodeLocation(number)
        let bytes = try readBlock(block)
        var inode = Ext2Inode()
        inode.mode = Self.load16(bytes, offset)
        inode.uid = Self.load16(bytes, offset + 2)
        inode.size = UInt64(Self.load32(bytes, offset + 4))
        inode.accessTime = Self.load32(bytes, offset + 8)
        inode.changeTime = Self.load32(bytes, offset + 12)
        inode.modificationTime = Self.load32(bytes, offset + 16)
        inode.deletionTime = Self.load32(bytes, offset + 20)
        inode.gid = Self.load16(bytes, offset + 24)
        inode.linkCount = Self.load16(bytes, offset + 26)
        inode.sectors = Self.load32(bytes, offset + 28)
        inode.flags = Self.load32(bytes, offset + 32)
        for index in 0..<15 { inode.blocks[index] = Self.load32(bytes, offset + 40 + 4 * index) }
        if inode.isRegular { inode.size |= UInt64(Self.load32(bytes, offset + 108)) << 32 }
        // i_extra_isize covers ctime_extra (132), mtime_extra (136) and
        // atime_extra (140) from 16 bytes on; bits 31:2 are nanoseconds.
        if inodeSize >= 144, Self.load16(bytes, offset + 128) >= 16 {
            inode.changeNanoseconds = Self.load32(bytes, offset + 132) >> 2
            inode.modificationNanoseconds = Self.load32(bytes, offset + 136) >> 2
            inode.accessNanoseconds = Self.load32(bytes, offset + 140) >> 2
        }
        return inode
    }

    public func writeInode(_ number: UInt32, _ inode: Ext2Inode) throws(Errno) {
        guard !isReadOnly else { throw .EROFS }
        let (block, offset) = try inodeLocation(number)
        var bytes = try readBlock(block)
        Self.store16(&bytes, offset, inode.mode)
        Self.store16(&bytes, offset + 2, inode.uid)
        Self.store32(&bytes, offset + 4, UInt32(truncatingIfNeeded: inode.size))
        Self.store32(&bytes, offset + 8, inode.accessTime)
        Self.store32(&bytes, offset + 12, inode.changeTime)
        Self.store32(&bytes, offset + 16, inode.modificationTime)
        Self.store32(&bytes, offset + 20, inode.deletionTime)
        Self.store16(&bytes, offset + 24, inode.gid)
        Self.store16(&bytes, offset + 26, inode.linkCount)
        Self.store32(&bytes, offset + 28, inode.sectors)
        Self.store32(&bytes, offset + 32, inode.flags)
        for index in 0..<15 { Self.store32(&bytes, offset + 40 + 4 * index, inode.blocks[index]) }
        if inodeSize >= 160 {
            if Self.load16(bytes, offset + 128) < 16 { Self.store16(&bytes, offset + 128, 32) }
            Self.store32(&bytes, offset + 132, inode.changeNanoseconds << 2)
            Self.store32(&bytes, offset + 136, inode.modificationNanoseconds << 2)
            Self.store32(&bytes, offset + 140, inode.accessNanoseconds << 2)
        }
        if inode.isRegular {
            Self.store32(&bytes, offset + 108, UInt32(truncatingIfNeeded: inode.size >> 32))
            if inode.size > UInt64(Int32.max) {
                // LARGE_FILE: set once a file passes 2 GiB.
                Self.store32(&superblock, 100, Self.load32(superblock, 100) | 0x2)
                try writeSuperblockAndGroups()
            }
        }
        try writeBlock(block, bytes)
    }

    // MARK: Allocation

    /// Takes a free bit from bitmap kind `field` (0: blocks, 4: inodes) of
    /// some group, preferring `preferredGroup`; returns the group and bit.
    private func allocate(bitmapField field: Int, freeField: Int, perGroup: UInt32, limit: UInt32,
                          preferredGroup: Int) throws(Errno) -> (group: Int, bit: Int) {
        guard !isReadOnly else { throw .EROFS }
        for step in 0..<groupCount {
            let group = (preferredGroup + step) % groupCount
            guard Self.load16(groups, group * 32 + freeField) > 0 else { continue }
            let bitmapBlock = Self.load32(groups, group * 32 + field)
            var bitmap = try readBlock(bitmapBlock)
            let bits = Int(min(perGroup, limit - UInt32(group) * perGroup))
            for bit in 0..<bits where bitmap[bit / 8] & (1 << (bit % 8)) == 0 {
                bitmap[bit / 8] |= 1 << (bit % 8)
                try writeBlock(bitmapBlock, bitmap)
                Self.store16(&groups, group * 32 + freeField, Self.load16(groups, group * 32 + freeField) - 1)
                return (group, bit)
            }
        }
        throw .ENOSPC
    }

    private func release(bitmapField field: Int, freeField: Int, group: Int, bit: Int) throws(Errno) {
        let bitmapBlock = Self.load32(groups, group * 32 + field)
        var bitmap = try readBlock(bitmapBlock)
        guard bitmap[bit / 8] & (1 << (bit % 8)) != 0 else { return }
        bitmap[bit / 8] &= ~(1 << (bit % 8))
        try writeBlock(bitmapBlock, bitmap)
        Self.store16(&groups, group * 32 + freeField, Self.load16(groups, group * 32 + freeField) + 1)
    }

    /// A zeroed block, from `preferredGroup` where it has room.
    func allocateBlock(preferredGroup: Int) throws(Errno) -> UInt32 {
        let (group, bit) = try allocate(
            bitmapField: 0, freeField: 12, perGroup: blocksPerGroup, limit: blockCount - firstDataBlock,
            preferredGroup: preferredGroup)
        Self.store32(&superblock, 12, freeBlocks - 1)
        try writeSuperblockAndGroups()
        let block = firstDataBlock + UInt32(group) * blocksPerGroup + UInt32(bit)
        try writeBlock(block, [UInt8](repeating: 0, count: blockSize))
        return block
    }

    func freeBlock(_ block: UInt32) throws(Errno) {
        guard block >= firstDataBlock, block < blockCount else { return }
        let index = block - firstDataBlock
        try release(bitmapField: 0, freeField: 12, group: Int(index / blocksPerGroup), bit: Int(index % blocksPerGroup))
        Self.store32(&superblock, 12, freeBlocks + 1)
        try writeSuperblockAndGroups()
    }

    func allocateInode(directory: Bool, near parent: UInt32) throws(Errno) -> UInt32 {
        let firstFree = Self.load32(superblock, 84)   // s_first_ino: 1...first-1 are reserved
        while true {
            let (group, bit) = try allocate(
                bitmapField: 4, freeField: 14, perGroup: inodesPerGroup, limit: inodeCount,
                preferredGroup: Int((parent - 1) / inodesPerGroup))
            let number = UInt32(group) * inodesPerGroup + UInt32(bit) + 1
            // A reserved inode's bit is set by mke2fs; a volume that left
            // one clear must not hand it out.
            guard number >= firstFree else { continue }
            Self.store32(&superblock, 16, freeInodes - 1)
            if directory { Self.store16(&groups, group * 32 + 16, Self.load16(groups, group * 32 + 16) + 1) }
            try writeSuperblockAndGroups()
            return number
        }
    }

    func freeInode(_ number: UInt32, directory: Bool) throws(Errno) {
        let group = Int((number - 1) / inodesPerGroup)
        try release(bitmapField: 4, freeField: 14, group: group, bit: Int((number - 1) % inodesPerGroup))
        Self.store32(&superblock, 16, freeInodes + 1)
        if directory { Self.store16(&groups, group * 32 + 16, Self.load16(groups, group * 32 + 16) - 1) }
        try writeSuperblockAndGroups()
    }

    // MARK: Block map

    var pointersPerBlock: Int { blockSize / 4 }

    /// The disk block holding logical block `logical` of `inode`; 0 for a
    /// hole. With `allocate`, a hole is filled (and `inode` updated; the
    /// caller writes it).
    func mapBlock(_ inode: inout Ext2Inode, number: UInt32, _ logical: Int, allocate: Bool) throws(Errno) -> UInt32 {
        let perBlock = pointersPerBlock
        var index = logical
        let group = Int((number - 1) / inodesPerGroup)
        if index < 12 {
            if inode.blocks[index] == 0, allocate {
                inode.blocks[index] = try allocateBlock(preferredGroup: group)
                inode.sectors += UInt32(blockSize / 512)
            }
            return inode.blocks[index]
        }
        index -= 12
        var depth = 1
        var span = perBlock
        while index >= span {
            index -= span
            depth += 1
            span *= perBlock
            guard depth <= 3 else { throw .EFBIG }
        }
        // Slot 12 + depth - 1 holds the tree's root.
        var block = inode.blocks[11 + depth]
        if block == 0 {
            guard allocate else { return 0 }
            block = try allocateBlock(preferredGroup: group)
            inode.blocks[11 + depth] = block
            inode.sectors += UInt32(blockSize / 512)
        }
        var level = depth
        while level > 0 {
            span /= perBlock
            let slot = index / span
            index %= span
            var table = try readBlock(block)
            var next = Self.load32(table, slot * 4)
            if next == 0 {
                guard allocate else { return 0 }
                next = try allocateBlock(preferredGroup: group)
                inode.sectors += UInt32(blockSize / 512)
                Self.store32(&table, slot * 4, next)
                try writeBlock(block, table)
            }
            block = next
            level -= 1
        }
        return block
    }

    /// Frees every data and indirect block past the first `keep` logical
    /// blocks.
    func freeBlocks(_ inode: inout Ext2Inode, from keep: Int) throws(Errno) {
        for index in min(max(keep, 0), 12)..<12 where inode.blocks[index] != 0 {
            try freeBlock(inode.blocks[index])
            inode.blocks[index] = 0
            inode.sectors -= UInt32(blockSize / 512)
        }
        var first = 12
        var span = pointersPerBlock
        for depth in 1...3 {
            let root = inode.blocks[11 + depth]
            if root != 0 {
                let start = max(keep - first, 0)
                if try freeTree(root, span: span, from: start, inode: &inode) {
                    inode.blocks[11 + depth] = 0
                }
            }
            first += span
            span *= pointersPerBlock
        }
    }

    /// Frees the entries of the tree at `block` (covering `span` logical
    /// blocks) from `start` on; returns whether the tree is now empty and
    /// was freed itself.
    private func freeTree(_ block: UInt32, span: Int, from start: Int, inode: inout Ext2Inode) throws(Errno) -> Bool {
        guard start < span else { return false }
        let childSpan = span / pointersPerBlock
        var table = try readBlock(block)
        var changed = false
        for slot in 0..<pointersPerBlock {
            let child = Self.load32(table, slot * 4)
            guard child != 0 else { continue }
            let childStart = start - slot * childSpan
            guard childStart < childSpan else { continue }
            let emptied: Bool
            if childSpan == 1 {
                try freeBlock(child)
                inode.sectors -= UInt32(blockSize / 512)
                emptied = true
            } else {
                emptied = try freeTree(child, span: childSpan, from: max(childStart, 0), inode: &inode)
            }
            if emptied {
                Self.store32(&table, slot * 4, 0)
                changed = true
            }
        }
        if start == 0 {
            try freeBlock(block)
            inode.sectors -= UInt32(blockSize / 512)
            return true
        }
        if changed { try writeBlock(block, table) }
        return false
    }

    // MARK: File data

    public func read(_ number: UInt32, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        var inode = try self.inode(number)
        guard offset < inode.size else { return 0 }
        let count = Int(min(UInt64(buffer.count), inode.size - offset))
        var done = 0
        while done < count {
            let position = offset + UInt64(done)
            let logical = Int(position / UInt64(blockSize))
            let within = Int(position % UInt64(blockSize))
            let length = min(blockSize - within, count - done)
            let block = try mapBlock(&inode, number: number, logical, allocate: false)
            let target = UnsafeMutableRawBufferPointer(rebasing: buffer[done..<(done + length)])
            if block == 0 {
                target.initializeMemory(as: UInt8.self, repeating: 0)
            } else {
                let bytes = try readBlock(block)
                bytes.withUnsafeBytes { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[within..<(within + length)])) }
            }
            done += length
        }
        return count
    }

    public func write(_ number: UInt32, at offset: UInt64, from bytes: UnsafeRawBufferPointer) throws(Errno) -> Int {
        guard !isReadOnly else { throw .EROFS }
        var inode = try self.inode(number)
        var done = 0
        defer {
            if done > 0 {
                inode.size = max(inode.size, offset + UInt64(done))
                inode.modificationTime = now()
                inode.changeTime = inode.modificationTime
                try? writeInode(number, inode)
            }
        }
        while done < bytes.count {
            let position = offset + UInt64(done)
            let logical = Int(position / UInt64(blockSize))
            let within = Int(position % UInt64(blockSize))
            let length = min(blockSize - within, bytes.count - done)
            let block = try mapBlock(&inode, number: number, logical, allocate: true)
            // Written through before the size that covers it grows.
            try writeInode(number, inode)
            var data = length == blockSize ? [UInt8](repeating: 0, count: blockSize) : try readBlock(block)
            data.withUnsafeMutableBytes { target in
                UnsafeMutableRawBufferPointer(rebasing: target[within..<(within + length)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[done..<(done + length)]))
            }
            try writeBlock(block, data)
            done += length
        }
        return done
    }

    /// truncate(2): blocks past the new end are freed; bytes past the old
    /// end of the last block are zeroed so a later extension reads zeros.
    public func resize(_ number: UInt32, to size: UInt64) throws(Errno) {
        guard !isReadOnly else { throw .EROFS }
        var inode = try self.inode(number)
        if size < inode.size {
            let keep = Int((size + UInt64(blockSize) - 1) / UInt64(blockSize))
            try freeBlocks(&inode, from: keep)
            let within = Int(size % UInt64(blockSize))
            if within != 0 {
                let block = try mapBlock(&inode, number: number, keep - 1, allocate: false)
                if block != 0 {
                    var data = try readBlock(block)
                    for index in within..<blockSize { data[index] = 0 }
                    try writeBlock(block, data)
                }
            }
        }
        inode.size = size
        inode.modificationTime = now()
        inode.changeTime = inode.modificationTime
        try writeInode(number, inode)
    }
}
