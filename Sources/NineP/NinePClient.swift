import LinuxABI

/// Carries 9P messages to a server and back, one exchange at a time.
public protocol NinePTransport: AnyObject {
    /// Where a request is built, and where its reply lands; each as large
    /// as the largest message the transport can carry.
    var request: UnsafeMutableRawBufferPointer { get }
    var reply: UnsafeMutableRawBufferPointer { get }
    /// Sends the first `length` bytes of `request` and waits for the
    /// reply; returns the bytes received (0 when the exchange failed).
    func exchange(length: Int) -> Int
    /// Sends the first `length` bytes of `request` followed by `payload`,
    /// the rest of the same message (Twrite's data, read by the server
    /// where it is), and waits for the reply in `reply`; returns the bytes
    /// received (0 when the exchange failed). EFAULT when the server
    /// cannot be given `payload`.
    func exchange(length: Int, payload: UnsafeRawBufferPointer) throws(Errno) -> Int
    /// Sends the first `length` bytes of `request` and waits for the
    /// reply: its first `header` bytes land in `reply`, the rest in
    /// `payload` (Rread's data, written by the server where it belongs).
    /// Returns the reply's length (0 when the exchange failed). EFAULT when
    /// the server cannot be given `payload`.
    func exchange(length: Int, header: Int, payload: UnsafeMutableRawBufferPointer) throws(Errno) -> Int
    /// Runs `body`, which builds a request in `request` and exchanges it,
    /// while no other thread can use the transport: the buffers are shared,
    /// and a request built while another is still being served would
    /// overwrite it under the server.
    func exclusively<Result>(_ body: () throws(Errno) -> Result) throws(Errno) -> Result
}

extension NinePTransport {
    /// For a transport only one thread uses.
    public func exclusively<Result>(_ body: () throws(Errno) -> Result) throws(Errno) -> Result { try body() }
}

/// `Rgetattr`'s answer (the basic fields, P9_GETATTR_BASIC).
public struct NinePAttributes {
    public var qid = NinePQid(type: 0, version: 0, path: 0)
    public var mode: UInt32 = 0
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    public var linkCount: UInt64 = 0
    public var specialDevice: UInt64 = 0
    public var size: UInt64 = 0
    public var blockSize: UInt64 = 0
    public var blocks: UInt64 = 0
    public var accessTime: Timespec = Timespec(seconds: 0, nanoseconds: 0)
    public var modificationTime: Timespec = Timespec(seconds: 0, nanoseconds: 0)
    public var changeTime: Timespec = Timespec(seconds: 0, nanoseconds: 0)

    public init() {}
}

/// `Tsetattr`'s request: only the fields set are changed.
public struct NinePAttributeChange {
    public var mode: UInt32?
    public var uid: UInt32?
    public var gid: UInt32?
    public var size: UInt64?
    /// A time to set; `nil` inside means "now".
    public var accessTime: Timespec??
    public var modificationTime: Timespec??

    public init() {}
}

/// `Rstatfs`.
public struct NinePFileSystemStatus {
    public var type: UInt32 = 0
    public var blockSize: UInt32 = 0
    public var blocks: UInt64 = 0
    public var freeBlocks: UInt64 = 0
    public var availableBlocks: UInt64 = 0
    public var files: UInt64 = 0
    public var freeFiles: UInt64 = 0
    public var id: UInt64 = 0
    public var nameLength: UInt32 = 0

    public init() {}
}

/// A 9P2000.L client: one call per message the file system needs. Fids
/// name files on the server; the caller takes them from `allocateFid` and
/// gives them back with `clunk`. Server errors (`Rlerror`) arrive as the
/// Linux errno they carry; a malformed or missing reply is EIO.
public final class NinePClient<Transport: NinePTransport> {
    public static var protocolVersion: StaticString { "9P2000.L" }
    /// The attached root's fid.
    public static var rootFid: UInt32 { 0 }
    /// No fid (`afid` of an attach without authentication).
    static var noFid: UInt32 { 0xffff_ffff }
    /// Space in a message besides `Rread`/`Twrite` data (IOHDRSZ).
    static var ioHeaderSize: Int { 24 }
    /// Rread before its data: size[4] type[1] tag[2] count[4]. Rlerror
    /// (size[4] type[1] tag[2] ecode[4]) has the same length, so an error
    /// fits where the header goes.
    static var readReplyHeaderSize: Int { 11 }

