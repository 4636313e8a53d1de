import KernelPlatform
import LinuxABI

/// A file's name within its directory: bytes, never a Swift `String` (the
/// kernel keeps Unicode tables out), at most `FileName.maximumLength`.
public typealias FileName = [UInt8]

public enum FileNames {
    /// NAME_MAX: longer components are ENAMETOOLONG.
    public static let maximumLength = 255
    public static let dot: FileName = [0x2e]
    public static let dotDot: FileName = [0x2e, 0x2e]
}

/// One entry of a directory listing, as `Vnode.readDirectory` hands it out.
public struct DirectoryEntry {
    public var name: UnsafeRawBufferPointer
    public var inode: UInt64
    /// `d_type` (DirectoryEntryType).
    public var type: UInt8
    /// The cookie that continues the listing after this entry (`d_off`).
    public var next: Int

    public init(name: UnsafeRawBufferPointer, inode: UInt64, type: UInt8, next: Int) {
        self.name = name
        self.inode = inode
        self.type = type
        self.next = next
    }
}

/// Attribute changes of chmod/chown/utimensat, applied by `Vnode.setAttributes`.
public struct AttributeChange {
    public var permissions: UInt32?
    public var uid: UInt32?
    public var gid: UInt32?
    public var accessTime: Timespec?
    public var modificationTime: Timespec?

    public init() {}
}

/// A file in the VFS: the interface every file system implements.
///
/// A file system (`FileSystem`) hands out vnodes; the VFS (path resolution,
/// the descriptor table, the syscalls) works only through the methods
/// below. A subclass overrides what its kind of file supports; the defaults
/// give Linux's answer for a file that does not support an operation
/// (ENOTDIR for directory operations on a non-directory, EINVAL for
/// readlink of a non-link, ...). Every method runs with interrupts off;
/// those that wait (pipes, devices) block the calling thread on a wait
/// queue.
///
/// Directories (`mode` type S_IFDIR):
/// - `lookup(_:)` finds one name (never "." or ".."; `parent` is "..",
///   the VFS handles "." and mount points itself);
/// - `create(_:mode:device:)` makes a regular file, directory, FIFO or
///   device node, `makeSymbolicLink`, `link` (a hard link to a vnode of
///   the same file system), `remove` (unlink or rmdir), `rename`;
/// - `readDirectory(from:_:)` lists entries from a cookie (0 = start;
///   the VFS adds "." and ".." itself at cookies 0 and 1, so a file system
///   numbers its own entries from 2).
/// Files: `read(into:at:file:)` and `write(_:at:file:)` at a byte offset
/// (the open file description keeps the offset; stream files such as pipes
/// ignore it and say so with `isSeekable`), `resize(to:)` (truncate),
/// `allocate`, `sync`, `dropCleanData` (fadvise DONTNEED). Symbolic
/// links: `readLink()`.
/// Every file: `status()` (stat), `setAttributes` (chmod, chown, utimens),
/// `readiness` (poll), `control` (ioctl), `opened`/`released` (per open
/// file description, e.g. a pipe counts its readers and writers).
///
/// Attributes common to all files live here (mode, owner, times, link
/// count); a file system that stores them elsewhere (9p, a disk) overrides
/// `status()` and `setAttributes` to read and write its own.
open class Vnode {
    /// The file system this file belongs to. Held strongly, though a file
    /// system outlives its files anyway: through an unowned reference
    /// every use would retain and release it, and creating or describing
    /// a file asks its file system several things.
    public let fileSystem: FileSystem
    public let inode: UInt64
    /// Type and permission bits (`st_mode`).
    public var mode: UInt32
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    public var linkCount: UInt32 = 1
    public var accessTime: Timespec
    public var modificationTime: Timespec
    public var changeTime: Timespec
    /// The root of the file system mounted on this directory, if any.
    public var mountedRoot: Vnode?
    /// For a file system's root: the directory it is mounted on.
    public unowned(unsafe) var coveredDirectory: Vnode?

    /// A file of `fileSystem`; `inode` is its own number where the file
    /// system has one (a 9p qid path, a disk inode), else the file system's
    /// counter numbers it (in-memory file systems).
    public init(fileSystem: FileSystem, mode: UInt32, inode: UInt64? = nil) {
        self.fileSystem = fileSystem
        self.mode = mode
        self.inode = inode ?? fileSystem.nextInode()
        let now = Timespec(nanoseconds: Clock.realtimeNanoseconds)
        accessTime = now
        modificationTime = now
        changeTime = now
        fileSystem.liveVnodes += 1
    }

