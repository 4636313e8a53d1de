import Ext2
import KernelFiles
import KernelMemory
import KernelPlatform
import KernelScheduler
import KernelVirtio
import LinuxABI

/// A disk's sectors as ext2 storage.
final class BlockStorage: Ext2Storage {
    let disk: BlockDevice

    init(disk: BlockDevice) { self.disk = disk }

    var maximumSegments: Int { disk.maximumSegments }

    /// The cache is kernel memory that can do without growing: it stays
    /// out of the kernel's reserve (architecture decision 48).
    func cacheMayGrow(by bytes: Int) -> Bool {
        PhysicalMemory.mayTake((bytes + PhysicalMemory.pageSize - 1) / PhysicalMemory.pageSize)
    }

    func perform(_ requests: [StorageRequest]) throws(Errno) {
        let sectorSize = UInt64(disk.sectorSize)
        try disk.perform(requests.map {
            BlockRequest(isWrite: $0.isWrite, sector: $0.offset / sectorSize, buffers: $0.buffers)
        })
    }

    func flush() throws(Errno) { try disk.flush() }
}

/// An ext2 disk (`runikraft run --disk`, made by `runikraft mkfs`) in the
/// VFS: vnodes stand for inodes, every operation goes to `Ext2Volume`,
/// whose block cache holds changes until sync (fsync, fdatasync, sync,
/// syncfs, the program's end) or until too many blocks are dirty.
///
/// A disk request sleeps, and another thread could then find the volume
/// half-way through a change: every operation holds the file system's
/// lock.
public final class Ext2FileSystem: FileSystem {
    let volume: Ext2Volume
    let lock = SleepingLock()
    /// The vnode of each inode seen, in buckets by inode number (a
    /// Dictionary would pull Swift's seeded hashing into the kernel).
    private var buckets = [[Ext2Node]](repeating: [], count: 256)
    private var rootNode: Ext2Node!

    /// EXT2_SUPER_MAGIC.
    static let magic: Int64 = 0xef53
    /// The block cache takes up to this part of the memory free at mount
    /// (16 MiB of 128 MiB); half of it may be dirty.
    static let cacheShare = 8

