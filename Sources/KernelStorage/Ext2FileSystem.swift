import Ext2
import KernelFiles
import KernelPlatform
import KernelVirtio
import LinuxABI

/// A disk's sectors as ext2 storage.
final class BlockStorage: Ext2Storage {
    let disk: BlockDevice

    init(disk: BlockDevice) { self.disk = disk }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) {
        try disk.read(sector: offset / UInt64(disk.sectorSize), into: buffer)
    }

    func write(at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(Errno) {
        try disk.write(sector: offset / UInt64(disk.sectorSize), from: buffer)
    }

    func flush() throws(Errno) { try disk.flush() }
}

/// An ext2 disk (`runikraft run --disk`, made by `runikraft mkfs`) in the
/// VFS: vnodes stand for inodes, every operation goes to `Ext2Volume`,
/// which writes through; fsync and sync flush the disk's cache.
public final class Ext2FileSystem: FileSystem {
    let volume: Ext2Volume
    /// The vnode of each inode seen (searched by number; a Dictionary
    /// would pull Swift's seeded hashing into the kernel).
    var nodes: [Ext2Node] = []
    private var rootNode: Ext2Node!

    /// EXT2_SUPER_MAGIC.
    static let magic: Int64 = 0xef53

    public init(disk: BlockDevice, device: UInt64) throws(Errno) {
        volume = try Ext2Volume(
            storage: BlockStorage(disk: disk), readOnly: disk.isReadOnly,
            now: { UInt32(truncatingIfNeeded: Clock.realtimeNanoseconds / 1_000_000_000) })
        super.init(device: device, magic: Self.magic)
        rootNode = try node(Ext2Volume.rootInode, parent: nil)
        volume.isOpen = { [unowned(unsafe) self] number in
            nodes.contains { $0.number == number && $0.openCount > 0 }
        }
    }

    public override var root: Vnode { rootNode }
    public override var isReadOnly: Bool { volume.isReadOnly }

    public override func status() -> FileSystemStatus {
        var status = super.status()
        status.blockSize = Int64(volume.blockSize)
        status.fragmentSize = Int64(volume.blockSize)
        status.blocks = UInt64(volume.blockCount)
        status.freeBlocks = UInt64(volume.freeBlocks)
        status.availableBlocks = UInt64(volume.freeBlocks)
        status.files = UInt64(volume.inodeCount)
        status.freeFiles = UInt64(volume.freeInodes)
        return status
    }

    public override func sync() throws(Errno) { try volume.sync() }

    /// Inode `number` is gone: a new file may reuse its number.
    func forget(_ number: UInt32) {
        nodes.removeAll { $0.number == number }
    }

    func node(_ number: UInt32, parent: Ext2Node?) throws(Errno) -> Ext2Node {
        if let known = nodes.first(where: { $0.number == number }) { return known }
        let inode = try volume.inode(number)
        let node = Ext2Node(fileSystem: self, number: number, mode: UInt32(inode.mode), parent: parent)
        nodes.append(node)
        return node
    }
}

/// A file of an ext2 disk.
public final class Ext2Node: Vnode {
    let number: UInt32
    var parentNode: Ext2Node?
    /// Open file descriptions of this file: an unlinked file lives on
    /// until the last is closed.
    var openCount = 0

    var ext2: Ext2FileSystem { unsafeDowncast(fileSystem, to: Ext2FileSystem.self) }
    var volume: Ext2Volume { ext2.volume }

    init(fileSystem: Ext2FileSystem, number: UInt32, mode: UInt32, parent: Ext2Node?) {
        self.number = number
        parentNode = parent
        super.init(fileSystem: fileSystem, mode: mode, inode: UInt64(number))
    }

    public override var parent: Vnode? { parentNode }

    func writable() throws(Errno) {
        if volume.isReadOnly { throw .EROFS }
    }

    // MARK: Directories

