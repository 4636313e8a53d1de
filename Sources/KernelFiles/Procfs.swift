import LinuxABI

/// A read-only file whose contents are made when it is read (/proc files).
public final class GeneratedFile: Vnode {
    let contents: () -> FileName

    public init(fileSystem: FileSystem, contents: @escaping () -> FileName) {
        self.contents = contents
        super.init(fileSystem: fileSystem, mode: FileMode.regular | 0o444)
    }

    public override func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        guard buffer.count > 0 else { return 0 }   // an empty buffer has no address
        let bytes = contents()
        guard offset < Int64(bytes.count) else { return 0 }
        let count = min(buffer.count, bytes.count - Int(offset))
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + Int(offset), byteCount: count)
        }
        return count
    }

    /// Root may open it for writing, as on Linux; writes then fail as
    /// they do for a file without a write operation.
    public override func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        throw .EINVAL
    }
}

/// A symbolic link whose target is made when it is read (/proc/self/exe).
public final class GeneratedLink: Vnode {
    let target: () -> FileName
    let file: () -> Vnode?

    public init(fileSystem: FileSystem, target: @escaping () -> FileName, file: @escaping () -> Vnode? = { nil }) {
        self.target = target
        self.file = file
        super.init(fileSystem: fileSystem, mode: FileMode.symbolicLink | 0o777)
    }

    public override func readLink() throws(Errno) -> FileName { target() }
    public override var linkedFile: Vnode? { file() }
    public override var size: Int64 { 0 }
}

/// /proc/self/fd: one link per open descriptor, named by its number, whose
/// target is the path the file was opened by and which, followed, leads to
/// the open file itself (as Linux's "magic links" do).
public final class DescriptorDirectory: Vnode {
    let parentDirectory: Vnode

    init(fileSystem: FileSystem, parent: Vnode) {
        parentDirectory = parent
        super.init(fileSystem: fileSystem, mode: FileMode.directory | 0o500)
        linkCount = 2
    }

    public override var parent: Vnode? { parentDirectory }
    public override var hasEntries: Bool { true }

    public override func lookup(_ name: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        var number = 0
        guard name.count > 0, name.count < 10 else { throw .ENOENT }
        for byte in name {
            guard byte >= 0x30, byte <= 0x39 else { throw .ENOENT }
            number = number * 10 + Int(byte - 0x30)
        }
        guard let file = try? FileDescriptorTable.current.file(number) else { throw .ENOENT }
        let link = GeneratedLink(fileSystem: fileSystem, target: { file.path }, file: { file.vnode })
        link.mode = FileMode.symbolicLink | (file.isReadable ? 0o500 : 0) | (file.isWritable ? 0o200 : 0)
        return link
    }

    public override func readDirectory(from cookie: Int, _ emit: (DirectoryEntry) -> Bool) throws(Errno) -> Int {
        let descriptors = FileDescriptorTable.current.openDescriptors
        var position = max(cookie, 2) - 2
        while position < descriptors.count {
            let digits = decimalName(descriptors[position])
            let keepGoing = digits.withUnsafeBytes { name in
                emit(DirectoryEntry(name: name, inode: UInt64(1000 + descriptors[position]),
                                    type: DirectoryEntryType.symbolicLink, next: position + 3))
            }
            if !keepGoing { return position + 2 }
            position += 1
        }
        return position + 2
    }
}

/// procfs at /proc: `self` (a link to the process's directory) with `exe`,
/// `fd/`, `maps` and `status`, plus `cpuinfo` and `meminfo`. The POSIX
/// layer supplies the contents, which depend on the process and machine.
public enum Procfs {
    public struct Contents {
        public var processID: Int
        public var executable: () -> FileName
        public var maps: () -> FileName
        public var status: () -> FileName
        public var cpuInfo: () -> FileName
        public var memoryInfo: () -> FileName

        public init(processID: Int, executable: @escaping () -> FileName, maps: @escaping () -> FileName,
                    status: @escaping () -> FileName, cpuInfo: @escaping () -> FileName,
                    memoryInfo: @escaping () -> FileName) {
            self.processID = processID
            self.executable = executable
            self.maps = maps
            self.status = status
            self.cpuInfo = cpuInfo
            self.memoryInfo = memoryInfo
        }
    }

    /// PROC_SUPER_MAGIC.
    public static func make(device: UInt64, contents: Contents) throws(Errno) -> Tmpfs {
        let procfs = Tmpfs(device: device, magic: 0x9fa0)
        let root = unsafeDowncast(procfs.root, to: TmpfsDirectory.self)
        let number = decimalName(contents.processID)
        let process = try number.withUnsafeBytes { name in
            Result { () throws(Errno) in try root.create(name, mode: FileMode.directory | 0o555, device: 0) }
        }.get()
        let processDirectory = unsafeDowncast(process, to: TmpfsDirectory.self)
        func add(_ directory: TmpfsDirectory, _ name: StaticString, _ node: Vnode) throws(Errno) {
            try directory.insert(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), node)
        }
        try add(root, "self", GeneratedLink(fileSystem: procfs, target: { number }))
        try add(root, "cpuinfo", GeneratedFile(fileSystem: procfs, contents: contents.cpuInfo))
        try add(root, "meminfo", GeneratedFile(fileSystem: procfs, contents: contents.memoryInfo))
        try add(processDirectory, "exe", GeneratedLink(fileSystem: procfs, target: contents.executable))
        try add(processDirectory, "maps", GeneratedFile(fileSystem: procfs, contents: contents.maps))
        try add(processDirectory, "status", GeneratedFile(fileSystem: procfs, contents: contents.status))
        try add(processDirectory, "fd", DescriptorDirectory(fileSystem: procfs, parent: processDirectory))
        procfs.fixedNames = true
        return procfs
    }
}

/// The decimal digits of `value` as a file name (/proc/1, /proc/self/fd/3).
func decimalName(_ value: Int) -> FileName {
    var digits: FileName = []
    var rest = value
    repeat {
        digits.insert(UInt8(ascii: "0") + UInt8(rest % 10), at: 0)
        rest /= 10
    } while rest > 0
    return digits
}
