import KernelFiles
import LinuxABI

// Syscalls that name files by path: openat(2) and the calls that create,
// remove, rename and link names, the current directory, umask.

@_cdecl("rk_sys_openat") @inline(never)
public func rk_sys_openat(_ directory: Int, _ pathAddress: Int, _ flags: Int, _ mode: Int) -> Int {
    syscallResult { () throws(Errno) in
        var flags = flags
        if flags & OpenFlags.path != 0 {
            // O_PATH keeps only these (open(2)).
            flags &= OpenFlags.path | OpenFlags.directory | OpenFlags.noFollow | OpenFlags.closeOnExec
        }
        let path = try UserMemory.string(pathAddress)
        // EMFILE or ENFILE before the file is looked for or created.
        try FileDescriptorTable.current.checkRoom()
        let location = try ProcessFiles.location(at: directory, path)
        let accessMode = flags & OpenFlags.accessMode
        let writes = accessMode == OpenFlags.writeOnly || accessMode == OpenFlags.readWrite
        if flags & OpenFlags.temporaryFile != 0 {
            return try openTemporaryFile(in: try ProcessFiles.file(at: location, follow: true), flags: flags, mode: mode)
        }
        var vnode: Vnode
        var created = false
        if flags & OpenFlags.create != 0 {
            if location.isDotOrDotDot || location.mustBeDirectory { throw .EISDIR }
            let permissions = UInt32(truncatingIfNeeded: mode) & 0o7777 & ~ProcessFiles.creationMask
            (vnode, created) = try location.directory.lookupOrCreate(location.name, mode: FileMode.regular | permissions)
            if !created {
                if flags & OpenFlags.exclusive != 0 { throw .EEXIST }
                if vnode.isSymbolicLink {
                    if flags & OpenFlags.noFollow != 0 { throw .ELOOP }
                    vnode = try ProcessFiles.file(at: location, follow: true)
                }
                while let mounted = vnode.mountedRoot { vnode = mounted }
            }
        } else {
            vnode = try ProcessFiles.file(at: location, follow: flags & OpenFlags.noFollow == 0)
            if vnode.isSymbolicLink, flags & OpenFlags.path == 0 { throw .ELOOP }
        }
        if flags & OpenFlags.directory != 0, !vnode.isDirectory { throw .ENOTDIR }
        // A file just created is a writable regular file: what follows
        // checks only files that were there.
        if flags & OpenFlags.path == 0, !created {
            if vnode.isDirectory, writes || flags & OpenFlags.create != 0 { throw .EISDIR }
            if writes, vnode.fileSystem.isReadOnly { throw .EROFS }
            if !vnode.isRegular { vnode = try vnode.openTarget() }
            if flags & OpenFlags.truncate != 0, writes, vnode.isRegular { try vnode.resize(to: 0) }
        }
        // Handed over (consumed), not copied: no count goes up and down.
        let file = try OpenFile(vnode: consume vnode, flags: flags, directory: (consume location).directory, name: [])
        return try FileDescriptorTable.current.install(file, closeOnExec: flags & OpenFlags.closeOnExec != 0, roomChecked: true)
    }
}

/// O_TMPFILE: an unnamed regular file in `directory`'s file system.
private func openTemporaryFile(in directory: Vnode, flags: Int, mode: Int) throws(Errno) -> Int {
    guard directory.isDirectory else { throw .ENOTDIR }
    let accessMode = flags & OpenFlags.accessMode
    guard accessMode == OpenFlags.writeOnly || accessMode == OpenFlags.readWrite else { throw .EINVAL }
    guard let tmpfs = directory.fileSystem as? Tmpfs else { throw .EOPNOTSUPP }
    let permissions = UInt32(truncatingIfNeeded: mode) & 0o7777 & ~ProcessFiles.creationMask
    let vnode = tmpfs.makeAnonymousFile(mode: permissions)
    let file = try OpenFile(vnode: vnode, flags: flags & ~OpenFlags.temporaryFile & ~OpenFlags.directory,
                            directory: directory, name: [])
    return try FileDescriptorTable.current.install(file, closeOnExec: flags & OpenFlags.closeOnExec != 0)
}

