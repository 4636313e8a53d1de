import KernelPlatform
import LinuxABI

/// Character devices of devfs (devices(7) numbers): null, zero, full,
/// random and urandom. Each is a vnode whose reads and writes do what the
/// device does; the console is added by the POSIX layer, which owns it.
public final class MemoryDevice: Vnode {
    public enum Kind { case null, zero, full, random }
    let kind: Kind
    let number: UInt64

    init(fileSystem: FileSystem, kind: Kind, minor: UInt64) {
        self.kind = kind
        number = 1 << 8 | minor
        super.init(fileSystem: fileSystem, mode: FileMode.characterDevice | 0o666)
    }

    public override var isSeekable: Bool { true }
    public override var ignoresSeeks: Bool { true }
    public override var allocatedBlocks: Int64 { 0 }

    public override func describe(_ status: inout FileStatus) {
        super.describe(&status)
        status.specialDevice = number
    }

    public override func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        switch kind {
        case .null: return 0
        case .zero, .full:
            if buffer.count > 0 { buffer.initializeMemory(as: UInt8.self, repeating: 0) }
        case .random:
            Randomness.fill(buffer)
        }
        return buffer.count
    }

    public override func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        if kind == .full { throw .ENOSPC }
        return bytes.count
    }

    public override func seek(dataOrHole hole: Bool, from offset: Int64) throws(Errno) -> Int64 { throw .EINVAL }
    public override func bytesReadable(_ file: OpenFile) throws(Errno) -> Int { throw .ENOTTY }
}

/// devfs at /dev: a tmpfs (so programs may add their own nodes, as with
/// Linux's devtmpfs) holding the memory devices and links to the standard
/// streams.
public enum Devfs {
    public static func make(device: UInt64) throws(Errno) -> Tmpfs {
        let devfs = Tmpfs(device: device)
        let root = unsafeDowncast(devfs.root, to: TmpfsDirectory.self)
        func add(_ name: StaticString, _ node: Vnode) throws(Errno) {
            try root.insert(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), node)
        }
        try add("null", MemoryDevice(fileSystem: devfs, kind: .null, minor: 3))
        try add("zero", MemoryDevice(fileSystem: devfs, kind: .zero, minor: 5))
        try add("full", MemoryDevice(fileSystem: devfs, kind: .full, minor: 7))
        try add("random", MemoryDevice(fileSystem: devfs, kind: .random, minor: 8))
        try add("urandom", MemoryDevice(fileSystem: devfs, kind: .random, minor: 9))
        func link(_ name: StaticString, _ target: StaticString) throws(Errno) {
            _ = try root.makeSymbolicLink(
                UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount),
                target: UnsafeRawBufferPointer(start: target.utf8Start, count: target.utf8CodeUnitCount))
        }
        try link("stdin", "/proc/self/fd/0")
        try link("stdout", "/proc/self/fd/1")
        try link("stderr", "/proc/self/fd/2")
        try link("fd", "/proc/self/fd")
        return devfs
    }

    /// Adds `node` (made with `devfs` as its file system) as /dev/`name`.
    public static func add(_ name: StaticString, _ node: Vnode, to devfs: Tmpfs) throws(Errno) {
        let root = unsafeDowncast(devfs.root, to: TmpfsDirectory.self)
        try root.insert(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), node)
    }
}
