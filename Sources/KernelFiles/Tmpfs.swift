import KernelMemory
import LinuxABI
import NameIndex

/// tmpfs: a read-write file system kept in memory — the root file system
/// (filled from the initrd) and the model for others. Files hold their
/// bytes in `FileData` pages; directories map names to vnodes.
public final class Tmpfs: FileSystem {
    private var rootDirectory: TmpfsDirectory!

    /// TMPFS_MAGIC unless another `magic` is given (procfs, devfs).
    public override init(device: UInt64, magic: Int64 = 0x0102_1994) {
        super.init(device: device, magic: magic)
        rootDirectory = TmpfsDirectory(fileSystem: self, mode: FileMode.directory | 0o755, parent: nil)
    }

    public override var root: Vnode { rootDirectory }

    /// Pages in use by all files, for statfs and the size limit.
    var usedPages = 0
    var fileCount = 1
    /// The size limit in pages (mount option `size`): writes past it are
    /// ENOSPC. Unlimited by default, as far as memory goes.
    public var pageLimit = Int.max
    /// Mount option `ro`: every change is EROFS.
    public var readOnly = false

    public override var isReadOnly: Bool { readOnly }

    /// Set for procfs, built on tmpfs: see `namesAreFixed`.
    public var fixedNames = false

    public override var namesAreFixed: Bool { fixedNames }

    public override func status() -> FileSystemStatus {
        var status = super.status()
        status.blocks = UInt64(pageLimit == Int.max ? 1 << 18 : pageLimit)
        status.freeBlocks = status.blocks - UInt64(min(usedPages, Int(status.blocks)))
        status.availableBlocks = status.freeBlocks
        status.files = 1 << 20
        status.freeFiles = status.files - UInt64(fileCount)
        return status
    }

    /// A regular file with no name yet (memfd_create, O_TMPFILE).
    public func makeAnonymousFile(mode: UInt32) -> Vnode {
        let file = TmpfsFile(fileSystem: self, mode: FileMode.regular | (mode & FileMode.permissionMask))
        file.linkCount = 0
        return file
    }
}

/// A regular file of tmpfs.
public final class TmpfsFile: Vnode {
    var data = FileData()

    private var tmpfs: Tmpfs { unsafeDowncast(fileSystem, to: Tmpfs.self) }

    public override var size: Int64 { data.size }

    public override func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        data.read(into: buffer, at: offset)
    }

    public override func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        let filesystem = tmpfs
        var bytes = bytes
        if filesystem.pageLimit != Int.max {
            // As much as fits below the size limit, as Linux writes a
            // short count before ENOSPC (write(2)).
            let fitting = data.bytesFitting(at: offset, count: bytes.count, pages: filesystem.pageLimit - filesystem.usedPages)
            if fitting == 0, bytes.count > 0 { throw .ENOSPC }
            bytes = UnsafeRawBufferPointer(rebasing: bytes[..<fitting])
        }
        let before = data.allocatedPages
        let count = try data.write(bytes, at: offset)
        tmpfs.usedPages += data.allocatedPages - before
        if count > 0 { touchModification() }
        return count
    }

    /// Writes `bytes` at `offset` without an open file (the initrd unpacker).
    public func store(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(Errno) {
        _ = try data.write(bytes, at: offset)
    }

    public override func resize(to size: Int64) throws(Errno) {
        let before = data.allocatedPages
        try data.resize(to: size)
        tmpfs.usedPages += data.allocatedPages - before
        touchModification()
    }

    public override func allocate(at offset: Int64, length: Int64, mode: Int) throws(Errno) {
        guard offset >= 0, length > 0 else { throw .EINVAL }
        if mode & AllocateMode.punchHole != 0 {
            guard mode & AllocateMode.keepSize != 0 else { throw .EOPNOTSUPP }
            let before = data.allocatedPages
            data.clear(at: offset, length: length)
            tmpfs.usedPages += data.allocatedPages - before
            return
        }
        guard mode & ~AllocateMode.keepSize == 0 else { throw .EOPNOTSUPP }
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard !overflow, end <= FileData.maximumSize else { throw .EFBIG }
        // Pages appear when written; reserving them changes only the size.
        if mode & AllocateMode.keepSize == 0, end > data.size { try resize(to: end) }
    }

    public override func seek(dataOrHole hole: Bool, from offset: Int64) throws(Errno) -> Int64 {
        guard offset < data.size else { throw .ENXIO }
        var position = offset
        while position < data.size, data.hasData(at: position) == hole {
            position = (position / Int64(FileData.pageSize) + 1) * Int64(FileData.pageSize)
        }
        return min(max(position, offset), data.size)
    }

    public override var allocatedBlocks: Int64 { Int64(data.allocatedPages * (FileData.pageSize / 512)) }

    deinit {
        tmpfs.usedPages -= data.allocatedPages
        data.release()
    }
}

/// A symbolic link of tmpfs.
public final class TmpfsSymbolicLink: Vnode {
    let target: FileName

