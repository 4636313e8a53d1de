import Ext2
import LinuxABI

/// A disk image in memory: the fuzzer's bytes, then zeros up to whole
/// sectors and at least `minimumSize` (seeds leave their free blocks out),
/// served as a virtio-blk disk serves them (a request past the end is an
/// I/O error).
final class FuzzedDisk: Ext2Storage {
    static let minimumSize = 256 << 10
    let bytes: UnsafeMutableRawBufferPointer
    let maximumSegments = 16

    init(_ image: UnsafeRawBufferPointer) {
        bytes = .allocate(byteCount: max((image.count + 511) / 512 * 512, Self.minimumSize), alignment: 512)
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
        bytes.copyMemory(from: image)
    }

    deinit { bytes.deallocate() }

    func perform(_ requests: [StorageRequest]) throws(Errno) {
        for request in requests {
            guard request.offset % 512 == 0, request.offset <= UInt64(bytes.count) else { throw .EIO }
            var offset = Int(request.offset)
            for buffer in request.buffers {
                guard buffer.count % 512 == 0, buffer.count <= bytes.count - offset else { throw .EIO }
                let disk = UnsafeMutableRawBufferPointer(rebasing: bytes[offset..<(offset + buffer.count)])
                if request.isWrite { disk.copyMemory(from: UnsafeRawBufferPointer(buffer)) } else {
                    buffer.copyMemory(from: UnsafeRawBufferPointer(disk))
                }
                offset += buffer.count
            }
        }
    }

    func flush() throws(Errno) {}
}

/// Mounts the fuzzer's bytes as an ext2 volume as the kernel does for
/// `--disk`, then does what programs do: walks every directory (each
/// inode once), stats, reads files and links, looks names up, and changes
/// the volume (create, write, truncate, link, rename, remove, unmount).
/// A corrupt volume may only make these fail.
@_cdecl("LLVMFuzzerTestOneInput")
public func ext2Fuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let disk = FuzzedDisk(FuzzInput(data, size).bytes)
    guard let volume = try? Ext2Volume(storage: disk, cacheBytes: 256 << 10, now: { 1_700_000_000 }) else { return 0 }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 << 10, alignment: 8)
    defer { buffer.deallocate() }
    // Where reads go in each file: its start and what follows (a read
    // that continues the last one reads ahead), where its direct blocks
    // end, its single indirect table, the second table of its double
    // indirect tree, and its triple indirect tree (n pointers a block).
    let block = UInt64(volume.blockSize), perBlock = block / 4
    let offsets: [UInt64] = [0, UInt64(buffer.count), 12 * block, (12 + perBlock) * block,
                             (12 + 2 * perBlock + 1) * block, (12 + perBlock + perBlock * perBlock) * block]
    var visited: Set<UInt32> = [Ext2Volume.rootInode]
    var directories: [UInt32] = [Ext2Volume.rootInode]
    while let directory = directories.popLast(), visited.count < 256 {
        // Names with 8 bytes to spare: the name index reads a name with
        // the aligned doubleword loads holding its bytes (PackedName), as
        // the kernel's own buffers allow, which AddressSanitizer would
        // report past an array's exact end.
        var children: [(UInt32, [UInt8], Int)] = []
        attempt {
            try volume.forEachEntry(directory) { child, type, name, next in
                keep(UInt64(child) &+ UInt64(type) &+ next)
                children.append((child, Array(name) + [UInt8](repeating: 0, count: 8), name.count))
                return children.count < 64
            }
        }
        for (child, name, length) in children {
            attempt { keep(try name.withUnsafeBytes { try volume.lookup(directory, .init(rebasing: $0[..<length])) } ?? 0) }
            guard visited.insert(child).inserted else { continue }
            attempt {
                let inode = try volume.inode(child)
                keep(inode.size &+ UInt64(inode.sectors) &+ UInt64(inode.linkCount))
                if inode.isDirectory {
                    directories.append(child)
                } else if inode.isSymbolicLink {
                    keep(try volume.readLink(child).count)
                } else {
                    var readAhead = Ext2ReadAhead()
                    for offset in offsets where offset < inode.size {
                        _ = try volume.read(child, at: offset, into: buffer, readAhead: &readAhead)
                    }
                    _ = try volume.read(child, at: inode.size &- 1, into: buffer, readAhead: &readAhead)
                }
            }
        }
    }
    let root = Ext2Volume.rootInode
    // The names the changes use, each in a doubleword-padded slot (see above).
    let nameSlots = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 * 16, alignment: 8)
    defer { nameSlots.deallocate() }
    var slot = 0
    func name(_ text: StaticString) -> UnsafeRawBufferPointer {
        let start = 16 * slot
        slot += 1
        let target = UnsafeMutableRawBufferPointer(rebasing: nameSlots[start..<(start + text.utf8CodeUnitCount)])
        target.copyMemory(from: staticBytes(text))
        return UnsafeRawBufferPointer(target)
    }
    let new = name("new"), other = name("other"), dir = name("dir"), moved = name("moved")
    attempt {
        let file = try volume.create(root, new, mode: 0o100644)
        _ = try volume.write(file, at: 0, from: UnsafeRawBufferPointer(buffer))
        _ = try volume.write(file, at: 70_000, from: UnsafeRawBufferPointer(buffer))
        try volume.resize(file, to: 100)
        try volume.link(root, other, to: file)
        let directory = try volume.create(root, dir, mode: 0o040755)
        try volume.rename(root, other, to: directory, as: moved)
        _ = try volume.remove(root, new, directory: false)
        let removed = try volume.remove(directory, moved, directory: false)
        if removed.unlinked { try volume.releaseIfUnlinked(removed.child) }
        _ = try volume.remove(root, dir, directory: true)
    }
    attempt { try volume.unmount() }
    return 0
}