    public init(disk: BlockDevice, device: UInt64) throws(Errno) {
        volume = try Ext2Volume(
            storage: BlockStorage(disk: disk),
            cacheBytes: PhysicalMemory.freePageCount * PhysicalMemory.pageSize / Self.cacheShare,
            readOnly: disk.isReadOnly,
            now: { UInt32(truncatingIfNeeded: Clock.realtimeNanoseconds / 1_000_000_000) },
            copy: { ByteCopy.copy(to: $0, from: $1, count: $2) })
        super.init(device: device, magic: Self.magic)
        rootNode = try node(Ext2Volume.rootInode, parent: nil)
        volume.isOpen = { [unowned(unsafe) self] number in
            (known(number)?.openCount ?? 0) > 0
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

    public override func sync() throws(Errno) {
        try lock.holding { () throws(Errno) in try volume.sync() }
    }

    public override func unmount() throws(Errno) {
        try lock.holding { () throws(Errno) in try volume.unmount() }
    }

    /// The vnode of inode `number`, if one was made.
    func known(_ number: UInt32) -> Ext2Node? {
        buckets[Int(number & 255)].first { $0.number == number }
    }

    /// Inode `number` is gone: a new file may reuse its number.
    func forget(_ number: UInt32) {
        buckets[Int(number & 255)].removeAll { $0.number == number }
    }

    func node(_ number: UInt32, parent: Ext2Node?) throws(Errno) -> Ext2Node {
        if let known = known(number) { return known }
        let inode = try volume.inode(number)
        // A name (or the mount) leads here, so the inode has links: one
        // that says it has none is a corrupt disk's, and its last close
        // would free an inode that names still reach.
        guard inode.linkCount > 0 else { throw .EIO }
        let node = Ext2Node(fileSystem: self, number: number, mode: UInt32(inode.mode), parent: parent)
        buckets[Int(number & 255)].append(node)
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
    /// How the file has been read lately (one state per file, not per
    /// open file: two readers of one file share it).
    var readAhead = Ext2ReadAhead()

    /// The file system's parts every operation uses. Held strongly, like
    /// `Vnode.fileSystem`: an unowned reference is retained and released
    /// around every use.
    let ext2: Ext2FileSystem
    let volume: Ext2Volume
    let lock: SleepingLock

    init(fileSystem: Ext2FileSystem, number: UInt32, mode: UInt32, parent: Ext2Node?) {
        self.number = number
        parentNode = parent
        ext2 = fileSystem
        volume = fileSystem.volume
        lock = fileSystem.lock
        super.init(fileSystem: fileSystem, mode: mode, inode: UInt64(number))
    }

    public override var parent: Vnode? { parentNode }

    /// `body` with the file system's lock held.
    func locked<Result>(_ body: () throws(Errno) -> Result) throws(Errno) -> Result {
        try lock.holding(body)
    }

    func writable() throws(Errno) {
        if volume.isReadOnly { throw .EROFS }
    }

    /// A new name costs kernel memory (its vnode, the directory's index):
    /// ENOSPC once the kernel could not keep half its reserve, as tmpfs
    /// gives (architecture decision 48).
    func roomForName() throws(Errno) {
        try writable()
        guard PhysicalMemory.kernelMayTake() else { throw .ENOSPC }
    }

    // MARK: Directories

    public override func lookup(_ name: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        guard isDirectory else { throw .ENOTDIR }
        return try locked { () throws(Errno) in
            guard let child = try volume.lookup(number, name) else { throw .ENOENT }
            // A new vnode is kernel memory kept while its inode lives:
            // ENOMEM once half the kernel's reserve is gone (decision 48).
            if ext2.known(child) == nil, !PhysicalMemory.kernelMayTake() { throw .ENOMEM }
            let node = try ext2.node(child, parent: self)
            if node.isDirectory {
                // A directory named here that holds this one (a corrupt
                // disk's link back to an ancestor or the root) would close
                // a loop of parents that ".." and rename's checks climb
                // for ever; Linux's lookup refuses it with EIO as well
                // (d_splice_alias).
                var ancestor: Ext2Node? = self
                while let current = ancestor {
                    if current === node { throw .EIO }
                    ancestor = current.parentNode
                }
                node.parentNode = self
            }
            return node
        }
    }

    public override func create(_ name: UnsafeRawBufferPointer, mode: UInt32, device: UInt64) throws(Errno) -> Vnode {
        guard isDirectory else { throw .ENOTDIR }
        guard linkCount > 0 else { throw .ENOENT }
        try roomForName()
        return try locked { () throws(Errno) in
            let type = mode & FileMode.typeMask
            guard type == FileMode.regular || type == FileMode.directory else {
                // EEXIST wins over the type ext2 here cannot make.
                if try volume.lookup(number, name) != nil { throw .EEXIST }
                throw .EPERM
            }
            let child = try volume.create(number, name, mode: UInt16(truncatingIfNeeded: mode))
            return try ext2.node(child, parent: self)
        }
    }

    public override func makeSymbolicLink(_ name: UnsafeRawBufferPointer, target: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        guard isDirectory else { throw .ENOTDIR }
        guard linkCount > 0 else { throw .ENOENT }
        try roomForName()
        return try locked { () throws(Errno) in
            let child = try volume.create(number, name, mode: UInt16(FileMode.symbolicLink | 0o777), target: target)
            return try ext2.node(child, parent: self)
        }
    }

    public override func link(_ name: UnsafeRawBufferPointer, to file: Vnode) throws(Errno) {
        guard isDirectory else { throw .ENOTDIR }
        guard let target = file as? Ext2Node, target.fileSystem === fileSystem else { throw .EXDEV }
        try roomForName()
        try locked { () throws(Errno) in try volume.link(number, name, to: target.number) }
    }

    public override func remove(_ name: UnsafeRawBufferPointer, directory: Bool) throws(Errno) {
        guard isDirectory else { throw .ENOTDIR }
        try locked { () throws(Errno) in
            let (child, unlinked) = try volume.remove(number, name, directory: directory)
            // A removed directory takes no new names and has no path (the
            // VFS reads `linkCount`).
            if directory, let node = ext2.known(child) { node.linkCount = 0 }
            if unlinked { ext2.forget(child) }
        }
    }

    public override func rename(
        _ name: UnsafeRawBufferPointer, to target: Vnode, as newName: UnsafeRawBufferPointer, flags: Int
    ) throws(Errno) {
        guard isDirectory, let targetDirectory = target as? Ext2Node, targetDirectory.isDirectory else { throw .ENOTDIR }
        try writable()
        try locked { () throws(Errno) in
            if flags & RenameFlags.exchange != 0 {
                try volume.exchange(number, name, with: targetDirectory.number, newName)
                for (child, parent) in [(try volume.lookup(number, name), self),
                                        (try volume.lookup(targetDirectory.number, newName), targetDirectory)] {
                    if let child, let node = ext2.known(child), node.isDirectory { node.parentNode = parent }
                }
                return
            }
            let replaced = try volume.lookup(targetDirectory.number, newName)
            if flags & RenameFlags.noReplace != 0, replaced != nil { throw .EEXIST }
            let moving = try volume.lookup(number, name)
            try volume.rename(number, name, to: targetDirectory.number, as: newName)
            if let replaced, replaced != moving, (try? volume.inode(replaced))?.linkCount ?? 0 == 0 { ext2.forget(replaced) }
            if let moving, let node = ext2.known(moving), node.isDirectory { node.parentNode = targetDirectory }
        }
    }

    public override func readDirectory(from cookie: Int, _ emit: (DirectoryEntry) -> Bool) throws(Errno) -> Int {
        guard isDirectory else { throw .ENOTDIR }
        return try locked { () throws(Errno) in
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
    }

    public override var hasEntries: Bool {
        (try? locked { () throws(Errno) in try volume.hasEntries(number) }) ?? false
    }

    // MARK: Files

    public override var size: Int64 {
        (try? locked { () throws(Errno) in Int64(try volume.inode(number).size) }) ?? 0
    }

    public override func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        guard !isDirectory else { throw .EISDIR }
        return try locked { () throws(Errno) in
            try volume.read(number, at: UInt64(offset), into: buffer, readAhead: &readAhead)
        }
    }

    public override func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        guard !isDirectory else { throw .EISDIR }
        try writable()
        return try locked { () throws(Errno) in try volume.write(number, at: UInt64(offset), from: bytes) }
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
        if openCount == 0 { try? locked { () throws(Errno) in try volume.releaseIfUnlinked(number) } }
    }

    public override func resize(to size: Int64) throws(Errno) {
        guard !isDirectory else { throw .EISDIR }
        try writable()
        try locked { () throws(Errno) in try volume.resize(number, to: UInt64(size)) }
    }

    /// fsync/fdatasync: everything dirty in the cache is written (this
    /// file's data and metadata among it), then the disk's cache flushed.
    public override func sync() throws(Errno) {
        guard isRegular || isDirectory else { throw .EINVAL }
        try locked { () throws(Errno) in try volume.sync() }
    }

    /// posix_fadvise(POSIX_FADV_DONTNEED): the file's cached data in the
    /// range leaves the cache, written first where dirty (Linux starts
    /// writing dirty pages before it drops the clean ones).
    public override func dropCleanData(from start: Int64, to end: Int64) {
        guard isRegular else { return }
        try? locked { () throws(Errno) in
            try volume.dropCachedData(number, from: UInt64(max(start, 0)), to: UInt64(max(end, 0)))
        }
    }

    // MARK: Symbolic links

    public override func readLink() throws(Errno) -> FileName {
        guard isSymbolicLink else { throw .EINVAL }
        return try locked { () throws(Errno) in try volume.readLink(number) }
    }

    // MARK: Every file

    public override var allocatedBlocks: Int64 {
        (try? locked { () throws(Errno) in Int64(try volume.inode(number).sectors) }) ?? 0
    }

    /// Every field from the inode, read once.
    public override func describe(_ status: inout FileStatus) {
        guard let inode = try? locked({ () throws(Errno) in try volume.inode(number) }) else {
            super.describe(&status)
            return
        }
        status = FileStatus()
        status.device = fileSystem.device
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
        try locked { () throws(Errno) in
            try volume.setAttributes(
                number,
                permissions: change.permissions.map { UInt16(truncatingIfNeeded: $0) },
                uid: change.uid.map { UInt16(truncatingIfNeeded: $0) },
                gid: change.gid.map { UInt16(truncatingIfNeeded: $0) },
                accessTime: change.accessTime.map { (UInt32(truncatingIfNeeded: $0.seconds), UInt32(truncatingIfNeeded: $0.nanoseconds)) },
                modificationTime: change.modificationTime.map {
                    (UInt32(truncatingIfNeeded: $0.seconds), UInt32(truncatingIfNeeded: $0.nanoseconds))
                })
        }
        if let permissions = change.permissions {
            mode = (mode & FileMode.typeMask) | (permissions & FileMode.permissionMask)
        }
    }
}