    init(fileSystem: FileSystem, target: FileName) {
        self.target = target
        super.init(fileSystem: fileSystem, mode: FileMode.symbolicLink | 0o777)
    }

    public override var size: Int64 { Int64(target.count) }
    public override func readLink() throws(Errno) -> FileName { target }
    public override var allocatedBlocks: Int64 { 0 }
}

/// A FIFO or device node of tmpfs (mknod): it has a name and attributes;
/// opening it is left to the VFS.
public final class TmpfsSpecialFile: Vnode {
    let device: UInt64

    init(fileSystem: FileSystem, mode: UInt32, device: UInt64) {
        self.device = device
        super.init(fileSystem: fileSystem, mode: mode)
    }

    /// A FIFO's pipe, made at an open when there is none and dropped when
    /// its last end closes (`forget`).
    private var pipe: Pipe?

    deinit { pipe?.fifo = nil }

    /// The pipe's last end closed: its data goes with it, as on Linux.
    func forget(_ closed: Pipe) {
        closed.fifo = nil
        if pipe === closed { pipe = nil }
    }

    public override var isSeekable: Bool { false }
    public override var allocatedBlocks: Int64 { 0 }

    public override func openTarget() throws(Errno) -> Vnode {
        guard type == FileMode.fifo else { throw .ENXIO }
        if let pipe { return pipe }
        let fresh = Pipe(named: fileSystem)
        fresh.fifo = self
        pipe = fresh
        return fresh
    }

    public override func describe(_ status: inout FileStatus) {
        super.describe(&status)
        status.specialDevice = device
    }

    public override func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        throw .ENXIO
    }

    public override func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        throw .ENXIO
    }
}

/// A directory of tmpfs: its entries in numbered slots of a `NameTable`
/// (slots freed by removal are reused), found by name through its index.
/// A listing's cookie is 2 + the slot number, so removing entries never
/// shifts a listing in progress.
public final class TmpfsDirectory: Vnode {
    private var entries = NameTable<Vnode>()
    /// The directory holding this one; nil for the root.
    var parentDirectory: TmpfsDirectory?

    private var tmpfs: Tmpfs { unsafeDowncast(fileSystem, to: Tmpfs.self) }

    init(fileSystem: FileSystem, mode: UInt32, parent: TmpfsDirectory?) {
        parentDirectory = parent
        super.init(fileSystem: fileSystem, mode: mode)
        linkCount = 2
    }

    deinit {
        entries.removeAll()
    }

    public override var parent: Vnode? { parentDirectory }
    public override var hasEntries: Bool { entries.count > 0 }

    /// Calls `body` with the vnode of each entry (for TmpfsCheck).
    func forEachEntry(_ body: (Vnode) -> Void) {
        for slot in 0..<entries.slotCount {
            if let node = entries.value(ofSlot: slot) { body(node) }
        }
    }
    /// Like Linux's tmpfs, a directory's size is a nominal 20 bytes per entry.
    public override var size: Int64 { Int64(40 + 20 * entries.count) }
    public override var isSeekable: Bool { true }

    public override var allocatedBlocks: Int64 { 0 }

    public override func lookup(_ name: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        guard let slot = entries.find(PackedName(name)) else { throw .ENOENT }
        return entries.value(slot)
    }

    /// Adds an entry `name` → `node`; EEXIST if the name is taken. File
    /// systems built on tmpfs (devfs, procfs) add their own vnodes this way.
    public func insert(_ name: UnsafeRawBufferPointer, _ node: Vnode) throws(Errno) {
        try checkTakesEntries()
        let key = PackedName(name)
        guard entries.find(key) == nil else { throw .EEXIST }
        add(key, node)
    }

    /// Adds a name known to be new.
    @inline(__always)
    private func add(_ name: PackedName, _ node: Vnode) {
        entries.insert(name, node)
        if node.isDirectory, let directory = node as? TmpfsDirectory {
            directory.parentDirectory = self
            linkCount += 1
        }
        touchModification()
    }

    /// Takes the entry `name` out and returns its vnode.
    @discardableResult
    func take(_ name: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        guard let slot = entries.find(PackedName(name)) else { throw .ENOENT }
        return take(slot: slot)
    }

    /// Takes out the entry in `slot`.
    private func take(slot: Int) -> Vnode {
        let node = entries.remove(slot: slot)
        if node.isDirectory { linkCount -= 1 }
        touchModification()
        return node
    }

    /// A removed directory takes no new entries (ENOENT, as Linux's
    /// IS_DEADDIR).
    /// Nor does any when the kernel could not grow the directory and keep
    /// half its memory reserve: ENOSPC, as a full inode table gives
    /// (architecture decision 48).
    private func checkTakesEntries() throws(Errno) {
        if linkCount == 0 { throw .ENOENT }
        guard PhysicalMemory.kernelMayTake(entries.growthBytes / PhysicalMemory.pageSize) else { throw .ENOSPC }
    }