    let transport: Transport
    /// The negotiated largest message.
    public private(set) var messageSize: Int
    private var nextFid: UInt32 = 1
    private var freeFids: [UInt32] = []

    public init(transport: Transport) {
        self.transport = transport
        messageSize = min(transport.request.count, transport.reply.count)
    }

    /// The most bytes one read or write moves.
    public var maximumTransfer: Int { messageSize - Self.ioHeaderSize }

    // MARK: Messages

    /// Sends a `type` request whose body `body` writes; returns a reader
    /// over the reply after checking it is `type + 1`. The caller reads
    /// the reply after the transport is free again: the kernel switches
    /// threads only where one blocks (one hart, no preemption inside the
    /// kernel), so no other exchange can land in `reply` before it is read.
    private func transact(_ type: UInt8, _ body: (inout NinePMessageWriter) -> Void) throws(Errno) -> NinePMessageReader {
        try transport.exclusively { () throws(Errno) -> NinePMessageReader in
            let length = try build(type, body)
            let received = transport.exchange(length: length)
            return try answer(to: type, NinePMessageReader(UnsafeRawBufferPointer(transport.reply), length: received))
        }
    }

    /// A request whose reply is one qid (Rlcreate, Rmkdir, Rsymlink).
    private func transactForQid(_ type: UInt8, _ body: (inout NinePMessageWriter) -> Void) throws(Errno) -> NinePQid {
        var reply = try transact(type, body)
        let qid = reply.qid()
        try check(reply)
        return qid
    }

    /// Builds a `type` request in the transport's buffer, `payload` bytes
    /// of it to follow from elsewhere; its length there.
    private func build(
        _ type: UInt8, payload: Int = 0, _ body: (inout NinePMessageWriter) -> Void
    ) throws(Errno) -> Int {
        var writer = NinePMessageWriter(into: transport.request, type: type, tag: Self.tag(of: type))
        body(&writer)
        guard let length = writer.finish(payload: payload), length + payload <= messageSize else { throw .ENAMETOOLONG }
        return length
    }

    /// The tag of a `type` request: Tversion's is NOTAG (9P2000
    /// version(5)); one request is outstanding at a time, so the rest
    /// share tag 1.
    static func tag(of type: UInt8) -> UInt16 {
        type == NinePMessageType.version ? 0xffff : 1
    }

    /// The reply to a `type` request, checked to carry its tag and to be
    /// `type + 1`; Rlerror becomes the errno it carries. A server that
    /// answers anything else (another tag, another type, an Rlerror whose
    /// code is no errno) is EIO.
    private func answer(to type: UInt8, _ reply: NinePMessageReader) throws(Errno) -> NinePMessageReader {
        var reader = reply
        guard reader.isValid, reader.tag == Self.tag(of: type) else { throw .EIO }
        if reader.type == NinePMessageType.lerror {
            let code = reader.u32()
            guard reader.isValid, let error = Errno(rawValue: Int32(truncatingIfNeeded: code)) else { throw .EIO }
            throw error
        }
        guard reader.type == type + 1 else { throw .EIO }
        return reader
    }

    private func check(_ reader: NinePMessageReader) throws(Errno) {
        guard reader.isValid else { throw .EIO }
    }

