import LinuxABI

/// How one open file has been read: the last block read (-1: none yet)
/// and the read-ahead window, which grows while reads follow each other.
public struct Ext2ReadAhead {
    var lastBlock = -1
    var window = 0

    public init() {}
}

/// An ext2 file system (revision 1, "The Second Extended File System",
/// Poirier, and Linux's fs/ext2): superblock at byte 1024, block groups
/// each with a block bitmap, an inode bitmap and an inode table, files
/// mapped by 12 direct and three levels of indirect blocks, directories as
/// linked records.
///
/// Every block goes through a `BlockCache` and changes stay there until
/// `sync` (or until too many blocks are dirty): no write-through order, as
/// in Linux's ext2, so a crash may leave what e2fsck repairs, but `sync`
/// returns only once every change made before it is on stable storage.
/// The superblock's and the group descriptors' counters live in memory
/// and are stored on `sync`.
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
    static let stateOffset = 58                                // s_state
    static let validState: UInt16 = 1                          // EXT2_VALID_FS
    /// Read-ahead: the first window, and the largest (Linux starts near
    /// 128 KiB as well; larger windows mean fewer waits for the disk).
    static let initialReadAheadBytes = 128 << 10
    static let maximumReadAheadBytes = 1 << 20
    static let maximumDescriptorBytes = 1 << 20

    let storage: Ext2Storage
    public let cache: BlockCache
    public let blockSize: Int
    let inodeSize: Int
    let inodesPerGroup: UInt32
    let blocksPerGroup: UInt32
    let firstDataBlock: UInt32
    public let blockCount: UInt32
    public let inodeCount: UInt32
    public let isReadOnly: Bool
    /// The superblock's 1024 bytes, and each group's 32-byte descriptor;
    /// `metadataDirty` once either changed since the last `sync`.
    var superblock: [UInt8]
    var groups: [UInt8]
    var metadataDirty = false
    let groupCount: Int
    /// Directory indexes, least recently used first; directories too
    /// large to index. The indexes hold at most `indexedNameLimit` names
    /// and `indexLimit` directories together.
    var directoryIndexes: [DirectoryIndex] = []
    var unindexedDirectories: [UInt32] = []
    var indexedNameLimit = 1 << 16
    var indexLimit = 64
    /// Recently used inodes, parsed, in slots by number (0: none). Every
    /// change to an inode goes through `writeInode`, which refreshes its
    /// slot, so a slot always says what the inode's bytes say.
    static let parsedInodeSlots = 1024
    /// Allocated once nothing in `init` can throw before `self` is whole:
    /// an initializer that throws earlier runs no `deinit` to free them.
    private let parsedNumbers: UnsafeMutablePointer<UInt32>
    private let parsedInodes: UnsafeMutablePointer<Ext2Inode>
    /// The blocks of the read in progress (kept to spare an allocation per
    /// read; calls into the volume do not overlap).
    private var mapped: [UInt32] = []
    /// Seconds since the epoch, for inode times.
    let now: () -> UInt32
    /// Copies file data between the cache and the caller's buffers (the
    /// kernel's own routine is faster than memcpy).
    let copy: (_ target: UnsafeMutableRawPointer, _ source: UnsafeRawPointer, _ count: Int) -> Void
    /// Whether inode `number` is open: a file unlinked while open keeps
    /// its blocks until `releaseIfUnlinked` after the last close.
    public var isOpen: (UInt32) -> Bool = { _ in false }

    /// The volume on `storage`, with a cache of `cacheBytes`; file data
    /// moves with `copy`.
    public init(
        storage: Ext2Storage, cacheBytes: Int = 4 << 20, readOnly: Bool = false,
        now: @escaping () -> UInt32,
        copy: @escaping (UnsafeMutableRawPointer, UnsafeRawPointer, Int) -> Void = { $0.copyMemory(from: $1, byteCount: $2) }
    ) throws(Errno) {
        self.storage = storage
        self.now = now
        self.copy = copy
        let superblock = try Self.readBytes(storage, at: 1024, count: 1024)
        func u32(_ offset: Int) -> UInt32 { Self.load32(superblock, offset) }
        guard Self.load16(superblock, 56) == Self.magic, u32(76) >= 1 else { throw .EINVAL }
        guard u32(96) & ~Self.incompatibleFileType == 0 else { throw .EINVAL }
        inodeCount = u32(0)
        blockCount = u32(4)
        firstDataBlock = u32(20)
        guard u32(24) <= 6 else { throw .EINVAL }
        blockSize = 1024 << Int(u32(24))
        blocksPerGroup = u32(32)
        inodesPerGroup = u32(40)
        inodeSize = Int(Self.load16(superblock, 88))
        guard inodeSize >= 128, inodeSize <= blockSize, blocksPerGroup > 0, inodesPerGroup > 0,
              blocksPerGroup <= UInt32(blockSize * 8), inodesPerGroup <= UInt32(blockSize * 8),
              blockCount > firstDataBlock
        else { throw .EINVAL }
        isReadOnly = readOnly || u32(100) & ~Self.readOnlyCompatibleKnown != 0
        groupCount = (Int(blockCount - firstDataBlock) + Int(blocksPerGroup) - 1) / Int(blocksPerGroup)
        self.superblock = superblock
        let tableBytes = (groupCount * 32 + blockSize - 1) / blockSize * blockSize
        // Counts that lie could ask for gigabytes of descriptors; 1 MiB
        // of them describes 4 TiB at 4 KiB blocks.
        guard tableBytes <= Self.maximumDescriptorBytes else { throw .EINVAL }
        groups = try Self.readBytes(storage, at: UInt64(firstDataBlock + 1) * UInt64(blockSize), count: tableBytes)
        cache = BlockCache(storage: storage, blockSize: blockSize, capacity: cacheBytes / blockSize)
        parsedNumbers = .allocate(capacity: Self.parsedInodeSlots)
        parsedNumbers.initialize(repeating: 0, count: Self.parsedInodeSlots)
        parsedInodes = .allocate(capacity: Self.parsedInodeSlots)
        parsedInodes.initialize(repeating: Ext2Inode(), count: Self.parsedInodeSlots)
        if !isReadOnly {
            // Mounted for writing: not clean until `unmount` (s_state,
            // EXT2_VALID_FS), written before anything else is, so that
            // after a crash e2fsck checks the volume as it would Linux's.
            Self.store16(&self.superblock, Self.stateOffset, Self.load16(superblock, Self.stateOffset) & ~Self.validState)
            metadataDirty = true
            try writeMetadata()
            try cache.writeBack()
        }
    }

    deinit {
        parsedNumbers.deallocate()
        parsedInodes.deallocate()
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

    /// Adds `change` to a counter, kept within its range: a volume that
    /// was not synced before a crash may hold counts that are off, which
    /// e2fsck repairs and which must not stop the kernel.
    static func adjust16(_ bytes: inout [UInt8], _ offset: Int, by change: Int) {
        store16(&bytes, offset, UInt16(clamping: Int(load16(bytes, offset)) + change))
    }

    static func adjust32(_ bytes: inout [UInt8], _ offset: Int, by change: Int) {
        store32(&bytes, offset, UInt32(clamping: Int(load32(bytes, offset)) + change))
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

    /// Block `block` through the cache (block 0 and blocks past the end
    /// are never a file's: a corrupt pointer is an I/O error).
    func readBlock<Result>(_ block: UInt32, _ body: (UnsafeRawBufferPointer) throws(Errno) -> Result) throws(Errno) -> Result {
        guard block > 0, block < blockCount else { throw .EIO }
        return try cache.read(block, body)
    }

    func modifyBlock<Result>(_ block: UInt32, _ body: (UnsafeMutableRawBufferPointer) throws(Errno) -> Result) throws(Errno) -> Result {
        guard block > 0, block < blockCount else { throw .EIO }
        return try cache.modify(block, body)
    }

    func replaceBlock<Result>(
        _ block: UInt32, zeroed: Bool, _ body: (UnsafeMutableRawBufferPointer) throws(Errno) -> Result
    ) throws(Errno) -> Result {
        guard block > 0, block < blockCount else { throw .EIO }
        return try cache.replace(block, zeroed: zeroed, body)
    }

    /// Everything changed reaches stable storage: the counters into their
    /// blocks, every dirty block written, then the disk's cache flushed.
    public func sync() throws(Errno) {
        try writeMetadata()
        try cache.writeBack()
        try storage.flush()
    }

    /// The last sync: the volume is marked clean as well. Changes after
    /// it are not expected.
    public func unmount() throws(Errno) {
        if !isReadOnly {
            Self.store16(&superblock, Self.stateOffset, Self.load16(superblock, Self.stateOffset) | Self.validState)
            metadataDirty = true
        }
        try sync()
    }

    /// The superblock and group descriptors into their cached blocks, if
    /// they changed.
    private func writeMetadata() throws(Errno) {
        if metadataDirty, !isReadOnly {
            // The superblock is bytes 1024..<2048: block 1 of a 1 KiB
            // volume, the middle of block 0 otherwise.
            let block = UInt32(1024 / blockSize)
            let offset = 1024 % blockSize
            try cache.modify(block) { bytes in
                superblock.withUnsafeBytes { bytes.baseAddress!.advanced(by: offset).copyMemory(from: $0.baseAddress!, byteCount: 1024) }
            }
            for index in 0..<(groups.count / blockSize) {
                try cache.replace(firstDataBlock + 1 + UInt32(index), zeroed: false) { bytes in
                    groups.withUnsafeBytes {
                        bytes.baseAddress!.copyMemory(from: $0.baseAddress! + index * blockSize, byteCount: blockSize)
                    }
                }
            }
            metadataDirty = false
        }
    }

    public var freeBlocks: UInt32 { Self.load32(superblock, 12) }
    public var freeInodes: UInt32 { Self.load32(superblock, 16) }

    // MARK: Inodes

    /// The block holding inode `number` and the inode's offset in it.
    func inodeLocation(_ number: UInt32) throws(Errno) -> (block: UInt32, offset: Int) {
        guard number >= 1, number <= inodeCount else { throw .EIO }
        let index = number - 1
        let group = Int(index / inodesPerGroup)
        // A superblock may count more inodes than its groups hold, and a
        // descriptor may place its table at the end of the block numbers.
        guard group < groupCount else { throw .EIO }
        let table = Self.load32(groups, group * 32 + 8)
        let byte = Int(index % inodesPerGroup) * inodeSize
        let (block, overflow) = table.addingReportingOverflow(UInt32(byte / blockSize))
        guard !overflow else { throw .EIO }
        return (block, byte % blockSize)
    }

    /// Inode `number`, from the recently used inodes kept parsed where it
    /// is one of them.
    public func inode(_ number: UInt32) throws(Errno) -> Ext2Inode {
        let slot = Int(number) & (Self.parsedInodeSlots - 1)
        if parsedNumbers[slot] == number { return parsedInodes[slot] }
        let inode = try parseInode(number)
        parsedNumbers[slot] = number
        parsedInodes[slot] = inode
        return inode
    }

    private func parseInode(_ number: UInt32) throws(Errno) -> Ext2Inode {
        let (block, offset) = try inodeLocation(number)
        let inodeSize = inodeSize
        return try readBlock(block) { bytes in
            var inode = Ext2Inode()
            inode.mode = bytes.u16(offset)
            inode.uid = bytes.u16(offset + 2)
            inode.size = UInt64(bytes.u32(offset + 4))
            inode.accessTime = bytes.u32(offset + 8)
            inode.changeTime = bytes.u32(offset + 12)
            inode.modificationTime = bytes.u32(offset + 16)
            inode.deletionTime = bytes.u32(offset + 20)
            inode.gid = bytes.u16(offset + 24)
            inode.linkCount = bytes.u16(offset + 26)
            inode.sectors = bytes.u32(offset + 28)
            inode.flags = bytes.u32(offset + 32)
            inode.blocks = Ext2BlockMap(copying: bytes.baseAddress! + offset + 40)
            if inode.isRegular { inode.size |= UInt64(bytes.u32(offset + 108)) << 32 }
            // i_extra_isize covers ctime_extra (132), mtime_extra (136) and
            // atime_extra (140) from 16 bytes on; bits 31:2 are nanoseconds.
            if inodeSize >= 144, bytes.u16(offset + 128) >= 16 {
                inode.changeNanoseconds = bytes.u32(offset + 132) >> 2
                inode.modificationNanoseconds = bytes.u32(offset + 136) >> 2
                inode.accessNanoseconds = bytes.u32(offset + 140) >> 2
            }
            return inode
        }
    }

    public func writeInode(_ number: UInt32, _ inode: Ext2Inode) throws(Errno) {
        guard !isReadOnly else { throw .EROFS }
        let (block, offset) = try inodeLocation(number)
        let inodeSize = inodeSize
        try modifyBlock(block) { bytes in
            bytes.store16(offset, inode.mode)
            bytes.store16(offset + 2, inode.uid)
            bytes.store32(offset + 4, UInt32(truncatingIfNeeded: inode.size))
            bytes.store32(offset + 8, inode.accessTime)
            bytes.store32(offset + 12, inode.changeTime)
            bytes.store32(offset + 16, inode.modificationTime)
            bytes.store32(offset + 20, inode.deletionTime)
            bytes.store16(offset + 24, inode.gid)
            bytes.store16(offset + 26, inode.linkCount)
            bytes.store32(offset + 28, inode.sectors)
            bytes.store32(offset + 32, inode.flags)
            inode.blocks.copy(to: bytes.baseAddress! + offset + 40)
            if inodeSize >= 160 {
                if bytes.u16(offset + 128) < 16 { bytes.store16(offset + 128, 32) }
                bytes.store32(offset + 132, inode.changeNanoseconds << 2)
                bytes.store32(offset + 136, inode.modificationNanoseconds << 2)
                bytes.store32(offset + 140, inode.accessNanoseconds << 2)
            }
            if inode.isRegular { bytes.store32(offset + 108, UInt32(truncatingIfNeeded: inode.size >> 32)) }
        }
        // The parsed copy is what the bytes now say: the size's high half
        // only for a regular file, nanoseconds in 30 bits where the inode
        // has room for them (else read back).
        let slot = Int(number) & (Self.parsedInodeSlots - 1)
        if inodeSize >= 160 {
            var stored = inode
            if !inode.isRegular { stored.size &= 0xffff_ffff }
            stored.accessNanoseconds &= 0x3fff_ffff
            stored.changeNanoseconds &= 0x3fff_ffff
            stored.modificationNanoseconds &= 0x3fff_ffff
            parsedInodes[slot] = stored
        } else {
            parsedNumbers[slot] = 0
            parsedInodes[slot] = try parseInode(number)
        }
        parsedNumbers[slot] = number
        if inode.isRegular, inode.size > UInt64(Int32.max), Self.load32(superblock, 100) & 0x2 == 0 {
            // LARGE_FILE: set once a file passes 2 GiB.
            Self.store32(&superblock, 100, Self.load32(superblock, 100) | 0x2)
            metadataDirty = true
        }
    }

    // MARK: Allocation

    /// The first clear bit of `bitmap` in `start..<limit`, searched a
    /// 64-bit word at a time where the range allows.
    static func firstClearBit(_ bitmap: UnsafeRawBufferPointer, from start: Int, below limit: Int) -> Int? {
        var bit = start
        while bit < limit {
            if bit % 64 == 0, bit + 64 <= limit {
                let word = UInt64(littleEndian: bitmap.loadUnaligned(fromByteOffset: bit / 8, as: UInt64.self))
                if word != .max { return bit + (~word).trailingZeroBitCount }
                bit += 64
                continue
            }
            if bitmap[bit / 8] & (1 << (bit % 8)) == 0 { return bit }
            bit += 1
        }
        return nil
    }

    /// Takes a free bit from bitmap kind `field` (0: blocks, 4: inodes):
    /// the first at or after `goalBit` in `goalGroup`, else the first of
    /// the groups after it in turn. Returns the group and bit.
    private func allocate(bitmapField field: Int, freeField: Int, perGroup: UInt32, limit: UInt32,
                          goalGroup: Int, goalBit: Int) throws(Errno) -> (group: Int, bit: Int) {
        guard !isReadOnly else { throw .EROFS }
        // The goal's group twice: from the goal, and at last from its start.
        for step in 0...groupCount {
            let group = (goalGroup + step) % groupCount
            guard Self.load16(groups, group * 32 + freeField) > 0 else { continue }
            // The last group holds what the count leaves (nothing, when
            // a lying count is below what the groups before it hold).
            let bits = max(min(Int(perGroup), Int(limit) - group * Int(perGroup)), 0)
            let start = step == 0 ? min(goalBit, bits) : 0
            let taken: Int? = try modifyBitmap(Self.load32(groups, group * 32 + field)) { bitmap in
                guard let bit = Self.firstClearBit(UnsafeRawBufferPointer(bitmap), from: start, below: bits) else {
                    return (nil, false)
                }
                bitmap[bit / 8] |= 1 << (bit % 8)
                return (bit, true)
            }
            if let bit = taken {
                Self.adjust16(&groups, group * 32 + freeField, by: -1)
                metadataDirty = true
                return (group, bit)
            }
        }
        throw .ENOSPC
    }

    private func modifyBitmap<Result>(
        _ block: UInt32, _ body: (UnsafeMutableRawBufferPointer) throws(Errno) -> (Result, changed: Bool)
    ) throws(Errno) -> Result {
        guard block > 0, block < blockCount else { throw .EIO }
        return try cache.update(block, body)
    }

    private func release(bitmapField field: Int, freeField: Int, group: Int, bit: Int) throws(Errno) -> Bool {
        guard group < groupCount else { throw .EIO }
        let released = try modifyBitmap(Self.load32(groups, group * 32 + field)) { bitmap in
            guard bitmap[bit / 8] & (1 << (bit % 8)) != 0 else { return (false, false) }
            bitmap[bit / 8] &= ~(1 << (bit % 8))
            return (true, true)
        }
        if released {
            Self.adjust16(&groups, group * 32 + freeField, by: 1)
            metadataDirty = true
        }
        return released
    }

    /// The first block of the data area's group holding inode `number`:
    /// where a file with no blocks yet starts looking.
    func firstBlock(near number: UInt32) -> UInt32 {
        firstDataBlock + UInt32((number - 1) / inodesPerGroup % UInt32(groupCount)) * blocksPerGroup
    }

    /// A free block, the first at or after `goal` where there is one (so a
    /// file growing block by block stays contiguous). Its contents are
    /// the caller's to set (through the cache).
    func allocateBlock(goal: UInt32) throws(Errno) -> UInt32 {
        let target = goal >= firstDataBlock && goal < blockCount ? goal - firstDataBlock : 0
        let (group, bit) = try allocate(
            bitmapField: 0, freeField: 12, perGroup: blocksPerGroup, limit: blockCount - firstDataBlock,
            goalGroup: Int(target / blocksPerGroup), goalBit: Int(target % blocksPerGroup))
        Self.adjust32(&superblock, 12, by: -1)
        return firstDataBlock + UInt32(group) * blocksPerGroup + UInt32(bit)
    }

    func freeBlock(_ block: UInt32) throws(Errno) {
        guard block >= firstDataBlock, block < blockCount else { return }
        let index = block - firstDataBlock
        cache.forget(block)
        if try release(bitmapField: 0, freeField: 12, group: Int(index / blocksPerGroup), bit: Int(index % blocksPerGroup)) {
            Self.adjust32(&superblock, 12, by: 1)
        }
    }

    func allocateInode(directory: Bool, near parent: UInt32) throws(Errno) -> UInt32 {
        let firstFree = Self.load32(superblock, 84)   // s_first_ino: 1...first-1 are reserved
        while true {
            let (group, bit) = try allocate(
                bitmapField: 4, freeField: 14, perGroup: inodesPerGroup, limit: inodeCount,
                goalGroup: Int((parent - 1) / inodesPerGroup), goalBit: 0)
            let number = UInt32(group) * inodesPerGroup + UInt32(bit) + 1
            // A reserved inode's bit is set by mke2fs; a volume that left
            // one clear must not hand it out.
            guard number >= firstFree else { continue }
            Self.adjust32(&superblock, 16, by: -1)
            if directory { Self.adjust16(&groups, group * 32 + 16, by: 1) }
            return number
        }
    }

    func freeInode(_ number: UInt32, directory: Bool) throws(Errno) {
        let group = Int((number - 1) / inodesPerGroup)
        guard try release(bitmapField: 4, freeField: 14, group: group, bit: Int((number - 1) % inodesPerGroup)) else { return }
        Self.adjust32(&superblock, 16, by: 1)
        if directory { Self.adjust16(&groups, group * 32 + 16, by: -1) }
    }

    // MARK: Block map

    var pointersPerBlock: Int { blockSize / 4 }

    /// Where logical block `logical` (not a direct one) is mapped: the
    /// depth of its tree (1: single indirect … 3: triple), its index
    /// among the blocks that tree maps, and how many that is.
    private func indirectPath(_ logical: Int) throws(Errno) -> (depth: Int, index: Int, span: Int) {
        var index = logical - 12
        var depth = 1
        var span = pointersPerBlock
        while index >= span {
            index -= span
            depth += 1
            span *= pointersPerBlock
            guard depth <= 3 else { throw .EFBIG }
        }
        return (depth, index, span)
    }

    /// The disk block holding logical block `logical` of `inode`; 0 for a
    /// hole. With `allocate`, a hole is filled from `goal` on (missing
    /// indirect blocks first, zeroed) and `inode` updated (the caller
    /// writes it); `fresh` says the data block is new, its contents unset.
    func mapBlock(
        _ inode: inout Ext2Inode, number: UInt32, _ logical: Int, allocate: Bool, goal: UInt32 = 0
    ) throws(Errno) -> (block: UInt32, fresh: Bool) {
        let perBlock = pointersPerBlock
        let goal = goal != 0 ? goal : firstBlock(near: number)
        if logical < 12 {
            if inode.blocks[logical] == 0, allocate {
                inode.blocks[logical] = try allocateBlock(goal: goal)
                inode.addSectors(blockSize / 512)
                return (inode.blocks[logical], true)
            }
            return (inode.blocks[logical], false)
        }
        var (depth, index, span) = try indirectPath(logical)
        // Slot 12 + depth - 1 holds the tree's root.
        var block = inode.blocks[11 + depth]
        if block == 0 {
            guard allocate else { return (0, false) }
            block = try allocateBlock(goal: goal)
            try replaceBlock(block, zeroed: true) { _ in }
            inode.blocks[11 + depth] = block
            inode.addSectors(blockSize / 512)
        }
        var level = depth
        while level > 0 {
            span /= perBlock
            let slot = index / span
            index %= span
            var next = try readBlock(block) { $0.u32(slot * 4) }
            if next == 0 {
                guard allocate else { return (0, false) }
                next = try allocateBlock(goal: goal)
                if level > 1 { try replaceBlock(next, zeroed: true) { _ in } }
                inode.addSectors(blockSize / 512)
                let entry = next
                try modifyBlock(block) { $0.store32(slot * 4, entry) }
                if level == 1 { return (next, true) }
            }
            block = next
            level -= 1
        }
        return (block, false)
    }

    /// The table of block pointers that maps logical block `logical` (not
    /// a direct one) and the slot in it; table 0 when the path to it is a
    /// hole.
    private func leafTable(_ inode: Ext2Inode, _ logical: Int) throws(Errno) -> (table: UInt32, slot: Int) {
        let perBlock = pointersPerBlock
        var (depth, index, span) = try indirectPath(logical)
        var block = inode.blocks[11 + depth]
        var level = depth
        while level > 1, block != 0 {
            span /= perBlock
            let slot = index / span
            index %= span
            block = try readBlock(block) { $0.u32(slot * 4) }
            level -= 1
        }
        // A hole above the leaf level leaves `index` counting within the
        // larger span; the slot is the one the missing leaf table would
        // have (the caller's run must stay within one table's worth).
        return (block, index % perBlock)
    }

    /// Appends the disk blocks of logical blocks `first..<first + count`
    /// of `inode` to `blocks` (0 for holes), reading each table of
    /// pointers once.
    func mapBlocks(_ inode: Ext2Inode, from first: Int, count: Int, into blocks: inout [UInt32]) throws(Errno) {
        var logical = first
        let end = first + count
        while logical < end {
            if logical < 12 {
                blocks.append(inode.blocks[logical])
                logical += 1
                continue
            }
            let (table, slot) = try leafTable(inode, logical)
            let run = min(pointersPerBlock - slot, end - logical)
            if table == 0 {
                for _ in 0..<run { blocks.append(0) }
            } else {
                try readBlock(table) { bytes in
                    for index in slot..<(slot + run) { blocks.append(bytes.u32(index * 4)) }
                }
            }
            logical += run
        }
    }

    /// Frees every data and indirect block past the first `keep` logical
    /// blocks.
    func freeBlocks(_ inode: inout Ext2Inode, from keep: Int) throws(Errno) {
        for index in min(max(keep, 0), 12)..<12 where inode.blocks[index] != 0 {
            try freeBlock(inode.blocks[index])
            inode.blocks[index] = 0
            inode.addSectors(-(blockSize / 512))
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
        let firstSlot = start / childSpan
        let perBlock = pointersPerBlock
        let children: [UInt32] = try readBlock(block) { bytes in
            var children: [UInt32] = []
            children.reserveCapacity(perBlock - firstSlot)
            for slot in firstSlot..<perBlock { children.append(bytes.u32(slot * 4)) }
            return children
        }
        for (position, child) in children.enumerated() where child != 0 {
            let slot = firstSlot + position
            let childStart = max(start - slot * childSpan, 0)
            let emptied: Bool
            if childSpan == 1 {
                try freeBlock(child)
                inode.addSectors(-(blockSize / 512))
                emptied = true
            } else {
                emptied = try freeTree(child, span: childSpan, from: childStart, inode: &inode)
            }
            if emptied, start > 0 { try modifyBlock(block) { $0.store32(slot * 4, 0) } }
        }
        if start == 0 {
            try freeBlock(block)
            inode.addSectors(-(blockSize / 512))
            return true
        }
        return false
    }

    // MARK: File data

    /// Reads from file `number`. A read that continues the last one
    /// (`readAhead`) and misses the cache fetches the blocks after it too,
    /// a window that doubles on each such read up to 1 MiB.
    public func read(
        _ number: UInt32, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer, readAhead: inout Ext2ReadAhead
    ) throws(Errno) -> Int {
        let inode = try self.inode(number)
        guard offset < inode.size, !buffer.isEmpty else { return 0 }
        let count = Int(min(UInt64(buffer.count), inode.size - offset))
        let size = UInt64(blockSize)
        let first = Int(offset / size)
        let last = Int((offset + UInt64(count) - 1) / size)
        let sequential = first == readAhead.lastBlock || first == readAhead.lastBlock + 1
        readAhead.lastBlock = last
        mapped.removeAll(keepingCapacity: true)
        try mapBlocks(inode, from: first, count: last - first + 1, into: &mapped)
        var done = 0
        var missed = false
        // One fetch takes at most a quarter of the cache, so that what it
        // brings in stays until it is copied.
        let batch = max(cache.capacity / 4, 1)
        for (index, block) in mapped.enumerated() {
            let position = offset + UInt64(done)
            let within = Int(position % size)
            let length = min(blockSize - within, count - done)
            let target = buffer.baseAddress! + done
            if block == 0 {
                target.initializeMemory(as: UInt8.self, repeating: 0, count: length)
            } else if try cache.readIfCached(block, { copy(target, $0.baseAddress! + within, length) }) == nil {
                guard block < blockCount else { throw .EIO }
                // A miss fetches the read's blocks from here on, and after
                // the last of them, for a read that continues the one
                // before, the read-ahead window (grown once per read).
                var wanted = mapped[index..<min(index + batch, mapped.count)].filter { $0 != 0 && $0 < blockCount }
                if !missed {
                    missed = true
                    readAhead.window = sequential
                        ? min(max(readAhead.window * 2, Self.initialReadAheadBytes / blockSize),
                              min(Self.maximumReadAheadBytes / blockSize, batch))
                        : 0
                }
                if readAhead.window > 0, index + batch >= mapped.count {
                    let fileBlocks = Int((inode.size + size - 1) / size)
                    var ahead: [UInt32] = []
                    try mapBlocks(inode, from: last + 1, count: min(readAhead.window, fileBlocks - last - 1), into: &ahead)
                    wanted += ahead.filter { $0 != 0 && $0 < blockCount }
                }
                try cache.prefetch(wanted)
                try readBlock(block) { copy(target, $0.baseAddress! + within, length) }
            }
            done += length
        }
        return count
    }

    public func write(_ number: UInt32, at offset: UInt64, from bytes: UnsafeRawBufferPointer) throws(Errno) -> Int {
        guard !isReadOnly else { throw .EROFS }
        var inode = try self.inode(number)
        let sectors = inode.sectors
        var done = 0
        // The inode records the blocks allocated even if a later one fails.
        // It is left alone when nothing in it changes (the same size and
        // blocks within the same second), as Linux updates times only
        // when they move at its clock's granularity.
        defer {
            let time = now()
            let changed = done > 0 && (offset + UInt64(done) > inode.size
                || inode.modificationTime != time || inode.changeTime != time)
            if changed {
                inode.size = max(inode.size, offset + UInt64(done))
                inode.modificationTime = time
                inode.changeTime = time
            }
            if changed || inode.sectors != sectors { try? writeInode(number, inode) }
        }
        var previous: UInt32 = 0
        while done < bytes.count {
            let position = offset + UInt64(done)
            let logical = Int(position / UInt64(blockSize))
            let within = Int(position % UInt64(blockSize))
            let length = min(blockSize - within, bytes.count - done)
            if previous == 0, logical > 0 {
                previous = try mapBlock(&inode, number: number, logical - 1, allocate: false).block
            }
            // New blocks follow the file's previous one where it is free.
            // A disk that fills up part way (ENOSPC) ends the write short,
            // as write(2) on Linux returns what it wrote before an error.
            let block: UInt32, fresh: Bool
            do throws(Errno) {
                (block, fresh) = try mapBlock(&inode, number: number, logical, allocate: true,
                                              goal: previous == 0 ? 0 : previous + 1)
            } catch {
                if done > 0 { break }
                throw error
            }
            let source = bytes.baseAddress! + done
            if length == blockSize || fresh {
                try replaceBlock(block, zeroed: length != blockSize) { copy($0.baseAddress! + within, source, length) }
            } else {
                try modifyBlock(block) { copy($0.baseAddress! + within, source, length) }
            }
            previous = block
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
                let block = try mapBlock(&inode, number: number, keep - 1, allocate: false).block
                if block != 0 {
                    try modifyBlock(block) { bytes in
                        _ = UnsafeMutableRawBufferPointer(rebasing: bytes[within...]).initializeMemory(as: UInt8.self, repeating: 0)
                    }
                }
            }
        }
        inode.size = size
        inode.modificationTime = now()
        inode.changeTime = inode.modificationTime
        try writeInode(number, inode)
    }

    /// posix_fadvise(POSIX_FADV_DONTNEED): the data of file `number` in
    /// bytes `start..<end` leaves the cache — written first where dirty
    /// (with the rest of what is dirty), as Linux writes dirty pages
    /// before it drops them. Blocks partly in the range stay.
    public func dropCachedData(_ number: UInt32, from start: UInt64, to end: UInt64) throws(Errno) {
        let inode = try self.inode(number)
        guard inode.isRegular else { return }
        try cache.writeBack()
        let size = UInt64(blockSize)
        var first = Int(min((start + size - 1) / size, UInt64(Int.max)))
        let last = Int(min(min(end, inode.size + size - 1) / size, UInt64(Int.max)))
        while first < last {
            // A batch at a time: a large file's map need not fit in memory.
            var blocks: [UInt32] = []
            let batch = min(last - first, 4096)
            try mapBlocks(inode, from: first, count: batch, into: &blocks)
            for block in blocks where block != 0 { cache.dropIfClean(block) }
            first += batch
        }
    }
}

extension UnsafeRawBufferPointer {
    /// Little-endian fields at byte offsets, as ext2 stores them.
    func u16(_ offset: Int) -> UInt16 { UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
    func u32(_ offset: Int) -> UInt32 { UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
}

extension UnsafeMutableRawBufferPointer {
    func u16(_ offset: Int) -> UInt16 { UnsafeRawBufferPointer(self).u16(offset) }
    func u32(_ offset: Int) -> UInt32 { UnsafeRawBufferPointer(self).u32(offset) }
    func store16(_ offset: Int, _ value: UInt16) { storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt16.self) }
    func store32(_ offset: Int, _ value: UInt32) { storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self) }
}
