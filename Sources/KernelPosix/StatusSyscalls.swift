import KernelFiles
import KernelPlatform
import LinuxABI

// File attributes: stat(2) in its forms, getdents64(2), access(2),
// chmod/chown/utimensat, statfs(2).

/// Writes `file`'s stat result to the program's buffer. A naturally
/// aligned one (as every `struct stat` is) has it built in place: a copy
/// of the struct would be a call to musl's memcpy (four bytes a step), and
/// UserMemory.store copies bytes.
private func storeStatus(of file: Vnode, to address: Int) throws(Errno) {
    guard address & (MemoryLayout<FileStatus>.alignment - 1) == 0 else {
        return try UserMemory.store(file.status(), to: address)
    }
    try UserMemory.update(address, as: FileStatus.self) { file.describe(&$0) }
}

@_cdecl("rk_sys_fstat") @inline(never)
public func rk_sys_fstat(_ descriptor: Int, _ status: Int) -> Int {
    syscallResult { () throws(Errno) in
        try storeStatus(of: try FileDescriptorTable.current.file(descriptor).vnode, to: status)
        return 0
    }
}

@_cdecl("rk_sys_newfstatat") @inline(never)
public func rk_sys_newfstatat(_ directory: Int, _ path: Int, _ status: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard flags & ~(AtFlags.symlinkNoFollow | AtFlags.emptyPath | AtFlags.noAutomount) == 0 else { throw .EINVAL }
        let file = try ProcessFiles.file(
            at: directory, path, follow: flags & AtFlags.symlinkNoFollow == 0, emptyPath: flags & AtFlags.emptyPath != 0)
        try storeStatus(of: file, to: status)
        return 0
    }
}

@_cdecl("rk_sys_statx") @inline(never)
public func rk_sys_statx(_ directory: Int, _ path: Int, _ flags: Int, _ mask: Int, _ buffer: Int) -> Int {
    syscallResult { () throws(Errno) in
        let known = AtFlags.symlinkNoFollow | AtFlags.emptyPath | AtFlags.noAutomount | AtFlags.statxSyncMask
        guard flags & ~known == 0, flags & AtFlags.statxSyncMask != AtFlags.statxSyncMask else { throw .EINVAL }
        guard mask & 0x8000_0000 == 0 else { throw .EINVAL }   // STATX__RESERVED
        let file = try ProcessFiles.file(
            at: directory, path, follow: flags & AtFlags.symlinkNoFollow == 0, emptyPath: flags & AtFlags.emptyPath != 0)
        try UserMemory.store(ExtendedFileStatus(file.status()), to: buffer)
        return 0
    }
}

/// Writes one `struct linux_dirent64` at `position` in `buffer`; false
/// when it does not fit.
private func storeEntry(
    _ name: UnsafeRawBufferPointer, inode: UInt64, type: UInt8, next: Int,
    into buffer: UnsafeMutableRawBufferPointer, at position: inout Int
) -> Bool {
    let length = (19 + name.count + 1 + 7) & ~7
    guard position + length <= buffer.count else { return false }
    let base = buffer.baseAddress! + position
    base.storeBytes(of: inode, as: UInt64.self)
    base.storeBytes(of: Int64(next), toByteOffset: 8, as: Int64.self)
    base.storeBytes(of: UInt16(length), toByteOffset: 16, as: UInt16.self)
    base.storeBytes(of: type, toByteOffset: 18, as: UInt8.self)
    if name.count > 0 { (base + 19).copyMemory(from: name.baseAddress!, byteCount: name.count) }
    (base + 19 + name.count).initializeMemory(as: UInt8.self, repeating: 0, count: length - 19 - name.count)
    position += length
    return true
}