    public override func create(_ name: UnsafeRawBufferPointer, mode: UInt32, device: UInt64) throws(Errno) -> Vnode {
        try checkTakesEntries()
        let key = PackedName(name)
        guard entries.find(key) == nil else { throw .EEXIST }
        let node: Vnode
        switch mode & FileMode.typeMask {
        case FileMode.regular: node = TmpfsFile(fileSystem: fileSystem, mode: mode)
        case FileMode.directory: node = TmpfsDirectory(fileSystem: fileSystem, mode: mode, parent: self)
        case FileMode.fifo, FileMode.characterDevice, FileMode.blockDevice, FileMode.socket:
            node = TmpfsSpecialFile(fileSystem: fileSystem, mode: mode, device: device)
        default: throw .EINVAL
        }
        add(key, node)
        tmpfs.fileCount += 1
        return node
    }

    public override func lookupOrCreate(_ name: UnsafeRawBufferPointer, mode: UInt32) throws(Errno) -> (file: Vnode, created: Bool) {
        let key = PackedName(name)
        if let slot = entries.find(key) { return (entries.value(slot), false) }
        if fileSystem.isReadOnly { throw .EROFS }
        if tmpfs.fixedNames { throw .EACCES }
        try checkTakesEntries()
        let file = TmpfsFile(fileSystem: fileSystem, mode: mode)
        add(key, file)
        tmpfs.fileCount += 1
        return (file, true)
    }

    public override func makeSymbolicLink(_ name: UnsafeRawBufferPointer, target: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        guard entries.find(PackedName(name)) == nil else { throw .EEXIST }
        let link = TmpfsSymbolicLink(fileSystem: fileSystem, target: FileName(target))
        try insert(name, link)
        tmpfs.fileCount += 1
        return link
    }

    public override func link(_ name: UnsafeRawBufferPointer, to file: Vnode) throws(Errno) {
        guard file.fileSystem === fileSystem else { throw .EXDEV }
        guard !file.isDirectory else { throw .EPERM }
        try insert(name, file)
        file.linkCount += 1
        file.touchChange()
    }

    public override func remove(_ name: UnsafeRawBufferPointer, directory: Bool) throws(Errno) {
        guard let slot = entries.find(PackedName(name)) else { throw .ENOENT }
        let node = entries.value(slot)
        if directory {
            guard node.isDirectory else { throw .ENOTDIR }
            guard !node.hasEntries else { throw .ENOTEMPTY }
        } else {
            guard !node.isDirectory else { throw .EISDIR }
        }
        guard node.mountedRoot == nil else { throw .EBUSY }
        _ = take(slot: slot)
        dropLink(node)
    }

    /// The bookkeeping when an entry for `node` is gone.
    private func dropLink(_ node: Vnode) {
        // The type bits first: a dynamic cast costs more, and most names
        // removed are files.
        if node.isDirectory, let directory = node as? TmpfsDirectory {
            directory.linkCount = 0
            directory.parentDirectory = nil
        } else {
            node.linkCount -= 1
            node.touchChange()
        }
        if node.linkCount == 0 { tmpfs.fileCount -= 1 }
    }

    public override func rename(
        _ name: UnsafeRawBufferPointer, to target: Vnode, as newName: UnsafeRawBufferPointer, flags: Int
    ) throws(Errno) {
        guard let destination = target as? TmpfsDirectory, target.fileSystem === fileSystem else { throw .EXDEV }
        let source = try lookup(name)
        let existing = try? destination.lookup(newName)
        if flags & RenameFlags.exchange != 0 {
            guard let existing else { throw .ENOENT }
            try take(name)
            try destination.take(newName)
            try insert(name, existing)
            try destination.insert(newName, source)
            return
        }
        if let existing {
            if flags & RenameFlags.noReplace != 0 { throw .EEXIST }
            if existing === source { return }
            if source.isDirectory {
                guard existing.isDirectory else { throw .ENOTDIR }
                guard !existing.hasEntries else { throw .ENOTEMPTY }
            } else if existing.isDirectory {
                throw .EISDIR
            }
            guard existing.mountedRoot == nil else { throw .EBUSY }
            try destination.take(newName)
            destination.dropLink(existing)
        }
        try take(name)
        try destination.insert(newName, source)
        source.touchChange()
    }

    public override func readDirectory(from cookie: Int, _ emit: (DirectoryEntry) -> Bool) throws(Errno) -> Int {
        var position = max(cookie, 2) - 2
        while position < entries.slotCount {
            if let node = entries.value(ofSlot: position), let name = entries.name(ofSlot: position) {
                let keepGoing = name.withBytes { name in
                    emit(DirectoryEntry(
                        name: name, inode: node.inode, type: DirectoryEntryType.of(mode: node.mode), next: position + 3))
                }
                if !keepGoing { return position + 2 }
            }
            position += 1
        }
        return position + 2
    }
}
