import LinuxABI

/// Directories: each block a chain of records `inode[4] rec_len[2]
/// name_len[1] file_type[1] name`, records 4-byte aligned, the last one
/// reaching the block's end; a free record has inode 0. Names, links and
/// the files behind them.
extension Ext2Volume {
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

    /// Calls `body` with each live record of directory `number` from byte
    /// `cookie` on: inode, record type, name, and the byte after the
    /// record; stops when `body` returns false.
    public func forEachEntry(
        _ number: UInt32, from cookie: UInt64 = 0,
        _ body: (UInt32, UInt8, UnsafeRawBufferPointer, UInt64) -> Bool
    ) throws(Errno) {
        var inode = try self.inode(number)
        guard inode.isDirectory else { throw .ENOTDIR }
        var position = cookie
        while position < inode.size {
            let logical = Int(position / UInt64(blockSize))
            let block = try mapBlock(&inode, number: number, logical, allocate: false)
            let base = UInt64(logical) * UInt64(blockSize)
            guard block != 0 else {
                position = base + UInt64(blockSize)
                continue
            }
            let bytes = try readBlock(block)
            var offset = 0
            // A cookie inside a block resumes at the record starting there.
            while offset < blockSize {
                let length = Int(Self.load16(bytes, offset + 4))
                guard length >= 8, offset + length <= blockSize else { throw .EIO }
                let record = base + UInt64(offset)
                if record >= position {
                    let child = Self.load32(bytes, offset)
                    let nameLength = Int(bytes[offset + 6])
                    if child != 0 {
                        let keepGoing = bytes.withUnsafeBytes { raw in
                            body(child, bytes[offset + 7],
                                 UnsafeRawBufferPointer(rebasing: raw[(offset + 8)..<(offset + 8 + nameLength)]),
                                 record + UInt64(length))
                        }
                        if !keepGoing { return }
                    }
                }
                offset += length
            }
            position = base + UInt64(blockSize)
        }
    }

