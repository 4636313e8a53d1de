/// Flags, selectors and structures of the file syscalls, with the values of
/// asm-generic (fcntl.h, stat.h, statfs.h) and linux/stat.h that riscv64 uses.

/// open(2) flags (asm-generic/fcntl.h, octal there).
public enum OpenFlags {
    public static let accessMode = 0o3          // O_ACCMODE
    public static let readOnly = 0o0
    public static let writeOnly = 0o1
    public static let readWrite = 0o2
    public static let create = 0o100            // O_CREAT
    public static let exclusive = 0o200         // O_EXCL
    public static let noControllingTTY = 0o400  // O_NOCTTY
    public static let truncate = 0o1000         // O_TRUNC
    public static let append = 0o2000           // O_APPEND
    public static let nonBlocking = 0o4000      // O_NONBLOCK
    public static let dataSync = 0o10000        // O_DSYNC
    public static let async = 0o20000           // FASYNC
    public static let direct = 0o40000          // O_DIRECT
    public static let largeFile = 0o100000      // O_LARGEFILE
    public static let directory = 0o200000      // O_DIRECTORY
    public static let noFollow = 0o400000       // O_NOFOLLOW
    public static let noAccessTime = 0o1000000  // O_NOATIME
    public static let closeOnExec = 0o2000000   // O_CLOEXEC
    public static let sync = 0o4010000          // O_SYNC
    public static let path = 0o10000000         // O_PATH
    public static let temporaryFile = 0o20000000 // __O_TMPFILE

    /// Flags that only steer the open itself and are not kept in the open
    /// file description (F_GETFL does not report them).
    public static let creationOnly = create | exclusive | noControllingTTY | truncate | closeOnExec
    /// Flags F_SETFL may change (fcntl(2)); the others are ignored.
    public static let settable = append | nonBlocking | async | direct | noAccessTime
}

/// The `*at` syscalls' directory and flag arguments (linux/fcntl.h).
public enum AtFlags {
    public static let currentDirectory = -100          // AT_FDCWD
    public static let symlinkNoFollow = 0x100          // AT_SYMLINK_NOFOLLOW
    public static let removeDirectory = 0x200          // AT_REMOVEDIR
    public static let effectiveAccess = 0x200          // AT_EACCESS (faccessat2)
    public static let symlinkFollow = 0x400            // AT_SYMLINK_FOLLOW (linkat)
    public static let noAutomount = 0x800              // AT_NO_AUTOMOUNT
    public static let emptyPath = 0x1000               // AT_EMPTY_PATH
    public static let statxSyncMask = 0x6000           // AT_STATX_SYNC_TYPE
}

/// renameat2(2) flags.
public enum RenameFlags {
    public static let noReplace = 1   // RENAME_NOREPLACE
    public static let exchange = 2    // RENAME_EXCHANGE
    public static let whiteout = 4    // RENAME_WHITEOUT
}

/// fcntl(2) commands.
public enum FileControl {
    public static let duplicate = 0                 // F_DUPFD
    public static let getDescriptorFlags = 1        // F_GETFD
    public static let setDescriptorFlags = 2        // F_SETFD
    public static let getStatusFlags = 3            // F_GETFL
    public static let setStatusFlags = 4            // F_SETFL
    public static let getLock = 5                   // F_GETLK
    public static let setLock = 6                   // F_SETLK
    public static let setLockWait = 7               // F_SETLKW
    public static let setOwner = 8                  // F_SETOWN
    public static let getOwner = 9                  // F_GETOWN
    public static let openFileDescriptionGetLock = 36   // F_OFD_GETLK
    public static let openFileDescriptionSetLock = 37   // F_OFD_SETLK
    public static let openFileDescriptionSetLockWait = 38 // F_OFD_SETLKW
    public static let duplicateCloseOnExec = 1030   // F_DUPFD_CLOEXEC
    public static let getPipeSize = 1032            // F_GETPIPE_SZ
    public static let setPipeSize = 1031            // F_SETPIPE_SZ
    public static let addSeals = 1033               // F_ADD_SEALS
    public static let getSeals = 1034               // F_GET_SEALS
    /// FD_CLOEXEC, the one descriptor flag.
    public static let closeOnExecFlag = 1
    /// `l_type` of struct flock.
    public static let unlocked: Int16 = 2           // F_UNLCK
}

/// lseek(2) `whence`.
public enum SeekWhence {
    public static let set = 0
    public static let current = 1
    public static let end = 2
    public static let data = 3
    public static let hole = 4
}

/// access(2) modes.
public enum AccessMode {
    public static let exists = 0
    public static let execute = 1
    public static let write = 2
    public static let read = 4
}

/// fallocate(2) modes.
public enum AllocateMode {
    public static let keepSize = 1      // FALLOC_FL_KEEP_SIZE
    public static let punchHole = 2     // FALLOC_FL_PUNCH_HOLE
}

