import LinuxABI

/// Directories: each block a chain of records `inode[4] rec_len[2]
/// name_len[1] file_type[1] name`, records 4-byte aligned, the last one
/// reaching the block's end; a free record has inode 0. Names, links and
/// the files behind them.
extension Ext2Volume {
    /// Where a record is: its directory block (on disk, and the byte of the
    /// directory it starts), its offset and length in the block, and the
    /// previous record's offset there (nil for the block's first).
    struct DirectoryRecord {
        var block: UInt32
        var base: UInt64
        var offset: Int
        var length: Int
        var previous: Int?
    }

    /// `file_type` of a directory record (the FILETYPE feature) for `mode`;
    /// it equals Linux's `d_type` shifted: 1 regular, 2 directory, 7 link.
    static func recordType(mode: UInt16) -> UInt8 {
        switch mode & 0xf000 {
        case 0x8000: 1
        case 0x4000: 2
        case 0x2000: 3
        case 0x6000: 4
        case 0x1000: 5
        case 0xc000: 6
        case 0xa000: 7
        default: 0
        }
    }

    /// Linux `d_type` for a record's `file_type`.
    public static func directoryEntryType(recordType: UInt8) -> UInt8 {
        let types: [UInt8] = [0, 8, 4, 2, 6, 1, 12, 10]
        return Int(recordType) < types.count ? types[Int(recordType)] : 0
    }

    static func recordLength(nameLength: Int) -> Int { (8 + nameLength + 3) & ~3 }

    /// Calls `body` with each record of the directory block `block` (the
    /// directory's bytes from `base` on) until it returns true; returns
    /// that record.
    private func walkBlock(
        _ block: UInt32, base: UInt64, _ body: (DirectoryRecord, UnsafeRawBufferPointer) -> Bool
    ) throws(Errno) -> DirectoryRecord? {
        let blockSize = blockSize
        return try readBlock(block) { bytes throws(Errno) -> DirectoryRecord? in
            var record = DirectoryRecord(block: block, base: base, offset: 0, length: 0, previous: nil)
            while record.offset < blockSize {
                record.length = Int(bytes.u16(record.offset + 4))
                guard record.length >= 8, record.offset + record.length <= blockSize,
                      8 + Int(bytes[record.offset + 6]) <= record.length
                else { throw .EIO }
                if body(record, bytes) { return record }
                record.previous = record.offset
                record.offset += record.length
            }
            return nil
        }
    }

    /// `walkBlock` on logical block `logical` of the directory `index`
    /// indexes.
    private func walkBlock(
        of index: DirectoryIndex, _ logical: Int, _ body: (DirectoryRecord, UnsafeRawBufferPointer) -> Bool
    ) throws(Errno) -> DirectoryRecord? {
        var block = logical < index.diskBlocks.count ? index.diskBlocks[logical] : 0
        if block == 0 {
            var inode = try self.inode(index.directory)
            block = try mapBlock(&inode, number: index.directory, logical, allocate: false).block
            guard block != 0 else { return nil }
            index.setDiskBlock(block, of: logical)
        }
        return try walkBlock(block, base: UInt64(logical) * UInt64(blockSize), body)
    }

    /// Calls `body` with each record of `directory`, free ones included,
    /// from the block holding byte `start` on, until `body` returns true;
    /// returns whether it did.
    private func walkRecords(
        _ directory: UInt32, from start: UInt64 = 0,
        _ body: (DirectoryRecord, UnsafeRawBufferPointer) -> Bool
    ) throws(Errno) -> Bool {
        var inode = try self.inode(directory)
        guard inode.isDirectory else { throw .ENOTDIR }
        let blocks = Int(inode.size / UInt64(blockSize))
        let first = Int(start / UInt64(blockSize))
        for logical in first..<max(blocks, first) {
            let block = try mapBlock(&inode, number: directory, logical, allocate: false).block
            // Directories have no holes: one is a corrupt disk's (as
            // Linux's ext2 finds it, reading a record of length 0), and
            // a size past the blocks would be walked hole by hole.
            guard block != 0 else { throw .EIO }
            if try walkBlock(block, base: UInt64(logical) * UInt64(blockSize), body) != nil { return true }
        }
        return false
    }