    /// Tversion then Tattach of `name` on the server as `user` (uid
    /// `uid`): the root becomes `rootFid`.
    public func attach(user: UnsafeRawBufferPointer, uid: UInt32, name: UnsafeRawBufferPointer) throws(Errno) -> NinePQid {
        let offered = UInt32(messageSize)
        var reply = try transact(NinePMessageType.version) { message in
            message.u32(offered)
            message.string(Self.staticBytes(Self.protocolVersion))
        }
        let size = Int(reply.u32())
        let version = reply.string()
        try check(reply)
        guard Self.equal(version, Self.protocolVersion), size >= 4096 else { throw .EPROTONOSUPPORT }
        messageSize = min(messageSize, size)
        var attached = try transact(NinePMessageType.attach) { message in
            message.u32(Self.rootFid)
            message.u32(Self.noFid)
            message.string(user)
            message.string(name)
            message.u32(uid)
        }
        let qid = attached.qid()
        try check(attached)
        return qid
    }

    public func allocateFid() -> UInt32 {
        if let fid = freeFids.popLast() { return fid }
        defer { nextFid += 1 }
        return nextFid
    }

    /// Tclunk: the server forgets `fid`, which is free for reuse.
    public func clunk(_ fid: UInt32) {
        _ = try? transact(NinePMessageType.clunk) { $0.u32(fid) }
        freeFids.append(fid)
    }

    /// Twalk from `fid` to `name` (or, with nil, a copy of `fid`) as
    /// `newFid`; the file's qid (nil for a copy).
    @discardableResult
    public func walk(_ fid: UInt32, to newFid: UInt32, name: UnsafeRawBufferPointer?) throws(Errno) -> NinePQid? {
        var reply = try transact(NinePMessageType.walk) { message in
            message.u32(fid)
            message.u32(newFid)
            if let name {
                message.u16(1)
                message.string(name)
            } else {
                message.u16(0)
            }
        }
        let count = reply.u16()
        let qid = count > 0 ? reply.qid() : nil
        try check(reply)
        // More qids than names asked for is nonsense; a walk that stops
        // short names no file (the server made no fid).
        guard count <= (name == nil ? 0 : 1) else { throw .EIO }
        guard name == nil || count == 1 else { throw .ENOENT }
        return qid
    }

    /// Tlopen with Linux open flags.
    public func open(_ fid: UInt32, flags: UInt32) throws(Errno) {
        var reply = try transact(NinePMessageType.lopen) { message in
            message.u32(fid)
            message.u32(flags)
        }
        _ = reply.qid()
        try check(reply)
    }

    /// Tlcreate: makes and opens `name` in directory `fid`, which then
    /// names the new file.
    public func create(
        _ fid: UInt32, name: UnsafeRawBufferPointer, flags: UInt32, mode: UInt32, gid: UInt32
    ) throws(Errno) -> NinePQid {
        try transactForQid(NinePMessageType.lcreate) { message in
            message.u32(fid)
            message.string(name)
            message.u32(flags)
            message.u32(mode)
            message.u32(gid)
        }
    }