    public override func lookup(_ name: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        guard isDirectory else { throw .ENOTDIR }
        guard let child = try volume.lookup(number, name) else { throw .ENOENT }
        let node = try ext2.node(child, parent: self)
        if node.isDirectory { node.parentNode = self }
        return node
    }

    public override func create(_ name: UnsafeRawBufferPointer, mode: UInt32, device: UInt64) throws(Errno) -> Vnode {
        guard isDirectory else { throw .ENOTDIR }
        guard linkCount > 0 else { throw .ENOENT }
        try writable()
        if try volume.lookup(number, name) != nil { throw .EEXIST }
        let type = mode & FileMode.typeMask
        guard type == FileMode.regular || type == FileMode.directory else { throw .EPERM }
        let child = try volume.create(number, name, mode: UInt16(truncatingIfNeeded: mode))
        return try ext2.node(child, parent: self)
    }

    public override func makeSymbolicLink(_ name: UnsafeRawBufferPointer, target: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        guard isDirectory else { throw .ENOTDIR }
        guard linkCount > 0 else { throw .ENOENT }
        try writable()
        let child = try volume.create(number, name, mode: UInt16(FileMode.symbolicLink | 0o777), target: target)
        return try ext2.node(child, parent: self)
    }

    public override func link(_ name: UnsafeRawBufferPointer, to file: Vnode) throws(Errno) {
        guard isDirectory else { throw .ENOTDIR }
        guard let target = file as? Ext2Node, target.fileSystem === fileSystem else { throw .EXDEV }
        try volume.link(number, name, to: target.number)
    }

    public override func remove(_ name: UnsafeRawBufferPointer, directory: Bool) throws(Errno) {
        guard isDirectory else { throw .ENOTDIR }
        guard let child = try volume.lookup(number, name) else { throw .ENOENT }
        try volume.remove(number, name, directory: directory)
        // A removed directory takes no new names and has no path (the
        // VFS reads `linkCount`).
        if directory, let node = ext2.nodes.first(where: { $0.number == child }) { node.linkCount = 0 }
        if (try? volume.inode(child))?.linkCount ?? 0 == 0 { ext2.forget(child) }
    }

    public override func rename(
        _ name: UnsafeRawBufferPointer, to target: Vnode, as newName: UnsafeRawBufferPointer, flags: Int
    ) throws(Errno) {
        guard isDirectory, let targetDirectory = target as? Ext2Node, targetDirectory.isDirectory else { throw .ENOTDIR }
        try writable()
        if flags & RenameFlags.exchange != 0 {
            try volume.exchange(number, name, with: targetDirectory.number, newName)
            for (child, parent) in [(try volume.lookup(number, name), self), (try volume.lookup(targetDirectory.number, newName), targetDirectory)] {
                if let child, let node = ext2.nodes.first(where: { $0.number == child }), node.isDirectory { node.parentNode = parent }
            }
            return
        }
        if flags & RenameFlags.noReplace != 0, try volume.lookup(targetDirectory.number, newName) != nil { throw .EEXIST }
        let replaced = try volume.lookup(targetDirectory.number, newName)
        let moving = try volume.lookup(number, name)
        try volume.rename(number, name, to: targetDirectory.number, as: newName)
        if let replaced, replaced != moving, (try? volume.inode(replaced))?.linkCount ?? 0 == 0 { ext2.forget(replaced) }
        if let moving, let node = ext2.nodes.first(where: { $0.number == moving }), node.isDirectory {
            node.parentNode = targetDirectory
        }
    }

    public override func readDirectory(from cookie: Int, _ emit: (DirectoryEntry) -> Bool) throws(Errno) -> Int {
        guard isDirectory else { throw .ENOTDIR }
        // Cookies from 2 on are 2 + the byte offset of the next record.
        var next = max(cookie, 2)
        try volume.forEachEntry(number, from: UInt64(next - 2)) { child, type, name, after in
            if name.elementsEqual([0x2e]) || name.elementsEqual([0x2e, 0x2e]) {
                next = Int(after) + 2
                return true
            }
            let entryNext = Int(after) + 2
            guard emit(DirectoryEntry(
                name: name, inode: UInt64(child), type: Ext2Volume.directoryEntryType(recordType: type), next: entryNext))
            else { return false }
            next = entryNext
            return true
        }
        return next
    }