/// posix_fadvise(2) advice (linux/fadvise.h; riscv64 uses the generic
/// values, where DONTNEED is 4 and NOREUSE 5).
public enum FileAdvice {
    public static let normal = 0        // POSIX_FADV_NORMAL
    public static let random = 1        // POSIX_FADV_RANDOM
    public static let sequential = 2    // POSIX_FADV_SEQUENTIAL
    public static let willNeed = 3      // POSIX_FADV_WILLNEED
    public static let dontNeed = 4      // POSIX_FADV_DONTNEED
    public static let noReuse = 5       // POSIX_FADV_NOREUSE
}

/// utimensat(2) special nanosecond values.
public enum TimeUpdate {
    public static let now: Int64 = (1 << 30) - 1    // UTIME_NOW
    public static let omit: Int64 = (1 << 30) - 2   // UTIME_OMIT
}

/// `d_type` of struct linux_dirent64.
public enum DirectoryEntryType {
    public static let unknown: UInt8 = 0
    public static let fifo: UInt8 = 1
    public static let characterDevice: UInt8 = 2
    public static let directory: UInt8 = 4
    public static let blockDevice: UInt8 = 6
    public static let regular: UInt8 = 8
    public static let symbolicLink: UInt8 = 10
    public static let socket: UInt8 = 12

    /// The `d_type` of a file whose `st_mode` is `mode`.
    public static func of(mode: UInt32) -> UInt8 { UInt8(truncatingIfNeeded: (mode & FileMode.typeMask) >> 12) }
}

/// `struct statx_timestamp`.
public struct StatxTimestamp {
    public var seconds: Int64 = 0
    public var nanoseconds: UInt32 = 0
    var reserved: Int32 = 0

    public init(_ time: Timespec) {
        seconds = time.seconds
        nanoseconds = UInt32(truncatingIfNeeded: time.nanoseconds)
    }
}

/// `struct statx` (linux/stat.h, 256 bytes).
public struct ExtendedFileStatus {
    public var mask: UInt32 = 0
    public var blockSize: UInt32 = 0
    public var attributes: UInt64 = 0
    public var linkCount: UInt32 = 0
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    public var mode: UInt16 = 0
    var spare0: UInt16 = 0
    public var inode: UInt64 = 0
    public var size: UInt64 = 0
    public var blocks: UInt64 = 0
    public var attributesMask: UInt64 = 0
    public var accessTime = StatxTimestamp(Timespec(seconds: 0, nanoseconds: 0))
    public var birthTime = StatxTimestamp(Timespec(seconds: 0, nanoseconds: 0))
    public var changeTime = StatxTimestamp(Timespec(seconds: 0, nanoseconds: 0))
    public var modificationTime = StatxTimestamp(Timespec(seconds: 0, nanoseconds: 0))
    public var specialDeviceMajor: UInt32 = 0
    public var specialDeviceMinor: UInt32 = 0
    public var deviceMajor: UInt32 = 0
    public var deviceMinor: UInt32 = 0
    var spare: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    /// STATX_BASIC_STATS: the fields of struct stat.
    public static let basicStats: UInt32 = 0x7ff

    public init(_ status: FileStatus) {
        mask = ExtendedFileStatus.basicStats
        blockSize = UInt32(truncatingIfNeeded: status.blockSize)
        linkCount = status.linkCount
        uid = status.uid
        gid = status.gid
        mode = UInt16(truncatingIfNeeded: status.mode)
        inode = status.inode
        size = UInt64(bitPattern: status.size)
        blocks = UInt64(bitPattern: status.blocks)
        accessTime = StatxTimestamp(status.accessTime)
        changeTime = StatxTimestamp(status.changeTime)
        modificationTime = StatxTimestamp(status.modificationTime)
        // new_encode_dev/huge_encode_dev split: major in bits 8-19, minor in 0-7 and 20-31.
        specialDeviceMajor = UInt32(truncatingIfNeeded: (status.specialDevice >> 8) & 0xfff)
        specialDeviceMinor = UInt32(truncatingIfNeeded: (status.specialDevice & 0xff) | ((status.specialDevice >> 12) & 0xfff00))
        deviceMajor = UInt32(truncatingIfNeeded: (status.device >> 8) & 0xfff)
        deviceMinor = UInt32(truncatingIfNeeded: (status.device & 0xff) | ((status.device >> 12) & 0xfff00))
    }
}

/// `struct statfs` (asm-generic/statfs.h, 64-bit: 120 bytes).
public struct FileSystemStatus {
    public var type: Int64 = 0
    public var blockSize: Int64 = 4096
    public var blocks: UInt64 = 0
    public var freeBlocks: UInt64 = 0
    public var availableBlocks: UInt64 = 0
    public var files: UInt64 = 0
    public var freeFiles: UInt64 = 0
    public var id: (Int32, Int32) = (0, 0)
    public var nameLength: Int64 = 255
    public var fragmentSize: Int64 = 4096
    public var flags: Int64 = 0
    var spare: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)

    public init() {}
}
