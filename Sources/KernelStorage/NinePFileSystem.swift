import KernelFiles
import KernelMemory
import KernelVirtio
import LinuxABI
import NineP

/// A host folder over virtio-9p (9P2000.L): every operation is a message
/// to qemu, which performs it on the host folder, so the host's file
/// system gives the semantics (and its errno values) and fsync reaches the
/// host's disk. Each file the VFS has seen keeps a fid naming it, and one
/// opened fid for its I/O, opened on first use. Vnodes are kept per server
/// file (qid path), so a file looked up twice is one vnode, as the VFS
/// expects of mount points and hard links.
public final class NinePFileSystem: FileSystem {
    typealias Client = NinePClient<NinePChannel>
    let client: Client
    private var rootNode: NinePNode!
    /// The vnode of each server file seen.
    private var nodes = KnownNodes()

    /// V9FS_MAGIC, as statfs reports a 9p mount on Linux.
    static let magic: Int64 = 0x0102_1997

    /// Attaches to the channel's export as root.
    public init(channel: NinePChannel, device: UInt64) throws(Errno) {
        client = Client(transport: channel)
        super.init(device: device, magic: Self.magic)
        let user: StaticString = "root"
        let qid = try client.attach(
            user: UnsafeRawBufferPointer(start: user.utf8Start, count: user.utf8CodeUnitCount),
            uid: 0, name: UnsafeRawBufferPointer(start: nil, count: 0))
        let attributes = try client.attributes(Client.rootFid)
        rootNode = NinePNode(fileSystem: self, fid: Client.rootFid, qid: qid, mode: attributes.mode, parent: nil)
        nodes.add(rootNode)
    }

    public override var root: Vnode { rootNode }
    /// The host may rename or remove its files at any time.
    public override var namesChangeElsewhere: Bool { true }

    public override func status() -> FileSystemStatus {
        var status = super.status()
        guard let server = try? client.fileSystemStatus(Client.rootFid) else { return status }
        status.blockSize = Int64(server.blockSize)
        status.fragmentSize = Int64(server.blockSize)
        status.blocks = server.blocks
        status.freeBlocks = server.freeBlocks
        status.availableBlocks = server.availableBlocks
        status.files = server.files
        status.freeFiles = server.freeFiles
        status.nameLength = Int64(server.nameLength)
        return status
    }

    /// The vnode for server file `qid`, reached as `name` from `parent`
    /// through the new fid `fid` (clunked if the file already has a vnode).
    /// Its mode comes from the server unless the caller knows it (a file
    /// it just made; `status()` asks the server each time anyway). A new
    /// vnode is kernel memory kept while the file is known: one for a file
    /// not just `made` is refused with ENOMEM once half the kernel's
    /// reserve is gone (architecture decision 48).
    func node(
        fid: UInt32, qid: NinePQid, parent: NinePNode, mode knownMode: UInt32? = nil, made: Bool = false
    ) throws(Errno) -> NinePNode {
        if let known = nodes.find(qid.path) {
            client.clunk(fid)
            if known.isDirectory, known !== rootNode {
                // A directory that holds `parent` named inside it (a server
                // answering nonsense, a bind mount of an ancestor) would
                // close a loop of parents that ".." and rename's checks
                // climb for ever: EIO, as Linux's lookup gives.
                var ancestor: NinePNode? = parent
                while let current = ancestor {
                    if current === known { throw .EIO }
                    ancestor = current.parentNode
                }
                known.parentNode = parent
            }
            return known
        }
        guard made || PhysicalMemory.kernelMayTake() else {
            client.clunk(fid)
            throw .ENOMEM
        }
        let mode: UInt32
        if let knownMode {
            mode = knownMode
        } else {
            do throws(Errno) {
                mode = try client.attributes(fid).mode
            } catch {
                client.clunk(fid)
                throw error
            }
        }
        let node = NinePNode(fileSystem: self, fid: fid, qid: qid, mode: mode, parent: parent)
        nodes.add(node)
        return node
    }

    /// The server removed a name of the file `node` names: the vnode is
    /// forgotten (open files keep it), and a later lookup of another name
    /// of the file makes a new one.
    func forget(_ node: NinePNode) {
        nodes.remove(node)
    }
}