    public func lookup(_ directory: UInt32, _ name: UnsafeRawBufferPointer) throws(Errno) -> UInt32? {
        var found: UInt32?
        try forEachEntry(directory) { child, _, entryName, _ in
            if entryName.elementsEqual(name) {
                found = child
                return false
            }
            return true
        }
        return found
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

    /// Offers each record of `directory` to `body` — the block's bytes,
    /// the record's offset and length, the previous record's offset in the
    /// same block — until `body` returns true; that block, as `body` left
    /// it, is then written back. Returns whether a record was taken.
    func editRecords(
        _ directory: UInt32, _ body: (inout [UInt8], _ offset: Int, _ length: Int, _ previous: Int?) -> Bool
    ) throws(Errno) -> Bool {
        var inode = try self.inode(directory)
        let blocks = Int(inode.size / UInt64(blockSize))
        for logical in 0..<blocks {
            let block = try mapBlock(&inode, number: directory, logical, allocate: false)
            guard block != 0 else { continue }
            var bytes = try readBlock(block)
            var offset = 0
            var previous: Int?
            while offset < blockSize {
                let length = Int(Self.load16(bytes, offset + 4))
                guard length >= 8, offset + length <= blockSize else { throw .EIO }
                if body(&bytes, offset, length, previous) {
                    try writeBlock(block, bytes)
                    try touchDirectory(directory)
                    return true
                }
                previous = offset
                offset += length
            }
        }
        return false
    }

    /// Whether the live record at `offset` is named `name`.
    static func recordNamed(_ bytes: [UInt8], _ offset: Int, _ name: UnsafeRawBufferPointer) -> Bool {
        let nameLength = Int(bytes[offset + 6])
        return load32(bytes, offset) != 0 && nameLength == name.count
            && bytes[(offset + 8)..<(offset + 8 + nameLength)].elementsEqual(name)
    }

    /// Adds the record `name` → `child` to `directory`: in the slack of an
    /// existing record where one has room, else in a new block.
    func addEntry(_ directory: UInt32, _ name: UnsafeRawBufferPointer, child: UInt32, type: UInt8) throws(Errno) {
        guard name.count <= 255 else { throw .ENAMETOOLONG }
        let needed = Self.recordLength(nameLength: name.count)
        let placed = try editRecords(directory) { bytes, offset, length, _ in
            let used = Self.load32(bytes, offset) == 0 ? 0 : Self.recordLength(nameLength: Int(bytes[offset + 6]))
            guard length - used >= needed else { return false }
            if used > 0 { Self.store16(&bytes, offset + 4, UInt16(used)) }
            Self.writeRecord(&bytes, at: offset + used, length: length - used, child: child, type: type, name: name)
            return true
        }
        if placed { return }
        var inode = try self.inode(directory)
        let blocks = Int(inode.size / UInt64(blockSize))
        let block = try mapBlock(&inode, number: directory, blocks, allocate: true)
        var bytes = [UInt8](repeating: 0, count: blockSize)
        Self.writeRecord(&bytes, at: 0, length: blockSize, child: child, type: type, name: name)
        try writeBlock(block, bytes)
        inode.size += UInt64(blockSize)
        // An htree index would not know the new block; drop it (the
        // records stay a valid linear directory).
        inode.flags &= ~Self.indexedDirectoryFlag
        inode.modificationTime = now()
        inode.changeTime = inode.modificationTime
        try writeInode(directory, inode)
    }

    static func writeRecord(
        _ bytes: inout [UInt8], at offset: Int, length: Int, child: UInt32, type: UInt8, name: UnsafeRawBufferPointer
    ) {
        store32(&bytes, offset, child)
        store16(&bytes, offset + 4, UInt16(length))
        bytes[offset + 6] = UInt8(name.count)
        bytes[offset + 7] = type
        for index in 0..<name.count { bytes[offset + 8 + index] = name[index] }
    }

    /// Takes `name` out of `directory` (its record joins the one before,
    /// or becomes free); returns the inode it named.
    @discardableResult
    func removeEntry(_ directory: UInt32, _ name: UnsafeRawBufferPointer) throws(Errno) -> UInt32 {
        var removed: UInt32 = 0
        let found = try editRecords(directory) { bytes, offset, length, previous in
            guard Self.recordNamed(bytes, offset, name) else { return false }
            removed = Self.load32(bytes, offset)
            if let previous {
                Self.store16(&bytes, previous + 4, Self.load16(bytes, previous + 4) + UInt16(length))
            } else {
                Self.store32(&bytes, offset, 0)
            }
            return true
        }
        guard found else { throw .ENOENT }
        return removed
    }

    func touchDirectory(_ directory: UInt32) throws(Errno) {
        var inode = try self.inode(directory)
        inode.modificationTime = now()
        inode.changeTime = inode.modificationTime
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
        guard name.count <= 255 else { throw .ENAMETOOLONG }
        guard try lookup(directory, name) == nil else { throw .EEXIST }
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
        if inode.isDirectory {
            let block = try mapBlock(&inode, number: number, 0, allocate: true)
            var bytes = [UInt8](repeating: 0, count: blockSize)
            let dots: [UInt8] = [0x2e, 0x2e]
            dots.withUnsafeBytes { name in
                Self.writeRecord(&bytes, at: 0, length: 12, child: number, type: 2,
                                 name: UnsafeRawBufferPointer(rebasing: name[..<1]))
                Self.writeRecord(&bytes, at: 12, length: blockSize - 12, child: directory, type: 2, name: name)
            }
            try writeBlock(block, bytes)
            inode.size = UInt64(blockSize)
        } else if inode.isSymbolicLink, let target {
            if target.count < 60 {
                // A fast symbolic link: the target lives in the block map.
                var raw = [UInt8](repeating: 0, count: 60)
                for index in 0..<target.count { raw[index] = target[index] }
                for index in 0..<15 { inode.blocks[index] = Self.load32(raw, 4 * index) }
            } else {
                let block = try mapBlock(&inode, number: number, 0, allocate: true)
                var bytes = [UInt8](repeating: 0, count: blockSize)
                for index in 0..<min(target.count, blockSize) { bytes[index] = target[index] }
                try writeBlock(block, bytes)
            }
            inode.size = UInt64(target.count)
        }
        try writeInode(number, inode)
        try addEntry(directory, name, child: number, type: Self.recordType(mode: mode))
        if inode.isDirectory { try adjustLinks(directory, by: 1) }
        return number
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
        let block = try mapBlock(&mapped, number: number, 0, allocate: false)
        guard block != 0, length <= blockSize else { throw .EIO }
        return Array(try readBlock(block)[..<length])
    }

    /// A new name for inode `child` (a hard link; not a directory).
    public func link(_ directory: UInt32, _ name: UnsafeRawBufferPointer, to child: UInt32) throws(Errno) {
        guard !isReadOnly else { throw .EROFS }
        let inode = try self.inode(child)
        guard !inode.isDirectory else { throw .EPERM }
        guard inode.linkCount < 32000 else { throw .EMLINK }
        guard try lookup(directory, name) == nil else { throw .EEXIST }
        try adjustLinks(child, by: 1)
        try addEntry(directory, name, child: child, type: Self.recordType(mode: inode.mode))
    }

    /// unlink (`directory` false) or rmdir (`directory` true) of `name`.
    public func remove(_ parent: UInt32, _ name: UnsafeRawBufferPointer, directory: Bool) throws(Errno) {
        guard !isReadOnly else { throw .EROFS }
        guard let child = try lookup(parent, name) else { throw .ENOENT }
        let inode = try self.inode(child)
        if directory {
            guard inode.isDirectory else { throw .ENOTDIR }
            guard try !hasEntries(child) else { throw .ENOTEMPTY }
        } else if inode.isDirectory {
            throw .EISDIR
        }
        try removeEntry(parent, name)
        if inode.isDirectory {
            try adjustLinks(parent, by: -1)
            try release(child, linksDropped: 2)
        } else {
            try release(child, linksDropped: 1)
        }
    }

    /// Drops `count` links of `number`; at none left the file's blocks and
    /// inode are freed.
    func release(_ number: UInt32, linksDropped count: Int) throws(Errno) {
        var inode = try self.inode(number)
        inode.linkCount = UInt16(max(0, Int(inode.linkCount) - count))
        if count > 0 { inode.changeTime = now() }
        guard inode.linkCount == 0, !isOpen(number) else {
            try writeInode(number, inode)
            return
        }
        if !(inode.isSymbolicLink && inode.sectors == 0) { try freeBlocks(&inode, from: 0) }
        inode.deletionTime = now()
        inode.size = 0
        try writeInode(number, inode)
        try freeInode(number, directory: inode.isDirectory)
    }

    /// Frees inode `number` if it has no links left (its last close after
    /// an unlink).
    public func releaseIfUnlinked(_ number: UInt32) throws(Errno) {
        guard try self.inode(number).linkCount == 0 else { return }
        try release(number, linksDropped: 0)
    }

    /// Rewrites the record `name` in `directory` to name `child` of `type`.
    func setEntry(_ directory: UInt32, _ name: UnsafeRawBufferPointer, child: UInt32, type: UInt8) throws(Errno) {
        let found = try editRecords(directory) { bytes, offset, _, _ in
            guard Self.recordNamed(bytes, offset, name) else { return false }
            Self.store32(&bytes, offset, child)
            bytes[offset + 7] = type
            return true
        }
        guard found else { throw .ENOENT }
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
        let block = try mapBlock(&inode, number: number, 0, allocate: false)
        var bytes = try readBlock(block)
        let dotLength = Int(Self.load16(bytes, 4))
        guard dotLength + 8 <= blockSize, bytes[dotLength + 6] == 2 else { throw .EIO }
        Self.store32(&bytes, dotLength, parent)
        try writeBlock(block, bytes)
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
