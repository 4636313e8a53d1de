import KernelCommandLine
import KernelFiles
import KernelPlatform
import KernelVirtio
import LinuxABI

/// Mounts the host folders and disks the kernel command line names:
/// `rk.share=TAG:PATH` mounts the virtio-9p device whose mount tag is TAG,
/// `rk.disk=ID:PATH` the virtio-blk disk whose serial is ID (ext2), at
/// PATH, making the directories on the way as needed.
public enum StorageMounts {
    /// `st_dev` of the mounts: anonymous devices 0:32 on.
    nonisolated(unsafe) static var nextDevice: UInt64 = 0x20

    public static func mountAll(_ commandLine: KernelCommandLine) {
        for token in commandLine.tokens(of: .kernelOption) {
            if let value = value(of: token, after: "rk.share=") {
                mount(value, kind: "share") { name throws(Errno) in
                    guard let channel = VirtioDevices.shares.first(where: { $0.tag.elementsEqual(name) }) else {
                        throw .ENODEV
                    }
                    return try NinePFileSystem(channel: channel, device: allocateDevice())
                }
            } else if let value = value(of: token, after: "rk.disk=") {
                mount(value, kind: "disk") { name throws(Errno) in
                    guard let disk = VirtioDevices.disks.first(where: { $0.serial.elementsEqual(name) }) else {
                        throw .ENODEV
                    }
                    return try Ext2FileSystem(disk: disk, device: allocateDevice())
                }
            }
        }
    }

    static func allocateDevice() -> UInt64 {
        defer { nextDevice += 1 }
        return nextDevice
    }

    /// `NAME:PATH` split, the file system `make` builds for NAME mounted
    /// at PATH; a failure is logged and the boot goes on.
    static func mount(
        _ value: UnsafeRawBufferPointer, kind: StaticString,
        _ make: (UnsafeRawBufferPointer) throws(Errno) -> FileSystem
    ) {
        guard let colon = value.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = UnsafeRawBufferPointer(rebasing: value[..<colon])
        let path = UnsafeRawBufferPointer(rebasing: value[(colon + 1)...])
        do throws(Errno) {
            let fileSystem = try make(name)
            try MountTable.mount(fileSystem, on: try makeDirectories(path), path: FileName(path))
            Log.line(.debug) { line in
                line.text("mounted ")
                line.text(kind)
                line.text(" ")
                line.bytes(name)
                line.text(" at ")
                line.bytes(path)
            }
        } catch {
            Log.line(.error) { line in
                line.text("cannot mount ")
                line.text(kind)
                line.text(" ")
                line.bytes(name)
                line.text(" at ")
                line.bytes(path)
                line.text(" (errno ")
                line.decimal(Int(error.rawValue))
                line.text(")")
            }
        }
    }

    /// The directory at absolute `path`, made (with its parents) where missing.
    static func makeDirectories(_ path: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        guard var directory = MountTable.root, path.first == UInt8(ascii: "/") else { throw .EINVAL }
        var start = 0
        while start < path.count {
            var end = start
            while end < path.count, path[end] != UInt8(ascii: "/") { end += 1 }
            let component = UnsafeRawBufferPointer(rebasing: path[start..<end])
            start = end + 1
            if component.isEmpty { continue }
            var next: Vnode
            do throws(Errno) {
                next = try directory.lookup(component)
            } catch {
                next = try directory.create(component, mode: FileMode.directory | 0o755, device: 0)
            }
            // A mount point already there is crossed, as path lookup would.
            directory = next.mountedRoot ?? next
        }
        return directory
    }

    static func value(of token: UnsafeRawBufferPointer, after prefix: StaticString) -> UnsafeRawBufferPointer? {
        let prefixBytes = UnsafeRawBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        guard token.count > prefixBytes.count, token.starts(with: prefixBytes) else { return nil }
        return UnsafeRawBufferPointer(rebasing: token[prefixBytes.count...])
    }
}