    /// Bytes the live record at `offset` takes (0 for a free record).
    static func usedLength(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> Int {
        bytes.u32(offset) == 0 ? 0 : recordLength(nameLength: Int(bytes[offset + 6]))
    }

    // MARK: Indexes

    /// `directory`'s index, made by reading the directory when there is
    /// none; nil for a directory with more names than the indexes may hold
    /// together (`indexedNameLimit`), which is searched record by record.
    /// Indexes are dropped least recently used first to stay within the
    /// limits.
    func directoryIndex(_ directory: UInt32) throws(Errno) -> DirectoryIndex? {
        if let position = directoryIndexes.lastIndex(where: { $0.directory == directory }) {
            if position != directoryIndexes.count - 1 { directoryIndexes.append(directoryIndexes.remove(at: position)) }
            return directoryIndexes[directoryIndexes.count - 1]
        }
        guard !unindexedDirectories.contains(directory) else { return nil }
        let index = DirectoryIndex(directory: directory)
        let blockSize = UInt64(blockSize)
        var tooLarge = false
        _ = try walkRecords(directory) { record, bytes in
            let logical = Int(record.base / blockSize)
            let used = Self.usedLength(bytes, record.offset)
            if record.offset == 0 { index.setDiskBlock(record.block, of: logical) }
            let room = logical < index.room.count ? index.room[logical] : 0
            index.setRoom(max(room, record.length - used), inBlock: logical)
            guard used > 0 else { return false }
            let name = UnsafeRawBufferPointer(rebasing: bytes[(record.offset + 8)..<(record.offset + 8 + Int(bytes[record.offset + 6]))])
            index.add(name, child: bytes.u32(record.offset), block: logical, offset: record.offset)
            tooLarge = index.count > indexedNameLimit
            return tooLarge
        }
        if tooLarge {
            unindexedDirectories.append(directory)
            return nil
        }
        var names = directoryIndexes.reduce(index.count) { $0 + $1.count }
        while !directoryIndexes.isEmpty, names > indexedNameLimit || directoryIndexes.count >= indexLimit {
            names -= directoryIndexes.removeFirst().count
        }
        directoryIndexes.append(index)
        return index
    }

    /// `directory`'s index if it has one (none is made).
    func existingIndex(_ directory: UInt32) -> DirectoryIndex? {
        directoryIndexes.last { $0.directory == directory }
    }

    /// Forgets `directory`'s index (the directory is gone, or a change to
    /// it failed part way).
    func dropIndex(_ directory: UInt32) {
        directoryIndexes.removeAll { $0.directory == directory }
        unindexedDirectories.removeAll { $0 == directory }
    }

    // MARK: Names

    /// Calls `body` with each live record of directory `number` from byte
    /// `cookie` on: inode, record type, name, and the byte after the
    /// record; stops when `body` returns false.
    public func forEachEntry(
        _ number: UInt32, from cookie: UInt64 = 0,
        _ body: (UInt32, UInt8, UnsafeRawBufferPointer, UInt64) -> Bool
    ) throws(Errno) {
        // A cookie inside a block resumes at the record starting there.
        _ = try walkRecords(number, from: cookie) { record, bytes in
            let position = record.base + UInt64(record.offset)
            let child = bytes.u32(record.offset)
            guard position >= cookie, child != 0 else { return false }
            let name = UnsafeRawBufferPointer(rebasing: bytes[(record.offset + 8)..<(record.offset + 8 + Int(bytes[record.offset + 6]))])
            return !body(child, bytes[record.offset + 7], name, position + UInt64(record.length))
        }
    }

    /// Whether the live record at `offset` is named `name`.
    static func recordNamed(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ name: UnsafeRawBufferPointer) -> Bool {
        let nameLength = Int(bytes[offset + 6])
        return nameLength == name.count && bytes.u32(offset) != 0
            && UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + nameLength)]).elementsEqual(name)
    }

    /// The record naming `name` in `directory` and the inode it names.
    func locate(_ directory: UInt32, _ name: UnsafeRawBufferPointer) throws(Errno) -> (record: DirectoryRecord, child: UInt32)? {
        if let index = try directoryIndex(directory) {
            guard let found = index.find(name) else { return nil }
            if let record = try walkBlock(of: index, found.block, { record, bytes in
                record.offset == found.offset && Self.recordNamed(bytes, record.offset, name)
            }) {
                return (record, found.child)
            }
            // The index disagrees with the disk, which it cannot unless
            // the disk changed under it: read the directory instead.
            dropIndex(directory)
        }
        var found: (record: DirectoryRecord, child: UInt32)?
        _ = try walkRecords(directory) { record, bytes in
            guard Self.recordNamed(bytes, record.offset, name) else { return false }
            found = (record, bytes.u32(record.offset))
            return true
        }
        return found
    }

    public func lookup(_ directory: UInt32, _ name: UnsafeRawBufferPointer) throws(Errno) -> UInt32? {
        if let index = try directoryIndex(directory) { return index.find(name)?.child }
        return try locate(directory, name)?.child
    }

    /// Whether directory `number` has entries besides "." and "..".
    public func hasEntries(_ number: UInt32) throws(Errno) -> Bool {
        var any = false
        try forEachEntry(number) { _, _, name, _ in
            if name.elementsEqual([0x2e]) || name.elementsEqual([0x2e, 0x2e]) { return true }
            any = true
            return false
        }
        return any
    }

    /// The first record of `directory` with room after it for `name`'s
    /// record (nil: none, a block must be added); with `refusingExisting`,
    /// EEXIST if `name` is there.
    func findRoom(_ directory: UInt32, for name: UnsafeRawBufferPointer, refusingExisting: Bool) throws(Errno) -> DirectoryRecord? {
        guard name.count <= 255 else { throw .ENAMETOOLONG }
        let needed = Self.recordLength(nameLength: name.count)
        let fits = { (record: DirectoryRecord, bytes: UnsafeRawBufferPointer) in
            record.length - Self.usedLength(bytes, record.offset) >= needed
        }
        if let index = try directoryIndex(directory) {
            if refusingExisting, index.find(name) != nil { throw .EEXIST }
            // The index's room is at least what a block has: a block that
            // turns out to have less says how much it has.
            for logical in index.room.indices where index.room[logical] >= needed {
                var largest = 0
                if let record = try walkBlock(of: index, logical, { record, bytes in
                    largest = max(largest, record.length - Self.usedLength(bytes, record.offset))
                    return largest >= needed
                }) {
                    return record
                }
                index.setRoom(largest, inBlock: logical)
            }
            return nil
        }
        var room: DirectoryRecord?
        var exists = false
        _ = try walkRecords(directory) { record, bytes in
            if refusingExisting, Self.recordNamed(bytes, record.offset, name) {
                exists = true
                return true
            }
            if room == nil, fits(record, bytes) {
                room = record
                return !refusingExisting
            }
            return false
        }
        if exists { throw .EEXIST }
        return room
    }

    /// Adds the record `name` → `child` to `directory` where `findRoom`
    /// found room: in the slack of that record, else in a new block.
    func place(_ directory: UInt32, in room: DirectoryRecord?, _ name: UnsafeRawBufferPointer, child: UInt32, type: UInt8) throws(Errno) {
        let index = existingIndex(directory)
        do throws(Errno) {
            if let room {
                // The block's room in the index stays: still at least what
                // the block has.
                let offset = try modifyBlock(room.block) { bytes in
                    let used = Self.usedLength(UnsafeRawBufferPointer(bytes), room.offset)
                    if used > 0 { bytes.store16(room.offset + 4, UInt16(used)) }
                    Self.writeRecord(bytes, at: room.offset + used, length: room.length - used, child: child, type: type, name: name)
                    return room.offset + used
                }
                index?.add(name, child: child, block: Int(room.base / UInt64(blockSize)), offset: offset)
                try touchDirectory(directory)
                return
            }
            var inode = try self.inode(directory)
            let blocks = Int(inode.size / UInt64(blockSize))
            let previous = blocks > 0 ? try mapBlock(&inode, number: directory, blocks - 1, allocate: false).block : 0
            let block = try mapBlock(&inode, number: directory, blocks, allocate: true, goal: previous == 0 ? 0 : previous + 1).block
            let blockSize = blockSize
            try replaceBlock(block, zeroed: true) { bytes in
                Self.writeRecord(bytes, at: 0, length: blockSize, child: child, type: type, name: name)
            }
            index?.add(name, child: child, block: blocks, offset: 0)
            index?.setDiskBlock(block, of: blocks)
            index?.setRoom(blockSize - Self.recordLength(nameLength: name.count), inBlock: blocks)
            inode.size += UInt64(blockSize)
            // An htree index would not know the new block; drop it (the
            // records stay a valid linear directory).
            inode.flags &= ~Self.indexedDirectoryFlag
            inode.modificationTime = now()
            inode.changeTime = inode.modificationTime
            try writeInode(directory, inode)
        } catch {
            dropIndex(directory)
            throw error
        }
    }

    /// Adds the record `name` → `child` to `directory` (the caller knows
    /// the name is not there).
    func addEntry(_ directory: UInt32, _ name: UnsafeRawBufferPointer, child: UInt32, type: UInt8) throws(Errno) {
        try place(directory, in: try findRoom(directory, for: name, refusingExisting: false), name, child: child, type: type)
    }

    static func writeRecord(
        _ bytes: UnsafeMutableRawBufferPointer, at offset: Int, length: Int, child: UInt32, type: UInt8,
        name: UnsafeRawBufferPointer
    ) {
        bytes.store32(offset, child)
        bytes.store16(offset + 4, UInt16(length))
        bytes[offset + 6] = UInt8(name.count)
        bytes[offset + 7] = type
        UnsafeMutableRawBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + name.count)]).copyMemory(from: name)
    }

    /// Takes the record `name` at `record` out of `directory`: it joins
    /// the one before, or becomes free.
    func removeRecord(_ directory: UInt32, at record: DirectoryRecord, name: UnsafeRawBufferPointer) throws(Errno) {
        let index = existingIndex(directory)
        do throws(Errno) {
            // The gap this leaves: the record before, grown, or this one.
            let gap = try modifyBlock(record.block) { bytes in
                guard let previous = record.previous else {
                    bytes.store32(record.offset, 0)
                    return record.length
                }
                let length = Int(bytes.u16(previous + 4)) + record.length
                bytes.store16(previous + 4, UInt16(length))
                return length - Self.usedLength(UnsafeRawBufferPointer(bytes), previous)
            }
            if let index {
                let logical = Int(record.base / UInt64(blockSize))
                index.remove(name)
                index.setRoom(max(gap, logical < index.room.count ? index.room[logical] : 0), inBlock: logical)
            }
            try touchDirectory(directory)
        } catch {
            dropIndex(directory)
            throw error
        }
    }

    /// Takes `name` out of `directory`; returns the inode it named.
    @discardableResult
    func removeEntry(_ directory: UInt32, _ name: UnsafeRawBufferPointer) throws(Errno) -> UInt32 {
        guard let (record, child) = try locate(directory, name) else { throw .ENOENT }
        try removeRecord(directory, at: record, name: name)
        return child
    }

    /// A directory's records changed: its times move (left alone within
    /// the same second, as `write` leaves a file's), and an htree index
    /// that would not know the change is dropped.
    func touchDirectory(_ directory: UInt32) throws(Errno) {
        var inode = try self.inode(directory)
        let time = now()
        guard inode.modificationTime != time || inode.changeTime != time
            || inode.flags & Self.indexedDirectoryFlag != 0
        else { return }
        inode.modificationTime = time
        inode.changeTime = time
        inode.flags &= ~Self.indexedDirectoryFlag
        try writeInode(directory, inode)
    }

    /// Makes `name` in `directory`: a file of `mode`'s type (a directory
    /// gets "." and ".."; a symbolic link gets `target`). Returns its inode.
    public func create(
        _ directory: UInt32, _ name: UnsafeRawBufferPointer, mode: UInt16, uid: UInt16 = 0, gid: UInt16 = 0,
        target: UnsafeRawBufferPointer? = nil
    ) throws(Errno) -> UInt32 {
        guard !isReadOnly else { throw .EROFS }
        // One pass over the directory checks the name and finds room.
        let room = try findRoom(directory, for: name, refusingExisting: true)
        var inode = Ext2Inode()
        inode.mode = mode
        inode.uid = uid
        inode.gid = gid
        inode.linkCount = inode.isDirectory ? 2 : 1
        let time = now()
        inode.accessTime = time
        inode.changeTime = time
        inode.modificationTime = time
        let number = try allocateInode(directory: inode.isDirectory, near: directory)
        do throws(Errno) {
            try fill(&inode, number, in: directory, target: target)
            try writeInode(number, inode)
            try place(directory, in: room, name, child: number, type: Self.recordType(mode: mode))
        } catch {
            // A full disk (no block for the directory, the link or the new
            // entry): the inode and what it took go back, so the volume
            // stays consistent.
            try? release(number, inode, linksDropped: Int(inode.linkCount))
            throw error
        }
        if inode.isDirectory { try adjustLinks(directory, by: 1) }
        return number
    }

    /// The first contents of new inode `number`: "." and ".." for a
    /// directory, the target of a symbolic link.
    private func fill(
        _ inode: inout Ext2Inode, _ number: UInt32, in directory: UInt32, target: UnsafeRawBufferPointer?
    ) throws(Errno) {
        let blockSize = blockSize
        if inode.isDirectory {
            let block = try mapBlock(&inode, number: number, 0, allocate: true).block
            try replaceBlock(block, zeroed: true) { bytes in
                let dots: [UInt8] = [0x2e, 0x2e]
                dots.withUnsafeBytes { name in
                    Self.writeRecord(bytes, at: 0, length: 12, child: number, type: 2,
                                     name: UnsafeRawBufferPointer(rebasing: name[..<1]))
                    Self.writeRecord(bytes, at: 12, length: blockSize - 12, child: directory, type: 2, name: name)
                }
            }
            inode.size = UInt64(blockSize)
        } else if inode.isSymbolicLink, let target {
            if target.count < 60 {
                // A fast symbolic link: the target lives in the block map.
                var raw = [UInt8](repeating: 0, count: 60)
                for index in 0..<target.count { raw[index] = target[index] }
                for index in 0..<15 { inode.blocks[index] = Self.load32(raw, 4 * index) }
            } else {
                let block = try mapBlock(&inode, number: number, 0, allocate: true).block
                try replaceBlock(block, zeroed: true) { bytes in
                    UnsafeMutableRawBufferPointer(rebasing: bytes[..<min(target.count, blockSize)])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: target[..<min(target.count, blockSize)]))
                }
            }
            inode.size = UInt64(target.count)
        }
    }

    func adjustLinks(_ number: UInt32, by change: Int) throws(Errno) {
        var inode = try self.inode(number)
        inode.linkCount = UInt16(max(0, Int(inode.linkCount) + change))
        inode.changeTime = now()
        try writeInode(number, inode)
    }

    /// The target of symbolic link `number`.
    public func readLink(_ number: UInt32) throws(Errno) -> [UInt8] {
        let inode = try self.inode(number)
        guard inode.isSymbolicLink else { throw .EINVAL }
        let length = Int(inode.size)
        if inode.sectors == 0, length < 60 {
            var raw = [UInt8](repeating: 0, count: 60)
            for index in 0..<15 { Self.store32(&raw, 4 * index, inode.blocks[index]) }
            return Array(raw[..<length])
        }
        var mapped = inode
        let block = try mapBlock(&mapped, number: number, 0, allocate: false).block
        guard block != 0, length <= blockSize else { throw .EIO }
        return try readBlock(block) { Array($0[..<length]) }
    }

    /// A new name for inode `child` (a hard link; not a directory).
    public func link(_ directory: UInt32, _ name: UnsafeRawBufferPointer, to child: UInt32) throws(Errno) {
        guard !isReadOnly else { throw .EROFS }
        let inode = try self.inode(child)
        guard !inode.isDirectory else { throw .EPERM }
        guard inode.linkCount < 32000 else { throw .EMLINK }
        let room = try findRoom(directory, for: name, refusingExisting: true)
        try adjustLinks(child, by: 1)
        try place(directory, in: room, name, child: child, type: Self.recordType(mode: inode.mode))
    }

    /// unlink (`directory` false) or rmdir (`directory` true) of `name`;
    /// returns the inode it named and whether that has no name left.
    @discardableResult
    public func remove(
        _ parent: UInt32, _ name: UnsafeRawBufferPointer, directory: Bool
    ) throws(Errno) -> (child: UInt32, unlinked: Bool) {
        guard !isReadOnly else { throw .EROFS }
        guard let (record, child) = try locate(parent, name) else { throw .ENOENT }
        let inode = try self.inode(child)
        if directory {
            guard inode.isDirectory else { throw .ENOTDIR }
            guard try !hasEntries(child) else { throw .ENOTEMPTY }
        } else if inode.isDirectory {
            throw .EISDIR
        }
        try removeRecord(parent, at: record, name: name)
        if inode.isDirectory { try adjustLinks(parent, by: -1) }
        let dropped = inode.isDirectory ? 2 : 1
        try release(child, inode, linksDropped: dropped)
        return (child, Int(inode.linkCount) <= dropped)
    }

    /// Drops `count` links of `number` (whose inode is `inode`); at none
    /// left the file's blocks and inode are freed, unless it is open.
    func release(_ number: UInt32, _ inode: Ext2Inode, linksDropped count: Int) throws(Errno) {
        var inode = inode
        inode.linkCount = UInt16(max(0, Int(inode.linkCount) - count))
        if count > 0 { inode.changeTime = now() }
        guard inode.linkCount == 0, !isOpen(number) else {
            try writeInode(number, inode)
            return
        }
        if !(inode.isSymbolicLink && inode.sectors == 0) { try freeBlocks(&inode, from: 0) }
        if inode.isDirectory { dropIndex(number) }
        inode.deletionTime = now()
        inode.size = 0
        try writeInode(number, inode)
        try freeInode(number, directory: inode.isDirectory)
    }

    /// Frees inode `number` if it has no links left (its last close after
    /// an unlink).
    public func releaseIfUnlinked(_ number: UInt32) throws(Errno) {
        let inode = try self.inode(number)
        guard inode.linkCount == 0 else { return }
        try release(number, inode, linksDropped: 0)
    }

    /// Rewrites the record `name` in `directory` to name `child` of `type`.
    func setEntry(_ directory: UInt32, _ name: UnsafeRawBufferPointer, child: UInt32, type: UInt8) throws(Errno) {
        guard let (record, _) = try locate(directory, name) else { throw .ENOENT }
        try modifyBlock(record.block) { bytes in
            bytes.store32(record.offset, child)
            bytes[record.offset + 7] = type
        }
        existingIndex(directory)?.setChild(of: name, to: child)
        try touchDirectory(directory)
    }

    /// renameat2(RENAME_EXCHANGE): the two names swap files.
    public func exchange(
        _ parent: UInt32, _ name: UnsafeRawBufferPointer, with newParent: UInt32, _ newName: UnsafeRawBufferPointer
    ) throws(Errno) {
        guard !isReadOnly else { throw .EROFS }
        guard let first = try lookup(parent, name), let second = try lookup(newParent, newName) else { throw .ENOENT }
        let firstInode = try self.inode(first)
        let secondInode = try self.inode(second)
        try setEntry(parent, name, child: second, type: Self.recordType(mode: secondInode.mode))
        try setEntry(newParent, newName, child: first, type: Self.recordType(mode: firstInode.mode))
        guard parent != newParent else { return }
        if firstInode.isDirectory {
            try setParent(of: first, to: newParent)
            try adjustLinks(parent, by: -1)
            try adjustLinks(newParent, by: 1)
        }
        if secondInode.isDirectory {
            try setParent(of: second, to: parent)
            try adjustLinks(newParent, by: -1)
            try adjustLinks(parent, by: 1)
        }
    }

    /// rename(2): `name` in `parent` becomes `newName` in `newParent`,
    /// replacing what was there (an empty directory, or a non-directory
    /// for a non-directory).
    public func rename(
        _ parent: UInt32, _ name: UnsafeRawBufferPointer, to newParent: UInt32, as newName: UnsafeRawBufferPointer
    ) throws(Errno) {
        guard !isReadOnly else { throw .EROFS }
        guard let child = try lookup(parent, name) else { throw .ENOENT }
        let inode = try self.inode(child)
        if let existing = try lookup(newParent, newName) {
            if existing == child { return }
            let victim = try self.inode(existing)
            if inode.isDirectory {
                guard victim.isDirectory else { throw .ENOTDIR }
                guard try !hasEntries(existing) else { throw .ENOTEMPTY }
            } else if victim.isDirectory {
                throw .EISDIR
            }
            try remove(newParent, newName, directory: victim.isDirectory)
        }
        try addEntry(newParent, newName, child: child, type: Self.recordType(mode: inode.mode))
        try removeEntry(parent, name)
        if inode.isDirectory, parent != newParent {
            try setParent(of: child, to: newParent)
            try adjustLinks(parent, by: -1)
            try adjustLinks(newParent, by: 1)
        }
    }

    /// Points directory `number`'s ".." at `parent`.
    func setParent(of number: UInt32, to parent: UInt32) throws(Errno) {
        var inode = try self.inode(number)
        let block = try mapBlock(&inode, number: number, 0, allocate: false).block
        let blockSize = blockSize
        try modifyBlock(block) { bytes throws(Errno) in
            let dotLength = Int(bytes.u16(4))
            guard dotLength + 8 <= blockSize, bytes[dotLength + 6] == 2 else { throw .EIO }
            bytes.store32(dotLength, parent)
        }
        let dots: [UInt8] = [0x2e, 0x2e]
        dots.withUnsafeBytes { existingIndex(number)?.setChild(of: $0, to: parent) }
    }

    /// chmod/chown/utimens: the fields given change, ctime moves.
    public func setAttributes(
        _ number: UInt32, permissions: UInt16?, uid: UInt16?, gid: UInt16?,
        accessTime: (seconds: UInt32, nanoseconds: UInt32)?, modificationTime: (seconds: UInt32, nanoseconds: UInt32)?
    ) throws(Errno) {
        var inode = try self.inode(number)
        if let permissions { inode.mode = (inode.mode & 0xf000) | (permissions & 0o7777) }
        if let uid { inode.uid = uid }
        if let gid { inode.gid = gid }
        if let accessTime { (inode.accessTime, inode.accessNanoseconds) = accessTime }
        if let modificationTime { (inode.modificationTime, inode.modificationNanoseconds) = modificationTime }
        inode.changeTime = now()
        try writeInode(number, inode)
    }
}
