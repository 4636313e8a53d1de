import LinuxABI
import NineP
import Testing

/// A 9p server that answers nonsense: every malformed reply is EIO (the
/// errno NinePFileSystem passes on to the program), an Rlerror that
/// carries a real errno is that errno, and nothing traps. Uses
/// NinePTests' ScriptedServer and message builders.
struct NinePHostileServerTests {
    /// Rgetattr's body as qemu sends it: the basic fields, then btime,
    /// gen and data_version.
    static let attributes = le64(0x7ff) + qid9p(0, 9) + le32(0o100644) + le32(0) + le32(0)
        + le64(1) + le64(0) + le64(12) + le64(4096) + le64(8) + [UInt8](repeating: 0, count: 8 * 12)

    /// Replies to Tgetattr, and what the client must make of each.
    static let replies: [(String, [UInt8], Errno?)] = [
        ("the reply itself", message(25, attributes), nil),
        ("another tag", message(25, tag: 2, attributes), .EIO),
        ("NOTAG", message(25, tag: 0xffff, attributes), .EIO),
        ("another type", message(13, attributes), .EIO),
        ("a T-message", message(24, attributes), .EIO),
        ("cut short of its size", Array(message(25, attributes).prefix(40)), .EIO),
        ("a body shorter than its fields", message(25, Array(attributes.prefix(30))), .EIO),
        ("a size past the bytes received", le32(4000) + message(25, attributes).dropFirst(4), .EIO),
        ("a size shorter than a header", le32(3) + message(25, attributes).dropFirst(4), .EIO),
        ("nothing", [], .EIO),
        ("Rlerror ENOENT", message(7, le32(2)), .ENOENT),
        ("Rlerror 0", message(7, le32(0)), .EIO),
        ("Rlerror 9999", message(7, le32(9999)), .EIO),
        ("Rlerror -1", message(7, le32(0xffff_ffff)), .EIO),
        ("Rlerror without its code", message(7, le16(2)), .EIO),
        ("Rlerror with another tag", message(7, tag: 9, le32(2)), .EIO),
    ]

    @Test(arguments: 0..<replies.count)
    func getattrReply(_ index: Int) throws {
        let (_, reply, expected) = Self.replies[index]
        let client = NinePClient(transport: ScriptedServer { _ in reply })
        if let expected {
            #expect(throws: expected) { try client.attributes(4) }
        } else {
            #expect(try client.attributes(4).size == 12)
        }
    }

    @Test func versionFromAnotherProtocolOrTooSmall() {
        for reply in [message(101, tag: 0xffff, le32(8192) + string9p("9P2000.u")),
                      message(101, tag: 0xffff, le32(100) + string9p("9P2000.L"))] {
            let client = NinePClient(transport: ScriptedServer { _ in reply })
            #expect(throws: Errno.EPROTONOSUPPORT) { try client.attach(user: bytes("root"), uid: 0, name: bytes("")) }
        }
        let untagged = NinePClient(transport: ScriptedServer { _ in message(101, le32(8192) + string9p("9P2000.L")) })
        #expect(throws: Errno.EIO) { try untagged.attach(user: bytes("root"), uid: 0, name: bytes("")) }
    }

    /// Rwalk with more qids than names walked.
    @Test func walkWithMoreQidsThanNames() {
        let reply = message(111, le16(3) + qid9p(0, 1) + qid9p(0, 2) + qid9p(0, 3))
        let client = NinePClient(transport: ScriptedServer { _ in reply })
        #expect(throws: Errno.EIO) { try client.walk(0, to: 1, name: bytes("a")) }
        #expect(throws: Errno.EIO) { try client.walk(0, to: 1, name: nil) }
    }

    /// Lengths inside the message that reach past it.
    @Test func lengthsPastTheMessage() {
        let link = NinePClient(transport: ScriptedServer { _ in message(23, le16(200) + Array("short".utf8)) })
        #expect(throws: Errno.EIO) { try link.readLink(3) }
        let entry = qid9p(0, 7) + le64(1) + [8] + le16(50) + Array("a.txt".utf8)
        let listings: [[UInt8]] = [
            le32(UInt32(entry.count)) + entry,                       // a name past its entry
            le32(4000) + entry,                                      // a count past the message
            le32(10) + Array(entry.prefix(10)),                      // an entry cut short
        ]
        for listing in listings {
            let client = NinePClient(transport: ScriptedServer { _ in message(41, listing) })
            #expect(throws: Errno.EIO) { _ = try client.readDirectory(5, from: 0) { _, _, _, _ in true } }
        }
    }

    /// Rread claiming more than was asked for, or than came.
    @Test func readCountsThatLie() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4, alignment: 1)
        defer { buffer.deallocate() }
        for reply in [message(117, le32(8) + Array("too long".utf8)), message(117, le32(0xffff_ffff)),
                      message(117, tag: 3, le32(2) + [1, 2])] {
            let client = NinePClient(transport: ScriptedServer { _ in reply })
            #expect(throws: Errno.EIO) { try client.read(3, at: 0, into: buffer) }
        }
    }
}