@_cdecl("rk_sys_getdents64") @inline(never)
public func rk_sys_getdents64(_ descriptor: Int, _ address: Int, _ count: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.openFile(descriptor)
        let directory = file.vnode
        guard directory.isDirectory else { throw .ENOTDIR }
        guard count >= 0 else { throw .EINVAL }
        // Linux writes entry by entry (filldir64) and returns the entries
        // written before one that faulted: the writable leading part of
        // the buffer is what entries may fill, and only when not even one
        // fits there is it EFAULT rather than EINVAL.
        let buffer = try UserMemory.outputPrefix(address, count)
        let tooSmall: Errno = buffer.count < count ? .EFAULT : .EINVAL
        var position = 0
        var cookie = Int(file.offset)
        // "." and ".." come first, at cookies 0 and 1.
        while cookie < 2 {
            let isDot = cookie == 0
            let node = isDot ? directory : (directory.coveredDirectory?.parent ?? directory.parent ?? directory)
            let name = isDot ? PathResolver.dotName : UnsafeRawBufferPointer(start: dotDotStorage, count: 2)
            guard storeEntry(name, inode: node.inode, type: DirectoryEntryType.directory, next: cookie + 1,
                             into: buffer, at: &position) else {
                if position == 0 { throw tooSmall }
                return position
            }
            cookie += 1
        }
        var full = false
        cookie = try directory.readDirectory(from: cookie) { entry in
            if storeEntry(entry.name, inode: entry.inode, type: entry.type, next: entry.next, into: buffer, at: &position) {
                return true
            }
            full = true
            return false
        }
        if full, position == 0 { throw tooSmall }
        file.offset = Int64(cookie)
        return position
    }
}

nonisolated(unsafe) private let dotDotStorage: UnsafeRawPointer = {
    let storage = UnsafeMutableRawPointer.allocate(byteCount: 2, alignment: 1)
    storage.storeBytes(of: 0x2e2e as UInt16, as: UInt16.self)
    return UnsafeRawPointer(storage)
}()

/// access(2) for root, which the program is: read and write are always
/// allowed (but not writing to a read-only file system), execute needs an
/// execute bit on anything but a directory.
private func checkAccess(_ file: Vnode, mode: Int) throws(Errno) {
    guard mode & ~7 == 0 else { throw .EINVAL }
    if mode & AccessMode.write != 0, file.fileSystem.isReadOnly { throw .EROFS }
    if mode & AccessMode.execute != 0, !file.isDirectory, file.mode & 0o111 == 0 { throw .EACCES }
}

@_cdecl("rk_sys_faccessat") @inline(never)
public func rk_sys_faccessat(_ directory: Int, _ path: Int, _ mode: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard mode & ~7 == 0 else { throw .EINVAL }
        try checkAccess(try ProcessFiles.file(at: directory, path, follow: true), mode: mode)
        return 0
    }
}

@_cdecl("rk_sys_faccessat2") @inline(never)
public func rk_sys_faccessat2(_ directory: Int, _ path: Int, _ mode: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard flags & ~(AtFlags.effectiveAccess | AtFlags.symlinkNoFollow | AtFlags.emptyPath) == 0 else { throw .EINVAL }
        guard mode & ~7 == 0 else { throw .EINVAL }
        let file = try ProcessFiles.file(
            at: directory, path, follow: flags & AtFlags.symlinkNoFollow == 0, emptyPath: flags & AtFlags.emptyPath != 0)
        try checkAccess(file, mode: mode)
        return 0
    }
}

private func changeAttributes(_ file: Vnode, _ change: AttributeChange) throws(Errno) {
    if file.fileSystem.isReadOnly { throw .EROFS }
    try file.setAttributes(change)
}

private func modeChange(_ mode: Int) -> AttributeChange {
    var change = AttributeChange()
    change.permissions = UInt32(truncatingIfNeeded: mode) & FileMode.permissionMask
    return change
}

@_cdecl("rk_sys_fchmod") @inline(never)
public func rk_sys_fchmod(_ descriptor: Int, _ mode: Int) -> Int {
    syscallResult { () throws(Errno) in
        try changeAttributes(try FileDescriptorTable.current.openFile(descriptor).vnode, modeChange(mode))
        return 0
    }
}

