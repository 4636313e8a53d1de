import LinuxABI

/// An open file description (open(2)): the file, the position and the
/// status flags, shared by every descriptor that dup(2) made from one open.
public final class OpenFile {
    public let vnode: Vnode
    /// The access mode and status flags (F_GETFL): O_ACCMODE bits, O_APPEND,
    /// O_NONBLOCK, O_PATH, ...
    public var flags: Int
    public var offset: Int64 = 0
    /// Where it was opened: the directory (its name there is looked up
    /// when asked for, so that opening allocates nothing), or just an
    /// absolute name (`directory` nil). /proc/self/fd reports the path.
    public let directory: Vnode?
    public let name: FileName
    /// The file's `isSeekable`, asked once: every read and write needs it.
    public let isSeekable: Bool

    /// Makes the description and tells the file (`Vnode.opened`).
    /// Open file descriptions in memory, for the self-check at the
    /// program's end (`rk.selfcheck`): none may outlive the descriptors.
    /// Changed only with interrupts off (syscalls).
    nonisolated(unsafe) public private(set) static var liveCount = 0

    public init(vnode: Vnode, flags: Int, directory: Vnode?, name: FileName) throws(Errno) {
        OpenFile.liveCount += 1
        self.vnode = vnode
        self.flags = flags & ~OpenFlags.creationOnly
        self.directory = directory
        self.name = name
        isSeekable = vnode.isSeekable
        if !isPathOnly {
            try vnode.opened(self)
            isOpen = true
        }
    }

    /// Whether the file accepted the open (`opened`), so must hear of its
    /// end: a refused open (a FIFO's ENXIO) is not counted.
    private var isOpen = false

    /// Linux's mark on the path of a file whose last name is gone.
    static let deletedSuffix: FileName = [0x20, 0x28, 0x64, 0x65, 0x6c, 0x65, 0x74, 0x65, 0x64, 0x29]   // " (deleted)"

    /// The absolute path it was opened by (readlink of /proc/self/fd/N).
    public var path: FileName {
        guard let directory, let root = MountTable.root else { return name }
        if vnode.isDirectory { return PathResolver.absolutePath(of: vnode, root: root) }
        var path = PathResolver.absolutePath(of: directory, root: root)
        if path.count > 1 { path.append(UInt8(ascii: "/")) }
        path.append(contentsOf: name.isEmpty ? PathResolver.name(of: vnode, in: directory) ?? [] : name)
        if vnode.linkCount == 0 { path.append(contentsOf: OpenFile.deletedSuffix) }
        return path
    }

    deinit {
        OpenFile.liveCount -= 1
        if isOpen { vnode.released(self) }
    }

    public var isPathOnly: Bool { flags & OpenFlags.path != 0 }
    public var isReadable: Bool {
        !isPathOnly && flags & OpenFlags.accessMode != OpenFlags.writeOnly
    }
    public var isWritable: Bool {
        !isPathOnly && flags & OpenFlags.accessMode != OpenFlags.readOnly
    }
    public var isNonBlocking: Bool { flags & OpenFlags.nonBlocking != 0 }

    /// read(2): at the position, which advances by what was read.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        guard isReadable else { throw .EBADF }
        let count = try vnode.read(into: buffer, at: offset, file: self)
        if isSeekable { offset += Int64(count) }
        return count
    }

    /// write(2): at the position (at the end with O_APPEND).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(Errno) -> Int {
        guard isWritable else { throw .EBADF }
        if isSeekable, flags & OpenFlags.append != 0 { offset = vnode.size }
        let count = try vnode.write(bytes, at: offset, file: self)
        if isSeekable { offset += Int64(count) }
        return count
    }

    /// pread(2): at `position`, leaving the offset alone.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at position: Int64) throws(Errno) -> Int {
        // Linux checks the descriptor can pread (FMODE_PREAD) before that
        // it can read: a pipe's write end is ESPIPE, not EBADF.
        guard isSeekable else { throw .ESPIPE }
        guard isReadable else { throw .EBADF }
        guard position >= 0 else { throw .EINVAL }
        return try vnode.read(into: buffer, at: position, file: self)
    }

    /// pwrite(2). Like Linux, O_APPEND makes it append all the same.
    public func write(_ bytes: UnsafeRawBufferPointer, at position: Int64) throws(Errno) -> Int {
        guard isSeekable else { throw .ESPIPE }
        guard isWritable else { throw .EBADF }
        guard position >= 0 else { throw .EINVAL }
        let target = flags & OpenFlags.append != 0 ? vnode.size : position
        return try vnode.write(bytes, at: target, file: self)
    }

    /// lseek(2).
    public func seek(_ distance: Int64, whence: Int) throws(Errno) -> Int64 {
        guard !isPathOnly else { throw .EBADF }
        guard isSeekable else { throw .ESPIPE }
        if vnode.ignoresSeeks { return 0 }
        let base: Int64
        switch whence {
        case SeekWhence.set: base = 0
        case SeekWhence.current: base = offset
        case SeekWhence.end: base = vnode.size
        case SeekWhence.data, SeekWhence.hole:
            guard distance >= 0 else { throw .ENXIO }
            offset = try vnode.seek(dataOrHole: whence == SeekWhence.hole, from: distance)
            return offset
        default: throw .EINVAL
        }
        let (target, overflow) = base.addingReportingOverflow(distance)
        guard !overflow else { throw .EOVERFLOW }
        guard target >= 0 else { throw .EINVAL }
        offset = target
        return target
    }
}
