/// An inode's 15 block slots, stored inline (an array would cost an
/// allocation every time an inode is read) and moved to and from the
/// on-disk inode as one 60-byte copy: ext2 is little-endian, as every
/// machine this code runs on.
public struct Ext2BlockMap {
    private var slots: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                        UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    public init() {}

    init(copying raw: UnsafeRawPointer) {
        withUnsafeMutableBytes(of: &slots) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: 60)) }
    }

    func copy(to raw: UnsafeMutableRawPointer) {
        withUnsafeBytes(of: slots) { raw.copyMemory(from: $0.baseAddress!, byteCount: 60) }
    }

    public subscript(index: Int) -> UInt32 {
        get {
            precondition(index >= 0 && index < 15)
            return withUnsafeBytes(of: slots) { $0.load(fromByteOffset: index * 4, as: UInt32.self) }
        }
        set {
            precondition(index >= 0 && index < 15)
            withUnsafeMutableBytes(of: &slots) { $0.storeBytes(of: newValue, toByteOffset: index * 4, as: UInt32.self) }
        }
    }
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
    public var blocks = Ext2BlockMap()

    public init() {}

    public var type: UInt16 { mode & 0xf000 }
    public var isDirectory: Bool { type == 0x4000 }
    public var isSymbolicLink: Bool { type == 0xa000 }
    public var isRegular: Bool { type == 0x8000 }

    /// Counts `change` more (or fewer) sectors, within range (see
    /// `Ext2Volume.adjust16`).
    mutating func addSectors(_ change: Int) {
        sectors = UInt32(clamping: Int(sectors) + change)
    }
}
