/// The cpio "newc" archive format (the SVR4 portable format without
/// checksums, magic "070701"), which Linux reads as an initramfs: for
/// each file a 110-byte header of ASCII hex fields, its NUL-terminated
/// name padded to 4 bytes, then its data padded to 4 bytes; a file named
/// "TRAILER!!!" ends the archive. Symbolic links carry their target as
/// data. See Linux's Documentation/driver-api/early-userspace/buffer-format.rst.
///
/// `CpioReader` walks an archive in place (the kernel unpacks its initrd
/// with it); `CpioWriter` builds one (`runikraft run --rootfs`).
public enum Cpio {
    public static let headerSize = 110
    static let magic: [UInt8] = [0x30, 0x37, 0x30, 0x37, 0x30, 0x31]   // "070701"
    static let trailer: [UInt8] = [0x54, 0x52, 0x41, 0x49, 0x4c, 0x45, 0x52, 0x21, 0x21, 0x21]   // "TRAILER!!!"
}

/// What is wrong with an archive.
public enum CpioError: Error, Equatable {
    /// The archive ends inside a header, name or data.
    case truncated
    /// A header does not start with "070701" or has a non-hex field.
    case malformed
}

/// One file of an archive.
public struct CpioEntry {
    /// The path, without its NUL (as stored: often "./a/b" or "a/b").
    public var name: UnsafeRawBufferPointer
    public var mode: UInt32
    public var uid: UInt32
    public var gid: UInt32
    public var linkCount: UInt32
    /// Modification time in seconds since the epoch.
    public var modificationTime: UInt32
    /// For device nodes: `rdevmajor` and `rdevminor`.
    public var deviceMajor: UInt32
    public var deviceMinor: UInt32
    /// The file's contents (a symbolic link's target).
    public var data: UnsafeRawBufferPointer
}

/// Reads the entries of an archive in memory, in order.
public struct CpioReader {
    private let archive: UnsafeRawBufferPointer
    private var offset = 0

    public init(_ archive: UnsafeRawBufferPointer) {
        self.archive = archive
    }

    /// The next entry; nil after the trailer (or at the end of the bytes).
    public mutating func next() throws(CpioError) -> CpioEntry? {
        // Some tools pad between archives with NULs (concatenated initramfs).
        while offset + 4 <= archive.count, archive[offset] == 0, archive[offset + 1] == 0,
              archive[offset + 2] == 0, archive[offset + 3] == 0 {
            offset += 4
        }
        guard offset < archive.count else { return nil }
        guard offset + Cpio.headerSize <= archive.count else { throw .truncated }
        for index in 0..<6 where archive[offset + index] != Cpio.magic[index] { throw .malformed }
        var fields = [UInt32](repeating: 0, count: 13)
        for field in 0..<13 {
            fields[field] = try hex(at: offset + 6 + 8 * field)
        }
        let nameSize = Int(fields[11])
        let fileSize = Int(fields[6])
        let nameStart = offset + Cpio.headerSize
        guard nameSize >= 1, nameStart + nameSize <= archive.count else { throw .truncated }
        let dataStart = CpioReader.align4(nameStart + nameSize)
        guard dataStart + fileSize <= archive.count || fileSize == 0 else { throw .truncated }
        let name = UnsafeRawBufferPointer(rebasing: archive[nameStart..<(nameStart + nameSize - 1)])
        offset = CpioReader.align4(dataStart + fileSize)
        if name.elementsEqual(Cpio.trailer) { return nil }
        let data = fileSize == 0
            ? UnsafeRawBufferPointer(start: nil, count: 0)
            : UnsafeRawBufferPointer(rebasing: archive[dataStart..<(dataStart + fileSize)])
        return CpioEntry(
            name: name, mode: fields[1], uid: fields[2], gid: fields[3], linkCount: fields[4],
            modificationTime: fields[5], deviceMajor: fields[9], deviceMinor: fields[10], data: data)
    }

    private func hex(at position: Int) throws(CpioError) -> UInt32 {
        var value: UInt32 = 0
        for index in position..<(position + 8) {
            let byte = archive[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .malformed
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    static func align4(_ value: Int) -> Int { (value + 3) & ~3 }
}

/// Builds an archive in memory.
public struct CpioWriter {
    public private(set) var bytes: [UInt8] = []
    private var nextInode: UInt32 = 1

    public init() {}

    /// Adds a file. `name` is the path inside the archive (no leading
    /// "/"); `mode` includes the file type bits; `data` is the contents,
    /// or a symbolic link's target.
    public mutating func append(
        name: [UInt8], mode: UInt32, uid: UInt32 = 0, gid: UInt32 = 0, modificationTime: UInt32 = 0,
        deviceMajor: UInt32 = 0, deviceMinor: UInt32 = 0, data: [UInt8] = []
    ) {
        let isDirectory = mode & 0o170000 == 0o040000
        let fields: [UInt32] = [
            nextInode, mode, uid, gid, isDirectory ? 2 : 1, modificationTime, UInt32(data.count),
            0, 0, deviceMajor, deviceMinor, UInt32(name.count + 1), 0,
        ]
        nextInode += 1
        bytes.append(contentsOf: Cpio.magic)
        for field in fields { appendHex(field) }
        bytes.append(contentsOf: name)
        bytes.append(0)
        pad()
        bytes.append(contentsOf: data)
        pad()
    }

    /// Ends the archive with its trailer.
    public mutating func finish() {
        append(name: Cpio.trailer, mode: 0)
    }

    private mutating func appendHex(_ value: UInt32) {
        for shift in stride(from: 28, through: 0, by: -4) {
            let digit = UInt8((value >> UInt32(shift)) & 0xf)
            bytes.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
        }
    }

    private mutating func pad() {
        while bytes.count % 4 != 0 { bytes.append(0) }
    }
}
