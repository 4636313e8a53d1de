import LinuxABI
import NineP
import Testing

/// A transport whose server is a closure: it sees each request's bytes
/// and writes the reply.
final class ScriptedServer: NinePTransport {
    let request = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 8)
    let reply = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 8)
    var requests: [[UInt8]] = []
    var answer: (NinePMessageReader) -> [UInt8]

    init(_ answer: @escaping (NinePMessageReader) -> [UInt8]) { self.answer = answer }

    deinit {
        request.deallocate()
        reply.deallocate()
    }

    func exchange(length: Int) -> Int {
        exchange(length: length, payload: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// The server sees one message: the request's bytes, then the payload.
    func exchange(length: Int, payload: UnsafeRawBufferPointer) -> Int {
        let message = Array(request[..<length]) + Array(payload)
        requests.append(message)
        let bytes = message.withUnsafeBytes { answer(NinePMessageReader($0, length: message.count)) }
        for (index, byte) in bytes.enumerated() { reply[index] = byte }
        return bytes.count
    }

    /// As a device writes a reply into a chain: `header` bytes into
    /// `reply`, what follows into `payload`, as much as fits.
    func exchange(length: Int, header: Int, payload: UnsafeMutableRawBufferPointer) -> Int {
        requests.append(Array(request[..<length]))
        let bytes = answer(NinePMessageReader(UnsafeRawBufferPointer(request), length: length))
        let written = min(bytes.count, header + payload.count)
        for index in 0..<written {
            if index < header { reply[index] = bytes[index] } else { payload[index - header] = bytes[index] }
        }
        return written
    }
}

/// An R-message: size, type, tag, body.
func message(_ type: UInt8, tag: UInt16 = 1, _ body: [UInt8]) -> [UInt8] {
    le32(UInt32(7 + body.count)) + [type] + le16(tag) + body
}
func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xff), UInt8(value >> 8)] }
func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
func string9p(_ text: String) -> [UInt8] { le16(UInt16(text.utf8.count)) + Array(text.utf8) }
func qid9p(_ type: UInt8, _ path: UInt64) -> [UInt8] { [type] + le32(0) + le64(path) }

func bytes(_ text: String) -> UnsafeRawBufferPointer {
    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: text.utf8.count, alignment: 1)
    copy.copyBytes(from: Array(text.utf8))
    return UnsafeRawBufferPointer(copy)   // leaked: test-lifetime
}

