import KernelArch
import KernelCommandLine
import KernelFiles
import KernelMemory
import KernelPlatform
import KernelScheduler
import LinuxABI

/// The file name space at boot: a tmpfs root (filled from the initrd when
/// there is one), devfs at /dev, procfs at /proc, an empty /tmp, and the
/// console on descriptors 0, 1 and 2.
public enum FileSystemSetup {
    /// Device numbers (`st_dev`) of the boot file systems: anonymous
    /// devices 0:N as Linux gives in-memory file systems.
    static let rootDevice: UInt64 = 0x10
    static let deviceFilesDevice: UInt64 = 0x5
    static let processFilesDevice: UInt64 = 0x11

    nonisolated(unsafe) static var programName: FileName = []

    /// `initrd`: a cpio (newc) archive to unpack into the root; `program`:
    /// argv[0], for /proc/self/exe; `options`: the root's mount options
    /// from the kernel command line, `rk.root.size=SIZE` (bytes, with an
    /// optional K, M or G) and `rk.root.readonly`.
    public static func start(
        initrd: UnsafeRawBufferPointer?, program: UnsafeRawBufferPointer?, options: KernelCommandLine
    ) {
        Waiting.restartsAfterSignal = {
            guard let thread = Scheduler.current else { return false }
            return Signals.shouldRestart(thread)
        }
        if let program { programName = FileName(program) }
        let root = Tmpfs(device: rootDevice)
        MountTable.mountRoot(root)
        ProcessFiles.currentDirectory = root.root
        if let initrd {
            do throws(Errno) {
                try InitialRamDisk.unpack(initrd, into: root)
            } catch {
                Log.line { line in
                    line.text("initrd: cannot unpack the archive (errno ")
                    line.decimal(Int(error.rawValue))
                    line.text(")")
                }
            }
        }
        do throws(Errno) {
            let temporary = StaticName("tmp")
            if (try? root.root.lookup(temporary.bytes)) == nil {
                _ = try root.root.create(temporary.bytes, mode: FileMode.directory | 0o1777, device: 0)
            }
            let devfs = try Devfs.make(device: deviceFilesDevice)
            let terminal = ConsoleDevice(fileSystem: devfs, isHostPipe: false)
            try Devfs.add("console", terminal, to: devfs)
            try Devfs.add("tty", terminal, to: devfs)
            terminal.linkCount = 2   // one device under two names (st_nlink)
            try MountTable.mount(devfs, at: "/dev")
            try MountTable.mount(try Procfs.make(device: processFilesDevice, contents: processContents), at: "/proc")
            let input = ConsoleTerminal.inputIsPipe ? ConsoleDevice(fileSystem: devfs, isHostPipe: true) : terminal
            let console: StaticString = "/dev/console"
            let name = FileName(UnsafeRawBufferPointer(start: console.utf8Start, count: console.utf8CodeUnitCount))
            _ = try FileDescriptorTable.current.install(
                try OpenFile(vnode: input, flags: OpenFlags.readOnly, directory: nil, name: name), closeOnExec: false)
            for _ in 0..<2 {
                _ = try FileDescriptorTable.current.install(
                    try OpenFile(vnode: terminal, flags: OpenFlags.writeOnly, directory: nil, name: name), closeOnExec: false)
            }
            if let size = options.optionValue("root.size") {
                guard let bytes = byteCount(size) else {
                    Log.line("rk.root.size: expected a number of bytes with an optional K, M or G")
                    return
                }
                root.pageLimit = (bytes + FileData.pageSize - 1) / FileData.pageSize
            }
            // After /tmp, /dev and /proc exist: a read-only root cannot grow them.
            root.readOnly = options.hasOption("root.readonly")
        } catch {
            Log.line("cannot set up the file systems")
        }
    }