@_cdecl("rk_sys_fchmodat") @inline(never)
public func rk_sys_fchmodat(_ directory: Int, _ path: Int, _ mode: Int) -> Int {
    syscallResult { () throws(Errno) in
        try changeAttributes(try ProcessFiles.file(at: directory, path, follow: true), modeChange(mode))
        return 0
    }
}

private func ownerChange(_ uid: Int, _ gid: Int) -> AttributeChange {
    var change = AttributeChange()
    // -1 (as a 32-bit id) leaves that id alone.
    if UInt32(truncatingIfNeeded: uid) != UInt32.max { change.uid = UInt32(truncatingIfNeeded: uid) }
    if UInt32(truncatingIfNeeded: gid) != UInt32.max { change.gid = UInt32(truncatingIfNeeded: gid) }
    return change
}

@_cdecl("rk_sys_fchown") @inline(never)
public func rk_sys_fchown(_ descriptor: Int, _ uid: Int, _ gid: Int) -> Int {
    syscallResult { () throws(Errno) in
        try changeAttributes(try FileDescriptorTable.current.openFile(descriptor).vnode, ownerChange(uid, gid))
        return 0
    }
}

@_cdecl("rk_sys_fchownat") @inline(never)
public func rk_sys_fchownat(_ directory: Int, _ path: Int, _ uid: Int, _ gid: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard flags & ~(AtFlags.symlinkNoFollow | AtFlags.emptyPath) == 0 else { throw .EINVAL }
        let file = try ProcessFiles.file(
            at: directory, path, follow: flags & AtFlags.symlinkNoFollow == 0, emptyPath: flags & AtFlags.emptyPath != 0)
        try changeAttributes(file, ownerChange(uid, gid))
        return 0
    }
}

@_cdecl("rk_sys_utimensat") @inline(never)
public func rk_sys_utimensat(_ directory: Int, _ path: Int, _ times: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard flags & ~(AtFlags.symlinkNoFollow | AtFlags.emptyPath) == 0 else { throw .EINVAL }
        let now = Timespec(nanoseconds: Clock.realtimeNanoseconds)
        var change = AttributeChange()
        if times == 0 {
            change.accessTime = now
            change.modificationTime = now
        } else {
            let (access, modification) = try UserMemory.load(times, as: (Timespec, Timespec).self)
            func value(_ time: Timespec) throws(Errno) -> Timespec? {
                switch time.nanoseconds {
                case TimeUpdate.omit: return nil
                case TimeUpdate.now: return now
                case 0..<1_000_000_000: return time
                default: throw .EINVAL
                }
            }
            change.accessTime = try value(access)
            change.modificationTime = try value(modification)
            if change.accessTime == nil, change.modificationTime == nil {
                // Nothing to change; Linux still checks the file exists.
                _ = try target(directory, path, flags)
                return 0
            }
        }
        try changeAttributes(try target(directory, path, flags), change)
        return 0
    }
}

/// utimensat's file: a NULL path means the descriptor's own file.
private func target(_ directory: Int, _ path: Int, _ flags: Int) throws(Errno) -> Vnode {
    if path == 0 {
        if directory == AtFlags.currentDirectory { throw .EFAULT }
        return try FileDescriptorTable.current.file(directory).vnode
    }
    return try ProcessFiles.file(
        at: directory, path, follow: flags & AtFlags.symlinkNoFollow == 0, emptyPath: flags & AtFlags.emptyPath != 0)
}

@_cdecl("rk_sys_statfs") @inline(never)
public func rk_sys_statfs(_ path: Int, _ buffer: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try ProcessFiles.file(at: AtFlags.currentDirectory, path, follow: true)
        try UserMemory.store(file.fileSystem.status(), to: buffer)
        return 0
    }
}

@_cdecl("rk_sys_fstatfs") @inline(never)
public func rk_sys_fstatfs(_ descriptor: Int, _ buffer: Int) -> Int {
    syscallResult { () throws(Errno) in
        try UserMemory.store(try FileDescriptorTable.current.file(descriptor).vnode.fileSystem.status(), to: buffer)
        return 0
    }
}
