import LinuxABI

/// A mounted file system: the source of its vnodes. Subclasses (tmpfs,
/// devfs, procfs, 9p, ext2) create their root vnode in
/// their initialiser and answer statfs and sync.
open class FileSystem {
    /// `st_dev` of its files.
    public let device: UInt64
    /// `f_type` (statfs(2)): the file system's magic number.
    public let magic: Int64
    private var lastInode: UInt64 = 0
    /// Vnodes of this file system in memory (made and not yet freed), for
    /// the self-check at the program's end (`rk.selfcheck`): every one
    /// must be reachable from the root then. Changed only with interrupts
    /// off (syscalls), like the vnodes themselves.
    public internal(set) var liveVnodes = 0

    public init(device: UInt64, magic: Int64) {
        self.device = device
        self.magic = magic
    }

    /// The root directory; set by the subclass's initialiser.
    open var root: Vnode { fatalError() }

    /// An inode number unique in this file system.
    public func nextInode() -> UInt64 {
        lastInode += 1
        return lastInode
    }

    /// statfs(2).
    open func status() -> FileSystemStatus {
        var status = FileSystemStatus()
        status.type = magic
        status.id = (Int32(truncatingIfNeeded: device), 0)
        return status
    }

    /// sync(2)/syncfs(2): everything written reaches stable storage.
    open func sync() throws(Errno) {}

    /// The program's end: everything is written, as by `sync`, and the
    /// file system left as a clean unmount leaves it.
    open func unmount() throws(Errno) { try sync() }

    /// Whether it refuses changes (EROFS).
    open var isReadOnly: Bool { false }

    /// Whether its names are the kernel's alone (procfs): a program can
    /// neither add, remove nor rename one (EPERM, and EACCES for a file
    /// open(2) would create), as Linux's procfs has no such operations.
    open var namesAreFixed: Bool { false }

    /// Whether its names can change without the kernel doing it (a host
    /// folder over 9p): path resolution then keeps no directory it found.
    open var namesChangeElsewhere: Bool { false }
}

/// The mount table: which file system's root covers which directory.
/// Path resolution crosses mount points through `Vnode.mountedRoot` and
/// `Vnode.coveredDirectory`; this list keeps the file systems alive and
/// lets sync(2) reach each one.
public enum MountTable {
    public struct Mount {
        public let fileSystem: FileSystem
        /// Where it is mounted, as an absolute path.
        public let path: FileName
    }

    nonisolated(unsafe) public private(set) static var mounts: [Mount] = []
    /// The root of the name space ("/").
    nonisolated(unsafe) public private(set) static var root: Vnode?

    /// Makes `fileSystem` the root file system.
    public static func mountRoot(_ fileSystem: FileSystem) {
        mounts = [Mount(fileSystem: fileSystem, path: [0x2f])]
        root = fileSystem.root
    }

    /// Mounts `fileSystem` on the directory `directory` (found at `path`).
    public static func mount(_ fileSystem: FileSystem, on directory: Vnode, path: FileName) throws(Errno) {
        guard directory.isDirectory else { throw .ENOTDIR }
        guard directory.mountedRoot == nil else { throw .EBUSY }
        directory.mountedRoot = fileSystem.root
        fileSystem.root.coveredDirectory = directory
        mounts.append(Mount(fileSystem: fileSystem, path: path))
        PathResolver.namesChanged()
        if fileSystem.namesChangeElsewhere { PathResolver.keepsLeadingDirectory = false }
    }

    /// Mounts `fileSystem` at an absolute `path`, made as a directory of the
    /// file system there if it does not exist yet.
    public static func mount(_ fileSystem: FileSystem, at path: StaticString) throws(Errno) {
        let bytes = UnsafeRawBufferPointer(start: path.utf8Start, count: path.utf8CodeUnitCount)
        guard let root else { throw .ENOENT }
        let location = try PathResolver.resolve(bytes, from: root, root: root, followFinal: true, parentOnly: true)
        let name = location.name
        var directory: Vnode
        do throws(Errno) {
            directory = try location.directory.lookup(name)
        } catch {
            directory = try location.directory.create(name, mode: FileMode.directory | 0o755, device: 0)
        }
        try mount(fileSystem, on: directory, path: FileName(bytes))
    }

    /// sync(2).
    public static func syncAll() {
        for mount in mounts { try? mount.fileSystem.sync() }
    }

    /// The program's end: every file system written and left clean.
    public static func unmountAll() {
        for mount in mounts { try? mount.fileSystem.unmount() }
    }
}