    deinit { fileSystem.liveVnodes -= 1 }

    public var type: UInt32 { mode & FileMode.typeMask }
    public var isDirectory: Bool { type == FileMode.directory }
    public var isSymbolicLink: Bool { type == FileMode.symbolicLink }
    public var isRegular: Bool { type == FileMode.regular }

    // MARK: Directories

    /// The directory this one is in ("..").
    open var parent: Vnode? { nil }

    open func lookup(_ name: UnsafeRawBufferPointer) throws(Errno) -> Vnode { throw .ENOTDIR }

    /// Makes a file of the type in `mode` (regular, directory, FIFO,
    /// character or block device with `device`); EEXIST if the name is taken.
    open func create(_ name: UnsafeRawBufferPointer, mode: UInt32, device: UInt64) throws(Errno) -> Vnode {
        throw .ENOTDIR
    }

    /// open(2) with O_CREAT: the file `name` names, or, when there is none,
    /// a new regular file with `mode` (`created`). One search of the
    /// directory where a file system can do it in one.
    open func lookupOrCreate(_ name: UnsafeRawBufferPointer, mode: UInt32) throws(Errno) -> (file: Vnode, created: Bool) {
        if let existing = try? lookup(name) { return (existing, false) }
        guard isDirectory else { throw .ENOTDIR }
        if fileSystem.isReadOnly { throw .EROFS }
        return (try create(name, mode: mode, device: 0), true)
    }

    open func makeSymbolicLink(_ name: UnsafeRawBufferPointer, target: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        throw .ENOTDIR
    }

    /// A new name for `file`, which belongs to this file system.
    open func link(_ name: UnsafeRawBufferPointer, to file: Vnode) throws(Errno) { throw .ENOTDIR }

    /// unlink (`directory` false: EISDIR for a directory) or rmdir
    /// (`directory` true: ENOTDIR for a non-directory, ENOTEMPTY).
    open func remove(_ name: UnsafeRawBufferPointer, directory: Bool) throws(Errno) { throw .ENOTDIR }

    /// Moves `name` to `newName` in `target` (a directory of this file
    /// system), with renameat2's `flags` (RENAME_NOREPLACE, RENAME_EXCHANGE).
    open func rename(
        _ name: UnsafeRawBufferPointer, to target: Vnode, as newName: UnsafeRawBufferPointer, flags: Int
    ) throws(Errno) {
        throw .ENOTDIR
    }

    /// Calls `emit` with the entries from `cookie` on until it returns false
    /// or the directory ends; returns the cookie to continue from.
    open func readDirectory(from cookie: Int, _ emit: (DirectoryEntry) -> Bool) throws(Errno) -> Int {
        throw .ENOTDIR
    }

    /// Whether the directory has entries other than "." and "..".
    open var hasEntries: Bool { false }

    // MARK: Files

    /// Whether the file has a position (lseek works, reads advance it).
    open var isSeekable: Bool { true }
    /// Whether lseek is accepted but leaves the position at 0 (Linux's
    /// memory devices: /dev/null, /dev/zero, ...).
    open var ignoresSeeks: Bool { false }
    /// `st_size`.
    open var size: Int64 { 0 }

