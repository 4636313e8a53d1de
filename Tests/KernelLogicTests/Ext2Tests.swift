import Ext2
import Foundation
import LinuxABI
import Testing

/// A disk image in memory that records the requests it serves.
final class MemoryDisk: Ext2Storage {
    var bytes: [UInt8]
    var flushes = 0
    /// Each request: write or read, first byte, byte count.
    var requests: [(isWrite: Bool, offset: Int, count: Int)] = []
    /// Batches given to `perform`.
    var batches = 0
    let maximumSegments: Int

    init(_ bytes: [UInt8], maximumSegments: Int = 32) {
        self.bytes = bytes
        self.maximumSegments = maximumSegments
    }

    func perform(_ requests: [StorageRequest]) throws(Errno) {
        batches += 1
        for request in requests {
            var offset = Int(request.offset)
            let total = request.buffers.reduce(0) { $0 + $1.count }
            guard offset % 512 == 0, total % 512 == 0, offset + total <= bytes.count else { throw .EIO }
            self.requests.append((request.isWrite, offset, total))
            for buffer in request.buffers {
                bytes.withUnsafeMutableBytes { disk in
                    let range = offset..<(offset + buffer.count)
                    if request.isWrite {
                        UnsafeMutableRawBufferPointer(rebasing: disk[range]).copyMemory(from: UnsafeRawBufferPointer(buffer))
                    } else {
                        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: disk[range]))
                    }
                }
                offset += buffer.count
            }
        }
    }

    func flush() throws(Errno) { flushes += 1 }

    /// What `cacheMayGrow` answers (false: memory is short).
    var cacheMayGrow = true
    func cacheMayGrow(by bytes: Int) -> Bool { cacheMayGrow }

    var writes: [(offset: Int, count: Int)] { requests.filter(\.isWrite).map { ($0.offset, $0.count) } }
    var reads: [(offset: Int, count: Int)] { requests.filter { !$0.isWrite }.map { ($0.offset, $0.count) } }
}

/// e2fsprogs on the host: makes images as `runikraft mkfs` does and checks
/// what the driver wrote.
enum E2fsprogs {
    static func tool(_ name: String) -> String? {
        ["/usr/sbin/", "/sbin/", "/usr/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ tool: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try? process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// An image of `size` holding `files` (path → contents).
    static func image(size: String, blockSize: Int, files: [String: String]) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ext2-\(UUID().uuidString)")
        let root = directory.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, contents) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: false, encoding: .utf8)
        }
        let image = directory.appendingPathComponent("disk.img").path
        let result = run(tool("mke2fs")!, ["-q", "-F", "-t", "ext2", "-b", "\(blockSize)", "-O", "^dir_index",
                                            "-E", "root_owner=0:0", "-d", root.path, image, size])
        #expect(result.status == 0, "\(result.output)")
        return Array(try Data(contentsOf: URL(fileURLWithPath: image)))
    }

    /// e2fsck -fn on `bytes`: its exit status and report.
    static func check(_ bytes: [UInt8]) throws -> (status: Int32, output: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ext2-\(UUID().uuidString).img").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return run(tool("e2fsck")!, ["-fn", path])
    }

    static func cat(_ bytes: [UInt8], _ file: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ext2-\(UUID().uuidString).img").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return run(tool("debugfs")!, ["-R", "cat \(file)", path]).output
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("debugfs ") }.joined(separator: "\n")
    }
}

func withName<R>(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try Array(name.utf8).withUnsafeBytes(body)
}

@Suite(.enabled(if: E2fsprogs.tool("mke2fs") != nil && E2fsprogs.tool("e2fsck") != nil))
struct Ext2Tests {
    func volume(_ disk: MemoryDisk) throws -> Ext2Volume {
        try Ext2Volume(storage: disk, now: { 1_700_000_000 })
    }

    func read(_ volume: Ext2Volume, _ number: UInt32) throws -> String {
        let size = Int(try volume.inode(number).size)
        var bytes = [UInt8](repeating: 0, count: size)
        var readAhead = Ext2ReadAhead()
        let count = try bytes.withUnsafeMutableBytes { try volume.read(number, at: 0, into: $0, readAhead: &readAhead) }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }

    @Test(arguments: [1024, 4096])
    func readsWhatMke2fsWrote(blockSize: Int) throws {
        let big = String(repeating: "0123456789abcdef", count: 5000)   // 80 000 bytes: indirect blocks
        let disk = MemoryDisk(try E2fsprogs.image(size: "4M", blockSize: blockSize,
                                                  files: ["hello.txt": "hello, disk\n", "dir/big": big]))
        let volume = try volume(disk)
        let hello = try withName("hello.txt") { try volume.lookup(Ext2Volume.rootInode, $0) }
        #expect(try read(volume, try #require(hello)) == "hello, disk\n")
        let dir = try #require(try withName("dir") { try volume.lookup(Ext2Volume.rootInode, $0) })
        #expect(try volume.inode(dir).isDirectory)
        let bigInode = try #require(try withName("big") { try volume.lookup(dir, $0) })
        #expect(try read(volume, bigInode) == big)
        var names: [String] = []
        try volume.forEachEntry(Ext2Volume.rootInode) { _, _, name, _ in
            names.append(String(decoding: name, as: UTF8.self))
            return true
        }
        #expect(Set(names) == [".", "..", "lost+found", "hello.txt", "dir"])
    }

    /// Every change the driver makes leaves a volume e2fsck finds clean,
    /// with the contents debugfs reads back.
    @Test(arguments: [1024, 4096])
    func changesPassE2fsck(blockSize: Int) throws {
        let disk = MemoryDisk(try E2fsprogs.image(size: "8M", blockSize: blockSize,
                                                  files: ["keep.txt": "kept\n", "old.txt": "old\n"]))
        let volume = try volume(disk)
        let root = Ext2Volume.rootInode
        let docs = try withName("docs") { try volume.create(root, $0, mode: 0o040755) }
        let note = try withName("note.txt") { try volume.create(docs, $0, mode: 0o100644) }
        let text = Array("written by the driver\n".utf8)
        _ = try text.withUnsafeBytes { try volume.write(note, at: 0, from: $0) }
        // A file large enough for double indirect blocks at 1 KiB blocks.
        let large = try withName("large.bin") { try volume.create(root, $0, mode: 0o100600) }
        let chunk = [UInt8](repeating: 0x5a, count: 70_000)
        for index in 0..<5 {
            _ = try chunk.withUnsafeBytes { try volume.write(large, at: UInt64(index * chunk.count), from: $0) }
        }
        #expect(try volume.inode(large).size == 350_000)
        try volume.resize(large, to: 1000)
        _ = try withName("link") { name in
            try Array("docs/note.txt".utf8).withUnsafeBytes { try volume.create(root, name, mode: 0o120777, target: $0) }
        }
        try withName("hard.txt") { try volume.link(docs, $0, to: note) }
        try withName("old.txt") { try volume.remove(root, $0, directory: false) }
        try withName("keep.txt") { old in try withName("kept.txt") { try volume.rename(root, old, to: docs, as: $0) } }
        let empty = try withName("empty") { try volume.create(root, $0, mode: 0o040700) }
        #expect(throws: Errno.ENOTEMPTY) { try withName("docs") { try volume.remove(root, $0, directory: true) } }
        try withName("empty") { try volume.remove(root, $0, directory: true) }
        #expect(try withName("empty") { try volume.lookup(root, $0) } == nil)
        _ = empty
        let moved = try withName("moved") { try volume.create(docs, $0, mode: 0o040755) }
        try withName("moved") { old in try withName("moved") { try volume.rename(docs, old, to: root, as: $0) } }
        #expect(try withName("..") { try volume.lookup(moved, $0) } == root)

        try volume.sync()
        let check = try E2fsprogs.check(disk.bytes)
        #expect(check.status == 0, "\(check.output)")
        #expect(try E2fsprogs.cat(disk.bytes, "/docs/hard.txt").hasPrefix("written by the driver"))
        #expect(try E2fsprogs.cat(disk.bytes, "/docs/kept.txt").hasPrefix("kept"))
        #expect(try volume.readLink(try #require(try withName("link") { try volume.lookup(root, $0) }))
            == Array("docs/note.txt".utf8))
        // The inodes the volume keeps parsed say what a fresh parse of the
        // disk says.
        try volume.setAttributes(note, permissions: 0o600, uid: 7, gid: 8, accessTime: (1_600_000_000, 123_456_789),
                                 modificationTime: (1_650_000_000, 987_654_321))
        try volume.sync()
        let fresh = try Ext2Volume(storage: disk, now: { 1_700_000_000 })
        for number in [root, docs, note, large, moved] {
            let kept = try volume.inode(number), parsed = try fresh.inode(number)
            #expect(kept.mode == parsed.mode && kept.uid == parsed.uid && kept.gid == parsed.gid)
            #expect(kept.size == parsed.size && kept.sectors == parsed.sectors && kept.linkCount == parsed.linkCount)
            #expect(kept.flags == parsed.flags && kept.deletionTime == parsed.deletionTime)
            #expect(kept.accessTime == parsed.accessTime && kept.modificationTime == parsed.modificationTime
                && kept.changeTime == parsed.changeTime)
            #expect(kept.accessNanoseconds == parsed.accessNanoseconds
                && kept.modificationNanoseconds == parsed.modificationNanoseconds
                && kept.changeNanoseconds == parsed.changeNanoseconds, "inode \(number), \(blockSize)")
            #expect((0..<15).allSatisfy { kept.blocks[$0] == parsed.blocks[$0] })
        }
        #expect(try fresh.inode(note).modificationNanoseconds == 987_654_321)
    }

    /// A full volume: a write ends short, then ENOSPC; a directory or a
    /// long link that finds no block gives its inode back; e2fsck finds it
    /// clean, and removing the file makes the space usable again.
    @Test(arguments: [1024, 4096])
    func fillsUpCleanly(blockSize: Int) throws {
        let disk = MemoryDisk(try E2fsprogs.image(size: "256K", blockSize: blockSize, files: [:]))
        let volume = try volume(disk)
        let root = Ext2Volume.rootInode
        let file = try withName("big") { try volume.create(root, $0, mode: 0o100644) }
        let chunk = [UInt8](repeating: 0x5a, count: 5000)
        var total = 0, shorts = 0
        while true {
            let written: Int
            do {
                written = try chunk.withUnsafeBytes { try volume.write(file, at: UInt64(total), from: $0) }
            } catch {
                #expect(error as? Errno == .ENOSPC)
                break
            }
            total += written
            if written < chunk.count { shorts += 1 }
        }
        #expect(shorts == 1 && total > 100_000)
        #expect(try volume.inode(file).size == UInt64(total))
        let freeInodes = volume.freeInodes
        #expect(throws: Errno.ENOSPC) { try withName("dir") { try volume.create(root, $0, mode: 0o040755) } }
        let target = Array(String(repeating: "t", count: 100).utf8)
        #expect(throws: Errno.ENOSPC) {
            try withName("link") { name in try target.withUnsafeBytes { try volume.create(root, name, mode: 0o120777, target: $0) } }
        }
        #expect(volume.freeInodes == freeInodes)
        try volume.sync()
        let check = try E2fsprogs.check(disk.bytes)
        #expect(check.status == 0, "\(check.output)")

        try withName("big") { try volume.remove(root, $0, directory: false) }
        _ = try withName("dir") { try volume.create(root, $0, mode: 0o040755) }
        try volume.sync()
        #expect(try E2fsprogs.check(disk.bytes).status == 0)
    }

    @Test func refusesWhatIsNotExt2() {
        let disk = MemoryDisk([UInt8](repeating: 0, count: 65536))
        #expect(throws: Errno.EINVAL) { try Ext2Volume(storage: disk, now: { 0 }) }
    }
}
