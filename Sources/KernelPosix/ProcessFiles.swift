import KernelFiles
import LinuxABI

/// The process's view of the file systems: its descriptor table, current
/// directory, root and umask, and how the `*at` syscalls turn a directory
/// descriptor and a path from the program into a file.
public enum ProcessFiles {
    nonisolated(unsafe) static var currentDirectory: Vnode?
    /// umask(2); Linux's default for init.
    nonisolated(unsafe) static var creationMask: UInt32 = 0o022

    static var root: Vnode {
        get throws(Errno) {
            guard let root = MountTable.root else { throw .ENOENT }
            return root
        }
    }

    /// The directory a relative path starts from: the current directory
    /// for AT_FDCWD, else the directory `descriptor` names (O_PATH ones
    /// included). An absolute path ignores it, even when it is not valid.
    static func startDirectory(_ descriptor: Int, for path: UnsafeRawBufferPointer) throws(Errno) -> Vnode {
        if path.count > 0, path[0] == UInt8(ascii: "/") { return try root }
        if descriptor == AtFlags.currentDirectory {
            guard let currentDirectory else { return try root }
            return currentDirectory
        }
        let directory = try FileDescriptorTable.current.file(descriptor).vnode
        guard directory.isDirectory else { throw .ENOTDIR }
        return directory
    }

    /// Where a walk of `path` (not empty) from `descriptor` begins, as an
    /// identity only, for `PathResolver`'s kept directories: no reference
    /// to the root or the current directory is taken (a directory
    /// descriptor is looked up).
    private static func origin(_ descriptor: Int, for path: UnsafeRawBufferPointer) throws(Errno) -> ObjectIdentifier {
        if path[0] != UInt8(ascii: "/"), descriptor != AtFlags.currentDirectory {
            return ObjectIdentifier(try startDirectory(descriptor, for: path))
        }
        let relative = path[0] != UInt8(ascii: "/")
        if relative, let currentDirectory { return ObjectIdentifier(currentDirectory) }
        guard let root = MountTable.root else { throw .ENOENT }
        return ObjectIdentifier(root)
    }

    /// The file (`descriptor`, `pathAddress`) names. An empty path is
    /// ENOENT unless `emptyPath` (AT_EMPTY_PATH), when it names the
    /// descriptor's own file.
    static func file(
        at descriptor: Int, _ pathAddress: Int, follow: Bool, emptyPath: Bool = false
    ) throws(Errno) -> Vnode {
        let path = try UserMemory.string(pathAddress)
        if path.count == 0 {
            guard emptyPath else { throw .ENOENT }
            if descriptor == AtFlags.currentDirectory { return try startDirectory(descriptor, for: path) }
            return try FileDescriptorTable.current.file(descriptor).vnode
        }
        if let file = try PathResolver.keptFile(of: path, origin: try origin(descriptor, for: path), followFinal: follow) {
            return file
        }
        let start = try startDirectory(descriptor, for: path)
        return try PathResolver.resolve(path, from: start, root: try root, followFinal: follow)
    }

    /// The directory and last name of (`descriptor`, `pathAddress`), for
    /// calls that create or remove a name.
    static func location(at descriptor: Int, _ pathAddress: Int) throws(Errno) -> PathLocation {
        let path = try UserMemory.string(pathAddress)
        return try location(at: descriptor, path)
    }

    static func location(at descriptor: Int, _ path: UnsafeRawBufferPointer) throws(Errno) -> PathLocation {
        guard path.count > 0 else { throw .ENOENT }
        if let location = PathResolver.keptLocation(of: path, origin: try origin(descriptor, for: path)) {
            return location
        }
        let start = try startDirectory(descriptor, for: path)
        return try PathResolver.resolve(path, from: start, root: try root, followFinal: false, parentOnly: true)
    }

    /// The file at `location`, following a final symbolic link if asked.
    static func file(at location: PathLocation, follow: Bool) throws(Errno) -> Vnode {
        try PathResolver.file(at: location, root: try root, follow: follow)
    }

    /// Refuses changes on a read-only file system, and to names that are
    /// the kernel's alone (procfs).
    static func checkWritable(_ directory: Vnode) throws(Errno) {
        if directory.fileSystem.isReadOnly { throw .EROFS }
        if directory.fileSystem.namesAreFixed { throw .EPERM }
    }
}