    public override var hasEntries: Bool { (try? volume.hasEntries(number)) ?? false }

    // MARK: Files

    public override var size: Int64 { Int64((try? volume.inode(number))?.size ?? 0) }

    public override func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        guard !isDirectory else { throw .EISDIR }
        return try volume.read(number, at: UInt64(offset), into: buffer)
    }

    public override func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        guard !isDirectory else { throw .EISDIR }
        try writable()
        return try volume.write(number, at: UInt64(offset), from: bytes)
    }

    /// ext2 has no unwritten extents: growing the size gives fallocate's
    /// visible effect (blocks are allocated as written); KEEP_SIZE changes
    /// nothing visible.
    public override func allocate(at offset: Int64, length: Int64, mode: Int) throws(Errno) {
        guard !isDirectory else { throw .EISDIR }
        try writable()
        guard mode & ~AllocateMode.keepSize == 0 else { throw .EOPNOTSUPP }
        if mode & AllocateMode.keepSize == 0, offset + length > size { try resize(to: offset + length) }
    }

    public override func opened(_ file: OpenFile) throws(Errno) {
        openCount += 1
    }

    public override func released(_ file: OpenFile) {
        openCount -= 1
        if openCount == 0 { try? volume.releaseIfUnlinked(number) }
    }

    public override func resize(to size: Int64) throws(Errno) {
        guard !isDirectory else { throw .EISDIR }
        try writable()
        try volume.resize(number, to: UInt64(size))
    }

    /// Data and metadata are written through; what remains is the disk's
    /// own cache.
    public override func sync() throws(Errno) {
        guard isRegular || isDirectory else { throw .EINVAL }
        try volume.sync()
    }

    // MARK: Symbolic links

    public override func readLink() throws(Errno) -> FileName {
        guard isSymbolicLink else { throw .EINVAL }
        return try volume.readLink(number)
    }

    // MARK: Every file

    public override func describe(_ status: inout FileStatus) {
        super.describe(&status)
        guard let inode = try? volume.inode(number) else { return }
        mode = UInt32(inode.mode)
        status.inode = UInt64(number)
        status.mode = UInt32(inode.mode)
        status.linkCount = UInt32(inode.linkCount)
        status.uid = UInt32(inode.uid)
        status.gid = UInt32(inode.gid)
        status.size = Int64(inode.size)
        status.blockSize = Int32(volume.blockSize)
        status.blocks = Int64(inode.sectors)
        status.accessTime = Timespec(seconds: Int64(inode.accessTime), nanoseconds: Int64(inode.accessNanoseconds))
        status.modificationTime = Timespec(
            seconds: Int64(inode.modificationTime), nanoseconds: Int64(inode.modificationNanoseconds))
        status.changeTime = Timespec(seconds: Int64(inode.changeTime), nanoseconds: Int64(inode.changeNanoseconds))
    }

    public override func setAttributes(_ change: AttributeChange) throws(Errno) {
        try writable()
        try volume.setAttributes(
            number,
            permissions: change.permissions.map { UInt16(truncatingIfNeeded: $0) },
            uid: change.uid.map { UInt16(truncatingIfNeeded: $0) },
            gid: change.gid.map { UInt16(truncatingIfNeeded: $0) },
            accessTime: change.accessTime.map { (UInt32(truncatingIfNeeded: $0.seconds), UInt32(truncatingIfNeeded: $0.nanoseconds)) },
            modificationTime: change.modificationTime.map {
                (UInt32(truncatingIfNeeded: $0.seconds), UInt32(truncatingIfNeeded: $0.nanoseconds))
            })
        if let permissions = change.permissions {
            mode = (mode & FileMode.typeMask) | (permissions & FileMode.permissionMask)
        }
    }
}
