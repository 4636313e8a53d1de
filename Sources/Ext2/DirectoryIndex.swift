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
    /// A live record: its name (a copy the index owns), its inode, and
    /// where it is (the directory's logical block and the offset there).
    struct Record {
        var name: UnsafeRawBufferPointer
        var child: UInt32
        var block: Int
        var offset: Int
    }

    let directory: UInt32
    private var records: [Record?] = []
    private var freeSlots: [Int] = []
    private var index = NameIndex()
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
        for record in records { record?.name.deallocate() }
    }

    var count: Int { index.count }

    private func slot(of name: UnsafeRawBufferPointer) -> Int? {
        index.find(name, hash: NameIndex.hash(name)) { records[$0]!.name }
    }

    func find(_ name: UnsafeRawBufferPointer) -> Record? {
        slot(of: name).map { records[$0]! }
    }

    func add(_ name: UnsafeRawBufferPointer, child: UInt32, block: Int, offset: Int) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(name.count, 1), alignment: 1)
        storage.copyMemory(from: name)
        let record = Record(name: UnsafeRawBufferPointer(rebasing: storage[0..<name.count]), child: child,
                            block: block, offset: offset)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            records[slot] = record
        } else {
            slot = records.count
            records.append(record)
        }
        index.insert(slot, hash: NameIndex.hash(name)) { records[$0]!.name }
    }

    func remove(_ name: UnsafeRawBufferPointer) {
        guard let slot = slot(of: name) else { return }
        index.remove(slot, hash: NameIndex.hash(name))
        records[slot]!.name.deallocate()
        records[slot] = nil
        freeSlots.append(slot)
    }

    func setChild(of name: UnsafeRawBufferPointer, to child: UInt32) {
        guard let slot = slot(of: name) else { return }
        records[slot]!.child = child
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
