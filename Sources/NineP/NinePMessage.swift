/// 9P2000.L message framing: `size[4] type[1] tag[2]` then the body, all
/// little-endian; strings are `length[2]` then bytes (no NUL); a qid is
/// `type[1] version[4] path[8]`. (9P2000.L as Linux's v9fs and qemu's
/// virtfs implement it.)
public enum NinePMessageType {
    public static let lerror: UInt8 = 7          // Rlerror
    public static let statfs: UInt8 = 8
    public static let lopen: UInt8 = 12
    public static let lcreate: UInt8 = 14
    public static let symlink: UInt8 = 16
    public static let readlink: UInt8 = 22
    public static let getattr: UInt8 = 24
    public static let setattr: UInt8 = 26
    public static let readdir: UInt8 = 40
    public static let fsync: UInt8 = 50
    public static let link: UInt8 = 70
    public static let mkdir: UInt8 = 72
    public static let renameat: UInt8 = 74
    public static let unlinkat: UInt8 = 76
    public static let version: UInt8 = 100
    public static let attach: UInt8 = 104
    public static let walk: UInt8 = 110
    public static let read: UInt8 = 116
    public static let write: UInt8 = 118
    public static let clunk: UInt8 = 120
}

/// A file's identity on the server: `path` is unique per file.
public struct NinePQid: Equatable {
    public var type: UInt8
    public var version: UInt32
    public var path: UInt64

    public init(type: UInt8, version: UInt32, path: UInt64) {
        self.type = type
        self.version = version
        self.path = path
    }

    public var isDirectory: Bool { type & 0x80 != 0 }
    public var isSymbolicLink: Bool { type & 0x02 != 0 }
}

/// Builds one T-message in a buffer. Writing past the buffer's end marks
/// the message as overflowed rather than trapping; `finish` then fails.
public struct NinePMessageWriter {
    public static let headerSize = 7
    let buffer: UnsafeMutableRawBufferPointer
    public private(set) var count = 0
    public private(set) var overflowed = false

    public init(into buffer: UnsafeMutableRawBufferPointer, type: UInt8, tag: UInt16) {
        self.buffer = buffer
        u32(0)
        u8(type)
        u16(tag)
    }

    mutating func put<Value: FixedWidthInteger>(_ value: Value) {
        let size = MemoryLayout<Value>.size
        guard count + size <= buffer.count else {
            overflowed = true
            return
        }
        buffer.storeBytes(of: value.littleEndian, toByteOffset: count, as: Value.self)
        count += size
    }

    public mutating func u8(_ value: UInt8) { put(value) }
    public mutating func u16(_ value: UInt16) { put(value) }
    public mutating func u32(_ value: UInt32) { put(value) }
    public mutating func u64(_ value: UInt64) { put(value) }

    public mutating func bytes(_ data: UnsafeRawBufferPointer) {
        guard count + data.count <= buffer.count else {
            overflowed = true
            return
        }
        if let source = data.baseAddress, data.count > 0 {
            (buffer.baseAddress! + count).copyMemory(from: source, byteCount: data.count)
        }
        count += data.count
    }

    public mutating func string(_ text: UnsafeRawBufferPointer) {
        guard text.count <= Int(UInt16.max) else {
            overflowed = true
            return
        }
        u16(UInt16(text.count))
        bytes(text)
    }

    /// Writes the size field, counting `payload` more bytes the transport
    /// sends after these (Twrite's data, from the caller's buffer); the
    /// length written here, or nil if it did not fit.
    public mutating func finish(payload: Int = 0) -> Int? {
        guard !overflowed else { return nil }
        buffer.storeBytes(of: UInt32(count + payload).littleEndian, toByteOffset: 0, as: UInt32.self)
        return count
    }
}

/// Reads one R-message. Reading past the message's end marks it malformed
/// and yields zeros, so a parser checks `isValid` once at the end.
public struct NinePMessageReader {
    let buffer: UnsafeRawBufferPointer
    var position = NinePMessageWriter.headerSize
    public private(set) var isValid: Bool
    public let type: UInt8
    public let tag: UInt16

    /// The message in the first `length` bytes of `buffer`, or, when
    /// `payload` bytes of it went elsewhere (Rread's data, straight into the
    /// caller's buffer), its first `length` bytes: only those are read.
    public init(_ buffer: UnsafeRawBufferPointer, length: Int, payload: Int = 0) {
        let length = min(length, buffer.count)
        guard length >= NinePMessageWriter.headerSize else {
            self.buffer = UnsafeRawBufferPointer(rebasing: buffer[..<0])
            isValid = false
            type = 0
            tag = 0
            return
        }
        let size = Int(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
        let end = min(size, length)
        self.buffer = UnsafeRawBufferPointer(rebasing: buffer[..<end])
        isValid = size <= length + payload && size >= NinePMessageWriter.headerSize
        type = buffer[4]
        tag = UInt16(littleEndian: buffer.loadUnaligned(fromByteOffset: 5, as: UInt16.self))
    }

    mutating func take<Value: FixedWidthInteger>(_: Value.Type) -> Value {
        let size = MemoryLayout<Value>.size
        guard isValid, position + size <= buffer.count else {
            isValid = false
            return 0
        }
        defer { position += size }
        return Value(littleEndian: buffer.loadUnaligned(fromByteOffset: position, as: Value.self))
    }

    public mutating func u8() -> UInt8 { take(UInt8.self) }
    public mutating func u16() -> UInt16 { take(UInt16.self) }
    public mutating func u32() -> UInt32 { take(UInt32.self) }
    public mutating func u64() -> UInt64 { take(UInt64.self) }

    /// `count` bytes, in place.
    public mutating func bytes(_ count: Int) -> UnsafeRawBufferPointer {
        guard isValid, count >= 0, position + count <= buffer.count else {
            isValid = false
            return UnsafeRawBufferPointer(rebasing: buffer[0..<0])
        }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: buffer[position..<(position + count)])
    }

    public mutating func string() -> UnsafeRawBufferPointer { bytes(Int(u16())) }

    public mutating func qid() -> NinePQid {
        let type = u8()
        let version = u32()
        return NinePQid(type: type, version: version, path: u64())
    }

    public var remaining: Int { buffer.count - position }
}
