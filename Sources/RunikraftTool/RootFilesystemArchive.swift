import CpioArchive
import Foundation

/// `runikraft run --rootfs DIR`: the folder packed as a cpio "newc"
/// archive, which qemu passes to the kernel as its initrd and the kernel
/// unpacks into its root file system. Entries come parents first, names
/// sorted, so the same folder always gives the same archive. Files keep
/// their type, permission bits and modification time; every file belongs
/// to root (the program's user), as initramfs tools do by default. Hard
/// links are stored as separate copies.
public enum RootFilesystemArchive {
    public static func pack(directory: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ToolError("--rootfs \(directory): not a directory")
        }
        var writer = CpioWriter()
        try add(directory: directory, prefix: "", to: &writer)
        writer.finish()
        return writer.bytes
    }

    private static func add(directory: String, prefix: String, to writer: inout CpioWriter) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw ToolError("--rootfs: cannot list \(directory): \(error.localizedDescription)")
        }
        for name in names {
            let path = directory + "/" + name
            let archived = prefix + name
            var status = stat()
            guard lstat(path, &status) == 0 else {
                throw ToolError("--rootfs: cannot read \(path): \(String(cString: strerror(errno)))")
            }
            let mode = UInt32(status.st_mode)
            let time = UInt32(truncatingIfNeeded: status.st_mtim.tv_sec)
            switch mode & UInt32(S_IFMT) {
            case UInt32(S_IFDIR):
                writer.append(name: Array(archived.utf8), mode: mode, modificationTime: time)
                try add(directory: path, prefix: archived + "/", to: &writer)
            case UInt32(S_IFREG):
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ToolError("--rootfs: cannot read \(path)")
                }
                writer.append(name: Array(archived.utf8), mode: mode, modificationTime: time, data: Array(data))
            case UInt32(S_IFLNK):
                let target = try FileManager.default.destinationOfSymbolicLink(atPath: path)
                writer.append(name: Array(archived.utf8), mode: mode, modificationTime: time, data: Array(target.utf8))
            default:
                // FIFOs, sockets and device nodes: the node itself, no data.
                let device = UInt64(status.st_rdev)
                writer.append(
                    name: Array(archived.utf8), mode: mode, modificationTime: time,
                    deviceMajor: UInt32((device >> 8) & 0xfff), deviceMinor: UInt32((device & 0xff) | ((device >> 12) & 0xfff00)))
            }
        }
    }
}
