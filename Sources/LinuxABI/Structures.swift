/// Memory layouts of the structures the riscv64 Linux syscall ABI exchanges
/// with libc. Each mirrors the kernel's UAPI definition field for field, so a
/// handler can fill one and copy it to the caller's buffer.

/// `struct timespec` (time64 everywhere on riscv64).
public struct Timespec {
    public var seconds: Int64
    public var nanoseconds: Int64

    public init(seconds: Int64, nanoseconds: Int64) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    public init(nanoseconds total: Int64) {
        self.init(seconds: total / 1_000_000_000, nanoseconds: total % 1_000_000_000)
    }

    /// Whole nanoseconds, or nil for a value Linux rejects with EINVAL
    /// (negative, or `tv_nsec` outside 0..<1e9).
    public var totalNanoseconds: Int64? {
        guard seconds >= 0, nanoseconds >= 0, nanoseconds < 1_000_000_000 else { return nil }
        // Saturating, as Linux's timespec64_to_ktime: too long is for ever.
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, carry) = product.addingReportingOverflow(nanoseconds)
        return overflow || carry ? Int64.max : total
    }
}

/// `struct timeval`.
public struct Timeval {
    public var seconds: Int64
    public var microseconds: Int64

    public init(nanoseconds total: Int64) {
        seconds = total / 1_000_000_000
        microseconds = (total % 1_000_000_000) / 1_000
    }
}

/// `struct stat` of asm-generic/stat.h, the layout riscv64 uses (128 bytes).
public struct FileStatus {
    public var device: UInt64 = 0
    public var inode: UInt64 = 0
    public var mode: UInt32 = 0
    public var linkCount: UInt32 = 0
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    public var specialDevice: UInt64 = 0
    var padding1: UInt64 = 0
    public var size: Int64 = 0
    public var blockSize: Int32 = 0
    var padding2: Int32 = 0
    public var blocks: Int64 = 0
    public var accessTime = Timespec(seconds: 0, nanoseconds: 0)
    public var modificationTime = Timespec(seconds: 0, nanoseconds: 0)
    public var changeTime = Timespec(seconds: 0, nanoseconds: 0)
    var unused: (UInt32, UInt32) = (0, 0)

    public init() {}
}

/// File type bits of `st_mode` (inode(7)).
public enum FileMode {
    public static let typeMask: UInt32 = 0o170000
    public static let characterDevice: UInt32 = 0o020000
    public static let directory: UInt32 = 0o040000
    public static let regular: UInt32 = 0o100000
    public static let fifo: UInt32 = 0o010000
    public static let blockDevice: UInt32 = 0o060000
    public static let symbolicLink: UInt32 = 0o120000
    public static let socket: UInt32 = 0o140000
    /// Permission bits plus set-user-ID, set-group-ID and sticky.
    public static let permissionMask: UInt32 = 0o7777
}

/// `struct winsize` (TIOCGWINSZ).
public struct WindowSize {
    public var rows: UInt16
    public var columns: UInt16
    public var xPixels: UInt16 = 0
    public var yPixels: UInt16 = 0

    public init(rows: UInt16, columns: UInt16) {
        self.rows = rows
        self.columns = columns
    }
}

/// The kernel's `struct termios` (asm-generic/termbits.h), which TCGETS fills.
/// musl's larger `struct termios` begins with exactly these fields.
public struct TerminalAttributes {
    public var inputFlags: UInt32 = 0
    public var outputFlags: UInt32 = 0
    public var controlFlags: UInt32 = 0
    public var localFlags: UInt32 = 0
    public var lineDiscipline: UInt8 = 0
    public var controlCharacters: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                                   UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                                   UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    public init() {}

    /// termios(3) flag bits the console reports and honours.
    public static let inputMapCRToNL: UInt32 = 0o000400    // ICRNL
    public static let outputPostProcess: UInt32 = 0o000001 // OPOST
    public static let outputMapNLToCRNL: UInt32 = 0o000004 // ONLCR
    public static let controlRead: UInt32 = 0o000200       // CREAD
    public static let controlSize8: UInt32 = 0o000060      // CS8
    public static let controlBaud38400: UInt32 = 0o000017  // B38400
    public static let localCanonical: UInt32 = 0o000002    // ICANON
    public static let localSignals: UInt32 = 0o000001      // ISIG
}

/// `struct rlimit64`.
public struct ResourceLimit {
    public var current: UInt64
    public var maximum: UInt64

    public static let infinity = UInt64.max

    public init(current: UInt64, maximum: UInt64) {
        self.current = current
        self.maximum = maximum
    }
}

/// `struct iovec`.
public struct IOVector {
    public var base: UInt
    public var length: Int
}

/// The sigaction structure rt_sigaction(2) exchanges, as musl 1.2.3 lays it
/// out for riscv64 (`struct k_sigaction`): handler, flags, restorer (musl
/// always sets SA_RESTORER), then a 64-bit mask (`_NSIG` = 64).
public struct SignalAction {
    public var handler: UInt = 0
    public var flags: UInt = 0
    public var restorer: UInt = 0
    public var mask: UInt64 = 0

    public init() {}
}

/// `struct new_utsname`: six NUL-terminated fields of 65 bytes.
public struct SystemName {
    public static let fieldLength = 65
    public static let fieldCount = 6
    public static let size = fieldLength * fieldCount
}

/// `Elf64_Phdr`: one program header, as AT_PHDR points to an array of them.
public struct ProgramHeader {
    public var type: UInt32
    public var flags: UInt32
    public var offset: UInt64 = 0
    public var virtualAddress: UInt64
    public var physicalAddress: UInt64
    public var fileSize: UInt64
    public var memorySize: UInt64
    public var alignment: UInt64

    public static let load: UInt32 = 1
    public static let threadLocalStorage: UInt32 = 7
    public static let gnuStack: UInt32 = 0x6474_e551

    public static let readable: UInt32 = 4
    public static let writable: UInt32 = 2
    public static let executable: UInt32 = 1

    public init(type: UInt32, flags: UInt32, address: UInt64, fileSize: UInt64, memorySize: UInt64, alignment: UInt64) {
        self.type = type
        self.flags = flags
        virtualAddress = address
        physicalAddress = address
        self.fileSize = fileSize
        self.memorySize = memorySize
        self.alignment = alignment
    }
}
