import CpioArchive
import LinuxABI

/// Unpacks the initrd, a cpio "newc" archive, into a tmpfs, as Linux
/// fills its rootfs from an initramfs: directories, regular files,
/// symbolic links, FIFOs and device nodes with their modes, owners and
/// modification times. Parent directories an archive leaves out are made
/// (mode 0755). A later entry for an existing file replaces it.
/// Directories get their times last, as Linux's initramfs code does, since
/// adding their entries changes them.
public enum InitialRamDisk {
    public static func unpack(_ archive: UnsafeRawBufferPointer, into fileSystem: Tmpfs) throws(Errno) {
        var reader = CpioReader(archive)
        var directories: [(Vnode, Timespec)] = []
        while true {
            let next: CpioEntry?
            do throws(CpioError) {
                next = try reader.next()
            } catch {
                throw .EINVAL
            }
            guard let entry = next else { break }
            let file = try add(entry, to: fileSystem.root)
            if file.isDirectory {
                directories.append((file, Timespec(seconds: Int64(entry.modificationTime), nanoseconds: 0)))
            }
        }
        for (directory, time) in directories {
            var change = AttributeChange()
            change.accessTime = time
            change.modificationTime = time
            try directory.setAttributes(change)
        }
    }

    /// Adds one entry; returns its file.
    private static func add(_ entry: CpioEntry, to root: Vnode) throws(Errno) -> Vnode {
        // Components of the name, without "", "." (a leading "./" or "/").
        var components: [UnsafeRawBufferPointer] = []
        var start = 0
        let name = entry.name
        for index in 0...name.count where index == name.count || name[index] == UInt8(ascii: "/") {
            let component = UnsafeRawBufferPointer(rebasing: name[start..<index])
            start = index + 1
            if component.isEmpty || (component.count == 1 && component[0] == UInt8(ascii: ".")) { continue }
            guard component.count <= FileNames.maximumLength else { throw .ENAMETOOLONG }
            components.append(component)
        }
        guard let last = components.popLast() else {
            try setAttributes(root, entry)   // "." itself: the root's attributes
            return root
        }
        var directory = root
        for component in components {
            if let existing = try? directory.lookup(component) {
                guard existing.isDirectory else { throw .ENOTDIR }
                directory = existing
            } else {
                directory = try directory.create(component, mode: FileMode.directory | 0o755, device: 0)
            }
        }
        let type = entry.mode & FileMode.typeMask
        if let existing = try? directory.lookup(last) {
            if type == FileMode.directory, existing.isDirectory {
                try setAttributes(existing, entry)
                return existing
            }
            try directory.remove(last, directory: existing.isDirectory)
        }
        let file: Vnode
        switch type {
        case FileMode.symbolicLink:
            file = try directory.makeSymbolicLink(last, target: entry.data)
        case FileMode.regular:
            file = try directory.create(last, mode: entry.mode, device: 0)
            if entry.data.count > 0 { try unsafeDowncast(file, to: TmpfsFile.self).store(entry.data, at: 0) }
        case FileMode.directory, FileMode.fifo, FileMode.characterDevice, FileMode.blockDevice, FileMode.socket:
            let device = UInt64(entry.deviceMajor & 0xfff) << 8 | UInt64(entry.deviceMinor & 0xff)
                | UInt64(entry.deviceMinor & ~0xff) << 12
            file = try directory.create(last, mode: entry.mode, device: device)
        default:
            throw .EINVAL
        }
        try setAttributes(file, entry)
        return file
    }

    private static func setAttributes(_ file: Vnode, _ entry: CpioEntry) throws(Errno) {
        var change = AttributeChange()
        if !file.isSymbolicLink { change.permissions = entry.mode & FileMode.permissionMask }
        change.uid = entry.uid
        change.gid = entry.gid
        let time = Timespec(seconds: Int64(entry.modificationTime), nanoseconds: 0)
        change.accessTime = time
        change.modificationTime = time
        try file.setAttributes(change)
    }
}
