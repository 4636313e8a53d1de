import LinuxABI
import NineP

/// A 9P server that answers every request with the fuzzer's next reply:
/// the input is a list of replies, each `length[2]` then that many bytes,
/// carried as a virtio-9p device would (Rread's data past the header into
/// the caller's buffer). The size field inside a reply may lie.
final class ReplayedServer: NinePTransport {
    let request = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 8)
    let reply = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 8)
    var input: FuzzInput

    init(_ input: FuzzInput) { self.input = input }

    deinit {
        request.deallocate()
        reply.deallocate()
    }

    private func nextReply() -> UnsafeRawBufferPointer {
        input.take(Int(input.integer(UInt16.self)))
    }

    func exchange(length: Int) -> Int {
        let bytes = nextReply()
        let count = min(bytes.count, reply.count)
        reply.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[..<count]))
        return count
    }

    func exchange(length: Int, payload: UnsafeRawBufferPointer) throws(Errno) -> Int {
        exchange(length: length)
    }

    func exchange(length: Int, header: Int, payload: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        let bytes = nextReply()
        let count = min(bytes.count, header + payload.count)
        for index in 0..<count {
            if index < header { reply[index] = bytes[index] } else { payload[index - header] = bytes[index] }
        }
        return count
    }
}

/// The kernel's 9P client (what NinePFileSystem calls) against a server
/// that answers anything: attach, then every request kind once, a read and
/// a directory listing until they end. A reply may only make a call fail.
@_cdecl("LLVMFuzzerTestOneInput")
public func ninePFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let server = ReplayedServer(FuzzInput(data, size))
    let client = NinePClient(transport: server)
    let name = staticBytes("file")
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 8)
    defer { buffer.deallocate() }
    attempt { keep(try client.attach(user: staticBytes("root"), uid: 0, name: staticBytes("")).path) }
    let fid = client.allocateFid()
    attempt { keep(try client.walk(NinePClient<ReplayedServer>.rootFid, to: fid, name: name)?.path ?? 0) }
    attempt { keep(try client.walk(fid, to: client.allocateFid(), name: nil)?.path ?? 0) }
    attempt { keep(try client.attributes(fid).size) }
    attempt { try client.open(fid, flags: 2) }
    attempt {
        for offset: UInt64 in [0, 4096] {
            let got = try client.read(fid, at: offset, into: buffer)
            precondition(got >= 0 && got <= buffer.count, "read more than asked")
        }
    }
    attempt { keep(try client.write(fid, at: 0, UnsafeRawBufferPointer(buffer))) }
    attempt {
        var cookie: UInt64 = 0
        for _ in 0..<8 {
            let count = try client.readDirectory(fid, from: cookie) { qid, next, type, entryName in
                keep(qid.path &+ UInt64(type) &+ UInt64(entryName.count))
                cookie = next
                return true
            }
            if count == 0 { break }
        }
    }
    attempt { keep(try client.readLink(fid).count) }
    attempt { keep(try client.create(fid, name: name, flags: 0o100, mode: 0o644, gid: 0).path) }
    attempt { keep(try client.makeDirectory(fid, name: name, mode: 0o755, gid: 0).path) }
    attempt { keep(try client.makeSymbolicLink(fid, name: name, target: name, gid: 0).path) }
    attempt {
        var change = NinePAttributeChange()
        change.size = 1
        change.modificationTime = .some(nil)
        try client.setAttributes(fid, change)
    }
    attempt { try client.link(fid, to: fid, name: name) }
    attempt { try client.rename(fid, name: name, to: fid, as: name) }
    attempt { try client.unlink(fid, name: name, isDirectory: false) }
    attempt { try client.sync(fid, dataOnly: true) }
    attempt { keep(try client.fileSystemStatus(fid).blocks) }
    client.clunk(fid)
    return 0
}
