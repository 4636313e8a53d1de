import NameIndex

/// One directory's records in memory, the part Linux's dentry cache plays
/// for its ext2: each live name with its inode and where its record is,
/// found by name through a hash, and per directory block a bound on the
/// longest record a gap there could take. The volume builds it with one
/// pass over the directory the first time a name there is looked up, and
/// keeps it up to date through every change it makes to the directory;
/// lookups, a create's check for the name and its search for room, and an
/// unlink's search then read no more than the one block concerned.
final class DirectoryIndex {
    /// Where a live record is: its inode, and the directory's logical
    /// block and the offset there.
    struct Record {
        var child: UInt32
        var block: Int
        var offset: Int
    }

    let directory: UInt32
    private var records = NameTable<Record>()
    /// Per logical block: at least the longest record a gap there could
    /// take (placing a record leaves it; a search that finds less sets
    /// it), and the disk block (0: unknown); a directory's blocks stay
    /// where they are while it exists.
    var room: [Int] = []
    var diskBlocks: [UInt32] = []

    init(directory: UInt32) {
        self.directory = directory
    }

    deinit {
        records.removeAll()
    }

    var count: Int { records.count }

    func find(_ name: UnsafeRawBufferPointer) -> Record? {
        records.find(PackedName(name)).map { records.value($0) }
    }

    func add(_ name: UnsafeRawBufferPointer, child: UInt32, block: Int, offset: Int) {
        records.insert(PackedName(name), Record(child: child, block: block, offset: offset))
    }

    func remove(_ name: UnsafeRawBufferPointer) {
        guard let slot = records.find(PackedName(name)) else { return }
        records.remove(slot: slot)
    }

    func setChild(of name: UnsafeRawBufferPointer, to child: UInt32) {
        guard let slot = records.find(PackedName(name)) else { return }
        var record = records.value(slot)
        record.child = child
        records.setValue(record, ofSlot: slot)
    }

    func setRoom(_ length: Int, inBlock block: Int) {
        while room.count <= block {
            room.append(0)
            diskBlocks.append(0)
        }
        room[block] = length
    }

    func setDiskBlock(_ diskBlock: UInt32, of block: Int) {
        setRoom(block < room.count ? room[block] : 0, inBlock: block)
        diskBlocks[block] = diskBlock
    }
}