/// A file of a 9p mount.
public final class NinePNode: Vnode {
    let fid: UInt32
    let qid: NinePQid
    /// The fid opened for reads and writes (or, for a directory, listing).
    var ioFid: UInt32?
    /// A directory's listing cookies: cookie 2 + i continues at the
    /// server's offset `listingOffsets[i]`. Server offsets are opaque
    /// 64-bit values (often hash positions near 2^63), so they are not
    /// handed to the program as they are.
    var listingOffsets: [UInt64] = [0]
    /// ".." — for a directory, the one it was last found in (a directory
    /// has one parent; renames move it).
    var parentNode: NinePNode?

    var nineP: NinePFileSystem { unsafeDowncast(fileSystem, to: NinePFileSystem.self) }
    var client: NinePFileSystem.Client { nineP.client }

    init(fileSystem: NinePFileSystem, fid: UInt32, qid: NinePQid, mode: UInt32, parent: NinePNode?) {
        self.fid = fid
        self.qid = qid
        parentNode = parent
        super.init(fileSystem: fileSystem, mode: mode, inode: qid.path)
    }

    public override var parent: Vnode? { parentNode }

    // MARK: Directories

    public override func lookup(_ name: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        try lookup(name, mode: nil)
    }

    /// lookup, for a file whose mode is known or that was just `made`
    /// (`node(fid:qid:parent:mode:made:)`).
    func lookup(_ name: UnsafeRawBufferPointer, mode: UInt32?, made: Bool = false) throws(Errno) -> Vnode {
        guard isDirectory else { throw .ENOTDIR }
        let newFid = client.allocateFid()
        let qid: NinePQid?
        do throws(Errno) {
            qid = try client.walk(fid, to: newFid, name: name)
        } catch {
            // A failed walk makes no fid on the server; only ours is freed.
            client.clunk(newFid)
            throw error
        }
        guard let qid else { throw .EIO }
        return try nineP.node(fid: newFid, qid: qid, parent: self, mode: mode, made: made)
    }

    /// Every message is a round trip to the host, so none is spent asking
    /// whether the name is taken: Tmkdir and Tlcreate (with O_EXCL) fail
    /// with EEXIST themselves.
    public override func create(_ name: UnsafeRawBufferPointer, mode: UInt32, device: UInt64) throws(Errno) -> Vnode {
        guard isDirectory else { throw .ENOTDIR }
        guard linkCount > 0 else { throw .ENOENT }
        try roomForName()
        let permissions = mode & FileMode.permissionMask
        switch mode & FileMode.typeMask {
        case FileMode.directory:
            _ = try client.makeDirectory(fid, name: name, mode: permissions, gid: 0)
        case FileMode.regular:
            // Tlcreate turns a copy of the directory's fid into the new,
            // opened file; it then serves the file's I/O.
            let openFid = client.allocateFid()
            do throws(Errno) {
                try client.walk(fid, to: openFid, name: nil)
            } catch {
                client.clunk(openFid)
                throw error
            }
            do throws(Errno) {
                _ = try client.create(
                    openFid, name: name,
                    flags: UInt32(OpenFlags.readWrite | OpenFlags.create | OpenFlags.exclusive),
                    mode: permissions, gid: 0)
            } catch {
                client.clunk(openFid)
                throw error
            }
            let node = try lookup(name, mode: FileMode.regular | permissions, made: true)
            if let file = node as? NinePNode, file.ioFid == nil {
                file.ioFid = openFid
            } else {
                client.clunk(openFid)
            }
            touchModification()
            return node
        default:
            // FIFOs and device nodes would be host files of those kinds;
            // a name already taken is still EEXIST first.
            if (try? lookup(name)) != nil { throw .EEXIST }
            throw .EPERM
        }
        touchModification()
        return try lookup(name, mode: nil, made: true)
    }

    /// A new name's vnode is kernel memory: ENOSPC once the kernel could
    /// not keep half its reserve, before the server is asked (decision 48).
    private func roomForName() throws(Errno) {
        guard PhysicalMemory.kernelMayTake() else { throw .ENOSPC }
    }

    public override func makeSymbolicLink(_ name: UnsafeRawBufferPointer, target: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        guard isDirectory else { throw .ENOTDIR }
        guard linkCount > 0 else { throw .ENOENT }
        try roomForName()
        _ = try client.makeSymbolicLink(fid, name: name, target: target, gid: 0)
        return try lookup(name, mode: nil, made: true)
    }

    public override func link(_ name: UnsafeRawBufferPointer, to file: Vnode) throws(Errno) {
        guard isDirectory else { throw .ENOTDIR }
        guard let target = file as? NinePNode, target.fileSystem === fileSystem else { throw .EXDEV }
        try client.link(fid, to: target.fid, name: name)
    }