    static var processContents: Procfs.Contents {
        Procfs.Contents(
            processID: ProcessIdentity.processID,
            executable: {
                var path: FileName = []
                if programName.first != UInt8(ascii: "/") { path.append(UInt8(ascii: "/")) }
                path.append(contentsOf: programName)
                return path
            },
            maps: {
                var text = Text()
                let start = ImageLayout.start, textEnd = ImageLayout.textEnd, end = ImageLayout.end
                text.hex(start); text.add("-"); text.hex(textEnd); text.add(" r-xp 00000000 00:00 0 /")
                text.add(programName); text.add("\n")
                text.hex(textEnd); text.add("-"); text.hex(end); text.add(" rw-p 00000000 00:00 0 /")
                text.add(programName); text.add("\n")
                return text.bytes
            },
            status: {
                var text = Text()
                text.add("Name:\t"); text.add(programName.split(separator: UInt8(ascii: "/")).last.map { FileName($0) } ?? [])
                text.add("\nUmask:\t"); text.octal(Int(ProcessFiles.creationMask), width: 4)
                text.add("\nState:\tR (running)\nTgid:\t"); text.decimal(ProcessIdentity.processID)
                text.add("\nPid:\t"); text.decimal(ProcessIdentity.processID)
                text.add("\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t")
                text.decimal(FileDescriptorTable.limit)
                text.add("\nThreads:\t"); text.decimal(Scheduler.allThreads.count)
                text.add("\n")
                return text.bytes
            },
            cpuInfo: {
                var text = Text()
                text.add("processor\t: 0\nhart\t\t: 0\nisa\t\t: ")
                text.add(FileName(Board.isa))
                text.add("\nmmu\t\t: sv39\n\n")
                return text.bytes
            },
            memoryInfo: {
                var text = Text()
                let total = Int(Board.memory.size) / 1024
                let free = PhysicalMemory.freePageCount * PhysicalMemory.pageSize / 1024
                text.add("MemTotal:       "); text.decimal(total); text.add(" kB\n")
                text.add("MemFree:        "); text.decimal(free); text.add(" kB\n")
                text.add("MemAvailable:   "); text.decimal(free); text.add(" kB\n")
                return text.bytes
            })
    }
}

/// A size such as `64M`: decimal digits and an optional K, M or G (powers
/// of 1024).
func byteCount(_ text: UnsafeRawBufferPointer) -> Int? {
    var value = 0
    var index = 0
    while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
        let (next, overflow) = value.multipliedReportingOverflow(by: 10)
        guard !overflow else { return nil }
        value = next + Int(text[index] - UInt8(ascii: "0"))
        index += 1
    }
    guard index > 0 else { return nil }
    guard index < text.count else { return value }
    guard index == text.count - 1 else { return nil }
    let shift: Int
    switch text[index] | 0x20 {
    case UInt8(ascii: "k"): shift = 10
    case UInt8(ascii: "m"): shift = 20
    case UInt8(ascii: "g"): shift = 30
    default: return nil
    }
    guard value <= Int.max >> shift else { return nil }
    return value << shift
}

/// A name written in the source, as bytes.
struct StaticName {
    let bytes: UnsafeRawBufferPointer
    init(_ text: StaticString) {
        bytes = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }
}

/// Text assembled for a /proc file.
struct Text {
    var bytes: FileName = []

    mutating func add(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func add(_ text: FileName) { bytes.append(contentsOf: text) }

    mutating func decimal(_ value: Int) { number(UInt(value), base: 10) }
    /// Octal, zero-padded to `width` digits (as Linux prints a umask).
    mutating func octal(_ value: Int, width: Int) {
        var digits = 1
        var rest = value >> 3
        while rest > 0 { digits += 1; rest >>= 3 }
        for _ in digits..<max(width, digits) { bytes.append(UInt8(ascii: "0")) }
        number(UInt(value), base: 8)
    }
    mutating func hex(_ value: UInt) { number(value, base: 16) }

    private mutating func number(_ value: UInt, base: UInt) {
        var digits: FileName = []
        var rest = value
        repeat {
            let digit = UInt8(rest % base)
            digits.append(digit < 10 ? 0x30 + digit : 0x57 + digit)
            rest /= base
        } while rest > 0
        bytes.append(contentsOf: digits.reversed())
    }
}