/// Makes a file of `type` at (`directory`, `pathAddress`).
private func makeNode(_ directory: Int, _ pathAddress: Int, mode: UInt32, device: UInt64) throws(Errno) {
    let location = try ProcessFiles.location(at: directory, pathAddress)
    if location.isDotOrDotDot { throw .EEXIST }
    if location.mustBeDirectory, mode & FileMode.typeMask != FileMode.directory {
        // mknod("name/") names a directory that does not exist or is one.
        if (try? location.directory.lookup(location.name)) != nil { throw .EEXIST }
        throw .ENOENT
    }
    try ProcessFiles.checkWritable(location.directory)
    _ = try location.directory.create(location.name, mode: mode, device: device)
}

@_cdecl("rk_sys_mkdirat") @inline(never)
public func rk_sys_mkdirat(_ directory: Int, _ path: Int, _ mode: Int) -> Int {
    syscallResult { () throws(Errno) in
        let permissions = UInt32(truncatingIfNeeded: mode) & 0o1777 & ~ProcessFiles.creationMask
        try makeNode(directory, path, mode: FileMode.directory | permissions, device: 0)
        return 0
    }
}

@_cdecl("rk_sys_mknodat") @inline(never)
public func rk_sys_mknodat(_ directory: Int, _ path: Int, _ mode: Int, _ device: Int) -> Int {
    syscallResult { () throws(Errno) in
        var kind = UInt32(truncatingIfNeeded: mode) & FileMode.typeMask
        if kind == 0 { kind = FileMode.regular }
        switch kind {
        case FileMode.regular, FileMode.fifo, FileMode.characterDevice, FileMode.blockDevice, FileMode.socket: break
        case FileMode.directory: throw .EPERM
        default: throw .EINVAL
        }
        let permissions = UInt32(truncatingIfNeeded: mode) & 0o7777 & ~ProcessFiles.creationMask
        try makeNode(directory, path, mode: kind | permissions, device: UInt64(truncatingIfNeeded: device))
        return 0
    }
}

@_cdecl("rk_sys_unlinkat") @inline(never)
public func rk_sys_unlinkat(_ directory: Int, _ path: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard flags & ~AtFlags.removeDirectory == 0 else { throw .EINVAL }
        let location = try ProcessFiles.location(at: directory, path)
        let removesDirectory = flags & AtFlags.removeDirectory != 0
        if removesDirectory {
            // rmdir(2): "." is EINVAL, ".." ENOTEMPTY.
            if location.name.count == 1, location.name[0] == UInt8(ascii: ".") { throw .EINVAL }
            if location.isDotOrDotDot { throw .ENOTEMPTY }
        } else {
            if location.isDotOrDotDot { throw .EISDIR }
            if location.mustBeDirectory {
                // unlink("name/"): the name itself, not what a link leads to.
                let file = try PathResolver.step(location.directory, location.name, root: try ProcessFiles.root)
                throw file.isDirectory ? .EISDIR : .ENOTDIR
            }
        }
        // A mount point is EBUSY: the file system's remove refuses a name
        // whose directory has something mounted on it.
        try ProcessFiles.checkWritable(location.directory)
        try location.directory.remove(location.name, directory: removesDirectory)
        if removesDirectory { PathResolver.namesChanged() }
        return 0
    }
}

/// Whether `directory` is `ancestor` or lies below it.
private func isWithin(_ directory: Vnode, _ ancestor: Vnode) -> Bool {
    var current: Vnode? = directory
    while let node = current {
        if node === ancestor { return true }
        current = node.parent
    }
    return false
}

@_cdecl("rk_sys_renameat2") @inline(never)
public func rk_sys_renameat2(_ oldDirectory: Int, _ oldPath: Int, _ newDirectory: Int, _ newPath: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard flags & ~(RenameFlags.noReplace | RenameFlags.exchange) == 0 else { throw .EINVAL }
        guard flags != RenameFlags.noReplace | RenameFlags.exchange else { throw .EINVAL }
        let from = try ProcessFiles.location(at: oldDirectory, oldPath)
        let to = try ProcessFiles.location(at: newDirectory, newPath)
        if from.isDotOrDotDot || to.isDotOrDotDot { throw .EBUSY }
        let source = try from.directory.lookup(from.name)
        if (from.mustBeDirectory || to.mustBeDirectory), !source.isDirectory { throw .ENOTDIR }
        guard from.directory.fileSystem === to.directory.fileSystem else { throw .EXDEV }
        let existing = try? to.directory.lookup(to.name)
        if existing === source { return 0 }
        if source.isDirectory, isWithin(to.directory, source) { throw .EINVAL }
        if let existing, existing.isDirectory, flags & RenameFlags.exchange != 0, isWithin(from.directory, existing) {
            throw .EINVAL
        }
        if source.mountedRoot != nil || existing?.mountedRoot != nil { throw .EBUSY }
        try ProcessFiles.checkWritable(from.directory)
        PathResolver.namesChanged()
        try from.directory.rename(from.name, to: to.directory, as: to.name, flags: flags)
        return 0
    }
}