    public override func remove(_ name: UnsafeRawBufferPointer, directory: Bool) throws(Errno) {
        guard isDirectory else { throw .ENOTDIR }
        let victim = try lookup(name)
        // unlink(2) of a directory is EISDIR on Linux (the host would say
        // EISDIR too, but some hosts say EPERM); rmdir of a file ENOTDIR.
        if !directory, victim.isDirectory { throw .EISDIR }
        if directory, !victim.isDirectory { throw .ENOTDIR }
        try client.unlink(fid, name: name, isDirectory: directory)
        // A removed directory takes no new names and has no path (the
        // VFS reads `linkCount`).
        if directory { victim.linkCount = 0 }
        // Without asking the server whether other names remain (a round
        // trip per unlink): the attributes come from the server anyway.
        if let node = victim as? NinePNode { nineP.forget(node) }
    }

    public override func rename(
        _ name: UnsafeRawBufferPointer, to target: Vnode, as newName: UnsafeRawBufferPointer, flags: Int
    ) throws(Errno) {
        guard isDirectory, let targetDirectory = target as? NinePNode, targetDirectory.isDirectory else { throw .ENOTDIR }
        if flags & RenameFlags.noReplace != 0, (try? targetDirectory.lookup(newName)) != nil { throw .EEXIST }
        guard flags & RenameFlags.exchange != 0 else {
            let moving = try lookup(name) as? NinePNode
            let replaced = try? targetDirectory.lookup(newName) as? NinePNode
            try client.rename(fid, name: name, to: targetDirectory.fid, as: newName)
            // The server moves fids with their files; the replaced file's
            // vnode is gone from the name space (its number may be reused).
            if let replaced, replaced !== moving { nineP.forget(replaced) }
            if let moving, moving.isDirectory { moving.parentNode = targetDirectory }
            return
        }
        // 9P2000.L has no exchange: three renames through a name of our
        // own (not atomic: a crash between them leaves the temporary name).
        let temporary: StaticString = ".runikraft-exchange"
        let spare = UnsafeRawBufferPointer(start: temporary.utf8Start, count: temporary.utf8CodeUnitCount)
        let first = try lookup(name) as? NinePNode
        let second = try targetDirectory.lookup(newName) as? NinePNode
        try client.rename(fid, name: name, to: fid, as: spare)
        try client.rename(targetDirectory.fid, name: newName, to: fid, as: name)
        try client.rename(fid, name: spare, to: targetDirectory.fid, as: newName)
        if let first, first.isDirectory { first.parentNode = targetDirectory }
        if let second, second.isDirectory { second.parentNode = self }
    }

    public override func readDirectory(from cookie: Int, _ emit: (DirectoryEntry) -> Bool) throws(Errno) -> Int {
        guard isDirectory else { throw .ENOTDIR }
        let listing = try openedFid()
        // The VFS gives "." and ".." cookies 0 and 1; a listing from the
        // start forgets the cookies of earlier listings.
        if cookie <= 2 { listingOffsets = [0] }
        let index = max(cookie, 2) - 2
        guard index < listingOffsets.count else { return cookie }
        var offset = listingOffsets[index]
        var next = max(cookie, 2)
        while true {
            var stopped = false
            let requested = offset
            let count = try client.readDirectory(listing, from: offset) { qid, after, type, name in
                offset = after
                if name.elementsEqual([0x2e]) || name.elementsEqual([0x2e, 0x2e]) { return true }
                listingOffsets.append(after)
                let entryNext = 2 + listingOffsets.count - 1
                guard emit(DirectoryEntry(name: name, inode: qid.path, type: type, next: entryNext)) else {
                    stopped = true
                    return false
                }
                next = entryNext
                return true
            }
            if count == 0 || stopped { return next }
            // A server whose listing does not move on would be asked again
            // for ever.
            guard offset != requested else { throw .EIO }
        }
    }

    public override var hasEntries: Bool {
        var found = false
        _ = try? readDirectory(from: 2) { _ in
            found = true
            return false
        }
        return found
    }

    // MARK: Files