    open func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        throw isDirectory ? .EISDIR : .EINVAL
    }

    open func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        throw isDirectory ? .EISDIR : .EINVAL
    }

    /// truncate(2): the new size; bytes past the old end read as zeros.
    open func resize(to size: Int64) throws(Errno) { throw isDirectory ? .EISDIR : .EINVAL }

    /// fallocate(2) of `length` bytes at `offset` with `mode` (AllocateMode).
    open func allocate(at offset: Int64, length: Int64, mode: Int) throws(Errno) {
        throw isDirectory ? .EISDIR : .ENODEV
    }

    /// fsync(2): the file's data and attributes reach stable storage.
    /// Files with nothing to store (pipes, terminals) refuse with EINVAL.
    open func sync() throws(Errno) {
        guard isRegular || isDirectory else { throw .EINVAL }
    }

    /// posix_fadvise(POSIX_FADV_DONTNEED) of bytes `start..<end` (`end`
    /// is `Int64.max` for "to the end of the file"): a file system that
    /// caches the file's data drops what is clean there, so the next read
    /// goes to the storage, as Linux drops clean page-cache pages. Dirty
    /// data stays. Without a cache there is nothing to drop.
    open func dropCleanData(from start: Int64, to end: Int64) {}

    /// The first data (`hole` false) or hole (`hole` true) at or after
    /// `offset` (SEEK_DATA/SEEK_HOLE); ENXIO past the end. By default the
    /// whole file is data.
    open func seek(dataOrHole hole: Bool, from offset: Int64) throws(Errno) -> Int64 {
        guard offset < size else { throw .ENXIO }
        return hole ? size : offset
    }

    // MARK: Symbolic links

    open func readLink() throws(Errno) -> FileName { throw .EINVAL }

    /// A link that names an open file rather than a path (/proc/self/fd/N):
    /// following it lands on that file.
    open var linkedFile: Vnode? { nil }

    // MARK: Every file

    /// st_blocks: the 512-byte units of storage the file holds.
    open var allocatedBlocks: Int64 { (size + 511) / 512 }

    /// stat(2).
    public final func status() -> FileStatus {
        var status = FileStatus()
        describe(&status)
        return status
    }

    /// stat(2) into `status`, which may be the program's own buffer (the
    /// syscall's result built in place): every field is set, none read.
    open func describe(_ status: inout FileStatus) {
        status = FileStatus()
        status.device = fileSystem.device
        status.inode = inode
        status.mode = mode
        status.linkCount = linkCount
        status.uid = uid
        status.gid = gid
        status.size = size
        status.blockSize = 4096
        status.blocks = allocatedBlocks
        status.accessTime = accessTime
        status.modificationTime = modificationTime
        status.changeTime = changeTime
    }

    open func setAttributes(_ change: AttributeChange) throws(Errno) {
        if let permissions = change.permissions {
            mode = (mode & FileMode.typeMask) | (permissions & FileMode.permissionMask)
        }
        if let uid = change.uid { self.uid = uid }
        if let gid = change.gid { self.gid = gid }
        if let time = change.accessTime { accessTime = time }
        if let time = change.modificationTime { modificationTime = time }
        changeTime = Timespec(nanoseconds: Clock.realtimeNanoseconds)
    }

    /// poll(2) events the file has now (PollEvents), for `file`.
    open func readiness(_ file: OpenFile) -> Int16 {
        PollEvents.input | PollEvents.readNormal | PollEvents.output | PollEvents.writeNormal
    }

    /// poll(2) is about to sleep waiting for `events` on `file`: arm what
    /// reports them (a device's interrupt).
    open func willWait(for events: Int16, file: OpenFile) {}

    /// The vnode an open of this file really opens: itself, or for a named
    /// FIFO the pipe behind it. Not asked of regular files.
    open func openTarget() throws(Errno) -> Vnode { self }

    /// ioctl(2) other than FIONBIO and FIOCLEX, which the VFS answers.
    open func control(_ file: OpenFile, request: Int, argument: Int) throws(Errno) -> Int { throw .ENOTTY }

    /// Bytes a read would return now (FIONREAD).
    open func bytesReadable(_ file: OpenFile) throws(Errno) -> Int {
        guard isRegular else { throw .ENOTTY }
        return Int(max(0, size - file.offset))
    }

    /// A new open file description of this file (open(2), pipe(2)).
    open func opened(_ file: OpenFile) throws(Errno) {}

    /// The last descriptor of an open file description was closed.
    open func released(_ file: OpenFile) {}

    /// Marks the file modified now (writes, directory changes).
    @inline(__always)
    public func touchModification() {
        let now = Timespec(nanoseconds: Clock.realtimeNanoseconds)
        modificationTime = now
        changeTime = now
    }

    public func touchChange() {
        changeTime = Timespec(nanoseconds: Clock.realtimeNanoseconds)
    }
}

/// poll(2) event bits.
public enum PollEvents {
    public static let input: Int16 = 0x001       // POLLIN
    public static let priority: Int16 = 0x002    // POLLPRI
    public static let output: Int16 = 0x004      // POLLOUT
    public static let error: Int16 = 0x008       // POLLERR
    public static let hangUp: Int16 = 0x010      // POLLHUP
    public static let invalid: Int16 = 0x020     // POLLNVAL
    public static let readNormal: Int16 = 0x040  // POLLRDNORM
    public static let writeNormal: Int16 = 0x100 // POLLWRNORM
}