@_cdecl("rk_sys_symlinkat") @inline(never)
public func rk_sys_symlinkat(_ targetAddress: Int, _ directory: Int, _ path: Int) -> Int {
    syscallResult { () throws(Errno) in
        let target = try UserMemory.string(targetAddress)
        guard target.count > 0 else { throw .ENOENT }
        let location = try ProcessFiles.location(at: directory, path)
        if location.isDotOrDotDot || location.mustBeDirectory {
            if (try? PathResolver.step(location.directory, location.name, root: try ProcessFiles.root)) != nil {
                throw .EEXIST
            }
            throw .ENOENT
        }
        try ProcessFiles.checkWritable(location.directory)
        _ = try location.directory.makeSymbolicLink(location.name, target: target)
        return 0
    }
}

@_cdecl("rk_sys_readlinkat") @inline(never)
public func rk_sys_readlinkat(_ directory: Int, _ path: Int, _ buffer: Int, _ size: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard size > 0 else { throw .EINVAL }
        let link = try ProcessFiles.file(at: directory, path, follow: false, emptyPath: true)
        let target = try link.readLink()
        let count = min(size, target.count)
        let destination = try UserMemory.output(buffer, count)
        target.withUnsafeBytes { source in
            if count > 0 { destination.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: count) }
        }
        return count
    }
}

@_cdecl("rk_sys_linkat") @inline(never)
public func rk_sys_linkat(_ oldDirectory: Int, _ oldPath: Int, _ newDirectory: Int, _ newPath: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard flags & ~(AtFlags.symlinkFollow | AtFlags.emptyPath) == 0 else { throw .EINVAL }
        let file = try ProcessFiles.file(
            at: oldDirectory, oldPath, follow: flags & AtFlags.symlinkFollow != 0,
            emptyPath: flags & AtFlags.emptyPath != 0)
        let location = try ProcessFiles.location(at: newDirectory, newPath)
        if file.isDirectory { throw .EPERM }
        if location.isDotOrDotDot || location.mustBeDirectory {
            if (try? location.directory.lookup(location.name)) != nil { throw .EEXIST }
            throw .ENOENT
        }
        guard file.fileSystem === location.directory.fileSystem else { throw .EXDEV }
        if file.linkCount == 0, file.isRegular { throw .ENOENT }
        try ProcessFiles.checkWritable(location.directory)
        try location.directory.link(location.name, to: file)
        return 0
    }
}

@_cdecl("rk_sys_chdir") @inline(never)
public func rk_sys_chdir(_ path: Int) -> Int {
    syscallResult { () throws(Errno) in
        let directory = try ProcessFiles.file(at: AtFlags.currentDirectory, path, follow: true)
        guard directory.isDirectory else { throw .ENOTDIR }
        ProcessFiles.currentDirectory = directory
        return 0
    }
}

@_cdecl("rk_sys_fchdir") @inline(never)
public func rk_sys_fchdir(_ descriptor: Int) -> Int {
    syscallResult { () throws(Errno) in
        let directory = try FileDescriptorTable.current.file(descriptor).vnode
        guard directory.isDirectory else { throw .ENOTDIR }
        ProcessFiles.currentDirectory = directory
        return 0
    }
}

@_cdecl("rk_sys_getcwd") @inline(never)
public func rk_sys_getcwd(_ buffer: Int, _ size: Int) -> Int {
    syscallResult { () throws(Errno) in
        let root = try ProcessFiles.root
        let directory = ProcessFiles.currentDirectory ?? root
        // A removed current directory has no path (getcwd(3): ENOENT).
        if directory.linkCount == 0 { throw .ENOENT }
        let path = PathResolver.absolutePath(of: directory, root: root)
        guard size > path.count else { throw .ERANGE }
        let destination = try UserMemory.output(buffer, path.count + 1)
        path.withUnsafeBytes { destination.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: path.count) }
        destination[path.count] = 0
        return path.count + 1
    }
}

@_cdecl("rk_sys_umask") @inline(never)
public func rk_sys_umask(_ mask: Int) -> Int {
    let previous = ProcessFiles.creationMask
    ProcessFiles.creationMask = UInt32(truncatingIfNeeded: mask) & 0o777
    return Int(previous)
}