    /// The fid for I/O, opened read-write where the host allows, else
    /// read-only, else write-only (a directory: read-only).
    func openedFid() throws(Errno) -> UInt32 {
        if let ioFid { return ioFid }
        let newFid = client.allocateFid()
        do throws(Errno) {
            try client.walk(fid, to: newFid, name: nil)
        } catch {
            client.clunk(newFid)
            throw error
        }
        let modes = isDirectory
            ? [OpenFlags.readOnly | OpenFlags.directory]
            : [OpenFlags.readWrite, OpenFlags.readOnly, OpenFlags.writeOnly]
        var failure = Errno.EACCES
        for flags in modes {
            do throws(Errno) {
                try client.open(newFid, flags: UInt32(flags))
                ioFid = newFid
                return newFid
            } catch {
                failure = error
            }
        }
        client.clunk(newFid)
        throw failure
    }

    /// The file's attributes, through its open fid where it has one: that
    /// still reaches a file unlinked while open.
    func currentAttributes() -> NinePAttributes? {
        if let ioFid, let attributes = try? client.attributes(ioFid) { return attributes }
        return try? client.attributes(fid)
    }

    public override var size: Int64 {
        Int64(truncatingIfNeeded: currentAttributes()?.size ?? 0)
    }

    public override func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        guard !isDirectory else { throw .EISDIR }
        let io = try openedFid()
        var done = 0
        while done < buffer.count {
            let count = try client.read(
                io, at: UInt64(offset) + UInt64(done), into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
            if count == 0 { break }
            done += count
        }
        return done
    }

    public override func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        guard !isDirectory else { throw .EISDIR }
        let io = try openedFid()
        var done = 0
        while done < bytes.count {
            let count = try client.write(io, at: UInt64(offset) + UInt64(done), UnsafeRawBufferPointer(rebasing: bytes[done...]))
            if count == 0 { break }
            done += count
        }
        return done
    }

    public override func resize(to size: Int64) throws(Errno) {
        guard !isDirectory else { throw .EISDIR }
        var change = NinePAttributeChange()
        change.size = UInt64(size)
        try client.setAttributes(fid, change)
    }

    /// 9P2000.L has no fallocate: growing the size gives its visible
    /// effect (the host allocates as it writes); KEEP_SIZE changes nothing
    /// visible.
    public override func allocate(at offset: Int64, length: Int64, mode: Int) throws(Errno) {
        guard !isDirectory else { throw .EISDIR }
        guard mode & ~AllocateMode.keepSize == 0 else { throw .EOPNOTSUPP }
        if mode & AllocateMode.keepSize == 0, offset + length > size { try resize(to: offset + length) }
    }

    public override func sync() throws(Errno) {
        guard isRegular || isDirectory else { throw .EINVAL }
        try client.sync(try openedFid(), dataOnly: false)
    }

    // MARK: Symbolic links

    public override func readLink() throws(Errno) -> FileName {
        guard isSymbolicLink else { throw .EINVAL }
        return try client.readLink(fid)
    }

    // MARK: Every file

    public override func describe(_ status: inout FileStatus) {
        super.describe(&status)
        guard let attributes = currentAttributes() else { return }
        mode = attributes.mode
        status.inode = qid.path
        status.mode = attributes.mode
        status.linkCount = UInt32(truncatingIfNeeded: attributes.linkCount)
        status.uid = attributes.uid
        status.gid = attributes.gid
        status.specialDevice = attributes.specialDevice
        status.size = Int64(truncatingIfNeeded: attributes.size)
        status.blockSize = Int32(truncatingIfNeeded: attributes.blockSize)
        status.blocks = Int64(truncatingIfNeeded: attributes.blocks)
        status.accessTime = attributes.accessTime
        status.modificationTime = attributes.modificationTime
        status.changeTime = attributes.changeTime
    }

    public override func setAttributes(_ change: AttributeChange) throws(Errno) {
        var request = NinePAttributeChange()
        if let permissions = change.permissions {
            request.mode = (mode & FileMode.typeMask) | (permissions & FileMode.permissionMask)
        }
        request.uid = change.uid
        request.gid = change.gid
        if let time = change.accessTime { request.accessTime = .some(time) }
        if let time = change.modificationTime { request.modificationTime = .some(time) }
        try client.setAttributes(fid, request)
        if let newMode = request.mode { mode = newMode }
    }

    public override func bytesReadable(_ file: OpenFile) throws(Errno) -> Int {
        guard isRegular else { throw .ENOTTY }
        // The size is the server's word: one past Int64.max reads as
        // negative, and must not overflow the subtraction.
        let size = self.size
        return size > file.offset ? Int(size - file.offset) : 0
    }
}