struct NinePTests {
    /// Tversion and Tattach laid out as 9P2000.L defines them.
    @Test func attachNegotiatesVersionAndMessageSize() throws {
        let server = ScriptedServer { request in
            switch request.type {
            case 100: message(101, tag: 0xffff, le32(4096) + string9p("9P2000.L"))
            case 104: message(105, qid9p(0x80, 42))
            default: message(7, le32(UInt32(Errno.EIO.rawValue)))
            }
        }
        let client = NinePClient(transport: server)
        let root = try client.attach(user: bytes("root"), uid: 0, name: bytes(""))
        #expect(root == NinePQid(type: 0x80, version: 0, path: 42))
        #expect(root.isDirectory)
        #expect(client.messageSize == 4096)
        #expect(server.requests[0] == le32(21) + [100] + le16(0xffff) + le32(8192) + string9p("9P2000.L"))
        #expect(server.requests[1] == le32(27) + [104] + le16(1) + le32(0) + le32(0xffff_ffff)
            + string9p("root") + string9p("") + le32(0))
    }

    @Test func serverErrorsArriveAsErrno() {
        let server = ScriptedServer { _ in message(7, le32(2)) }
        let client = NinePClient(transport: server)
        #expect(throws: Errno.ENOENT) { try client.walk(0, to: 1, name: bytes("missing")) }
    }

    @Test func malformedRepliesAreEIO() {
        let truncated = ScriptedServer { _ in message(111, le16(1)) }   // promises a qid, sends none
        #expect(throws: Errno.EIO) { try NinePClient(transport: truncated).walk(0, to: 1, name: bytes("a")) }
        let wrongType = ScriptedServer { _ in message(121, []) }
        #expect(throws: Errno.EIO) { try NinePClient(transport: wrongType).walk(0, to: 1, name: bytes("a")) }
    }

    @Test func readAndWriteMoveDataThroughTheCallersBuffer() throws {
        let server = ScriptedServer { request in
            switch request.type {
            case 116: message(117, le32(5) + Array("hello".utf8))
            case 118: message(119, le32(3))
            default: message(7, le32(5))
            }
        }
        let client = NinePClient(transport: server)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 1)
        defer { buffer.deallocate() }
        #expect(try client.read(3, at: 10, into: buffer) == 5)
        #expect(Array(buffer[..<5]) == Array("hello".utf8))
        #expect(server.requests[0] == le32(23) + [116] + le16(1) + le32(3) + le64(10) + le32(16))
        #expect(try client.write(3, at: 7, bytes("abc")) == 3)
        #expect(server.requests[1] == le32(26) + [118] + le16(1) + le32(3) + le64(7) + le32(3) + Array("abc".utf8))
    }

    @Test func readErrorsAndBadCountsAreCaught() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 1)
        defer { buffer.deallocate() }
        // Rlerror lands where Rread's header goes.
        let failing = ScriptedServer { _ in message(7, le32(UInt32(Errno.EISDIR.rawValue))) }
        #expect(throws: Errno.EISDIR) { try NinePClient(transport: failing).read(3, at: 0, into: buffer) }
        // A count that disagrees with the data received is malformed.
        let lying = ScriptedServer { _ in message(117, le32(9) + Array("hello".utf8)) }
        #expect(throws: Errno.EIO) { try NinePClient(transport: lying).read(3, at: 0, into: buffer) }
    }

    @Test func readDirectoryWalksEntries() throws {
        let entry = { (name: String, path: UInt64, next: UInt64, type: UInt8) -> [UInt8] in
            qid9p(0, path) + le64(next) + [type] + string9p(name)
        }
        let data = entry("a.txt", 7, 1, 8) + entry("sub", 8, 2, 4)
        let server = ScriptedServer { _ in message(41, le32(UInt32(data.count)) + data) }
        var seen: [(String, UInt64, UInt64, UInt8)] = []
        let count = try NinePClient(transport: server).readDirectory(5, from: 0) { qid, next, type, name in
            seen.append((String(decoding: name, as: UTF8.self), qid.path, next, type))
            return true
        }
        #expect(count == 2)
        #expect(seen.map(\.0) == ["a.txt", "sub"])
        #expect(seen.map(\.1) == [7, 8])
        #expect(seen.map(\.2) == [1, 2])
        #expect(seen.map(\.3) == [8, 4])
    }

    @Test func getattrDecodesTheBasicFields() throws {
        var body = le64(0x7ff) + qid9p(0, 9) + le32(0o100644) + le32(1000) + le32(100)
        body += le64(1) + le64(0) + le64(12345) + le64(4096) + le64(32)
        body += le64(1) + le64(2) + le64(3) + le64(4) + le64(5) + le64(6)
        body += le64(0) + le64(0) + le64(0) + le64(0)
        let reply = body
        let server = ScriptedServer { _ in message(25, reply) }
        let attributes = try NinePClient(transport: server).attributes(4)
        #expect(attributes.mode == 0o100644)
        #expect(attributes.uid == 1000)
        #expect(attributes.size == 12345)
        #expect(attributes.modificationTime.seconds == 3)
        #expect(attributes.changeTime.nanoseconds == 6)
    }

    @Test func oversizedRequestIsRefusedBeforeSending() {
        let server = ScriptedServer { _ in message(111, le16(0)) }
        let long = String(repeating: "x", count: 9000)
        #expect(throws: Errno.ENAMETOOLONG) { try NinePClient(transport: server).walk(0, to: 1, name: bytes(long)) }
        #expect(server.requests.isEmpty)
    }
}