    /// Tread of at most `maximumTransfer` bytes into `buffer`, where the
    /// transport has the server put them: no copy on the way.
    public func read(_ fid: UInt32, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        let count = min(buffer.count, maximumTransfer)
        return try transport.exclusively { () throws(Errno) -> Int in
            let length = try build(NinePMessageType.read) { message in
                message.u32(fid)
                message.u64(offset)
                message.u32(UInt32(count))
            }
            let header = Self.readReplyHeaderSize
            let received = try transport.exchange(
                length: length, header: header, payload: UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]))
            var reply = try answer(to: NinePMessageType.read, NinePMessageReader(
                UnsafeRawBufferPointer(transport.reply), length: min(received, header), payload: max(received - header, 0)))
            let got = Int(reply.u32())
            try check(reply)
            guard got <= count, got == received - header else { throw .EIO }
            return got
        }
    }

    /// Twrite of at most `maximumTransfer` bytes from `bytes`, which the
    /// transport has the server read where they are: no copy on the way.
    public func write(_ fid: UInt32, at offset: UInt64, _ bytes: UnsafeRawBufferPointer) throws(Errno) -> Int {
        let chunk = UnsafeRawBufferPointer(rebasing: bytes[..<min(bytes.count, maximumTransfer)])
        return try transport.exclusively { () throws(Errno) -> Int in
            let length = try build(NinePMessageType.write, payload: chunk.count) { message in
                message.u32(fid)
                message.u64(offset)
                message.u32(UInt32(chunk.count))
            }
            let received = try transport.exchange(length: length, payload: chunk)
            var reply = try answer(
                to: NinePMessageType.write, NinePMessageReader(UnsafeRawBufferPointer(transport.reply), length: received))
            let written = Int(reply.u32())
            try check(reply)
            return min(written, chunk.count)
        }
    }

    public func attributes(_ fid: UInt32) throws(Errno) -> NinePAttributes {
        var reply = try transact(NinePMessageType.getattr) { message in
            message.u32(fid)
            message.u64(0x7ff)   // P9_GETATTR_BASIC
        }
        var attributes = NinePAttributes()
        _ = reply.u64()   // valid
        attributes.qid = reply.qid()
        attributes.mode = reply.u32()
        attributes.uid = reply.u32()
        attributes.gid = reply.u32()
        attributes.linkCount = reply.u64()
        attributes.specialDevice = reply.u64()
        attributes.size = reply.u64()
        attributes.blockSize = reply.u64()
        attributes.blocks = reply.u64()
        attributes.accessTime = Self.time(&reply)
        attributes.modificationTime = Self.time(&reply)
        attributes.changeTime = Self.time(&reply)
        try check(reply)
        return attributes
    }

    private static func time(_ reply: inout NinePMessageReader) -> Timespec {
        let seconds = Int64(bitPattern: reply.u64())
        return Timespec(seconds: seconds, nanoseconds: Int64(bitPattern: reply.u64()))
    }

    public func setAttributes(_ fid: UInt32, _ change: NinePAttributeChange) throws(Errno) {
        // P9_ATTR_* bits: MODE 1, UID 2, GID 4, SIZE 8, ATIME 16, MTIME 32,
        // CTIME 64, ATIME_SET 128, MTIME_SET 256.
        var valid: UInt32 = 0
        if change.mode != nil { valid |= 1 }
        if change.uid != nil { valid |= 2 }
        if change.gid != nil { valid |= 4 }
        if change.size != nil { valid |= 8 }
        if let time = change.accessTime { valid |= 16 | (time != nil ? 128 : 0) }
        if let time = change.modificationTime { valid |= 32 | (time != nil ? 256 : 0) }
        if valid != 0 { valid |= 64 }   // any change moves ctime, as on Linux
        let accessTime = (change.accessTime ?? nil) ?? Timespec(seconds: 0, nanoseconds: 0)
        let modificationTime = (change.modificationTime ?? nil) ?? Timespec(seconds: 0, nanoseconds: 0)
        let reply = try transact(NinePMessageType.setattr) { message in
            message.u32(fid)
            message.u32(valid)
            message.u32(change.mode ?? 0)
            message.u32(change.uid ?? 0)
            message.u32(change.gid ?? 0)
            message.u64(change.size ?? 0)
            message.u64(UInt64(bitPattern: accessTime.seconds))
            message.u64(UInt64(bitPattern: accessTime.nanoseconds))
            message.u64(UInt64(bitPattern: modificationTime.seconds))
            message.u64(UInt64(bitPattern: modificationTime.nanoseconds))
        }
        try check(reply)
    }

    /// Treaddir from the server's `offset` cookie: calls `emit` with each
    /// entry's qid, the cookie after it, its d_type and name, until `emit`
    /// returns false. Returns how many entries came (0: the end).
    public func readDirectory(
        _ fid: UInt32, from offset: UInt64,
        _ emit: (NinePQid, UInt64, UInt8, UnsafeRawBufferPointer) -> Bool
    ) throws(Errno) -> Int {
        let count = UInt32(maximumTransfer)
        var reply = try transact(NinePMessageType.readdir) { message in
            message.u32(fid)
            message.u64(offset)
            message.u32(count)
        }
        var entries = reply.bytes(Int(reply.u32()))
        try check(reply)
        var emitted = 0
        while !entries.isEmpty {
            // Each entry: qid[13] offset[8] type[1] name[s].
            guard entries.count >= 24 else { throw .EIO }
            let length = Int(entries.loadUnaligned(fromByteOffset: 22, as: UInt16.self).littleEndian)
            guard entries.count >= 24 + length else { throw .EIO }
            let qid = NinePQid(
                type: entries[0],
                version: entries.loadUnaligned(fromByteOffset: 1, as: UInt32.self).littleEndian,
                path: entries.loadUnaligned(fromByteOffset: 5, as: UInt64.self).littleEndian)
            let next = entries.loadUnaligned(fromByteOffset: 13, as: UInt64.self).littleEndian
            let name = UnsafeRawBufferPointer(rebasing: entries[24..<(24 + length)])
            emitted += 1
            guard emit(qid, next, entries[21], name) else { break }
            entries = UnsafeRawBufferPointer(rebasing: entries[(24 + length)...])
        }
        return emitted
    }

    public func makeDirectory(
        _ directory: UInt32, name: UnsafeRawBufferPointer, mode: UInt32, gid: UInt32
    ) throws(Errno) -> NinePQid {
        try transactForQid(NinePMessageType.mkdir) { message in
            message.u32(directory)
            message.string(name)
            message.u32(mode)
            message.u32(gid)
        }
    }

    /// Tunlinkat; `directory` true removes a directory (AT_REMOVEDIR).
    public func unlink(_ directory: UInt32, name: UnsafeRawBufferPointer, isDirectory: Bool) throws(Errno) {
        _ = try transact(NinePMessageType.unlinkat) { message in
            message.u32(directory)
            message.string(name)
            message.u32(isDirectory ? 0x200 : 0)
        }
    }

    public func rename(
        _ directory: UInt32, name: UnsafeRawBufferPointer, to newDirectory: UInt32, as newName: UnsafeRawBufferPointer
    ) throws(Errno) {
        _ = try transact(NinePMessageType.renameat) { message in
            message.u32(directory)
            message.string(name)
            message.u32(newDirectory)
            message.string(newName)
        }
    }

    public func makeSymbolicLink(
        _ directory: UInt32, name: UnsafeRawBufferPointer, target: UnsafeRawBufferPointer, gid: UInt32
    ) throws(Errno) -> NinePQid {
        try transactForQid(NinePMessageType.symlink) { message in
            message.u32(directory)
            message.string(name)
            message.string(target)
            message.u32(gid)
        }
    }

    public func readLink(_ fid: UInt32) throws(Errno) -> [UInt8] {
        var reply = try transact(NinePMessageType.readlink) { $0.u32(fid) }
        let target = Array(reply.string())
        try check(reply)
        return target
    }

    /// Tlink: `name` in `directory` becomes another name of `fid`'s file.
    public func link(_ directory: UInt32, to fid: UInt32, name: UnsafeRawBufferPointer) throws(Errno) {
        _ = try transact(NinePMessageType.link) { message in
            message.u32(directory)
            message.u32(fid)
            message.string(name)
        }
    }

    public func sync(_ fid: UInt32, dataOnly: Bool) throws(Errno) {
        _ = try transact(NinePMessageType.fsync) { message in
            message.u32(fid)
            message.u32(dataOnly ? 1 : 0)
        }
    }

    public func fileSystemStatus(_ fid: UInt32) throws(Errno) -> NinePFileSystemStatus {
        var reply = try transact(NinePMessageType.statfs) { $0.u32(fid) }
        var status = NinePFileSystemStatus()
        status.type = reply.u32()
        status.blockSize = reply.u32()
        status.blocks = reply.u64()
        status.freeBlocks = reply.u64()
        status.availableBlocks = reply.u64()
        status.files = reply.u64()
        status.freeFiles = reply.u64()
        status.id = reply.u64()
        status.nameLength = reply.u32()
        try check(reply)
        return status
    }

    // MARK: Bytes

    static func staticBytes(_ text: StaticString) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }

    static func equal(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        bytes.elementsEqual(staticBytes(text))
    }
}
