import KernelFiles
import KernelMemory
import LinuxABI

// Descriptor management: dup(2), dup3(2), fcntl(2), pipe2(2),
// memfd_create(2).

@_cdecl("rk_sys_dup") @inline(never)
public func rk_sys_dup(_ descriptor: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.file(descriptor)
        return try FileDescriptorTable.current.install(file, closeOnExec: false)
    }
}

@_cdecl("rk_sys_dup3") @inline(never)
public func rk_sys_dup3(_ descriptor: Int, _ target: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard flags & ~OpenFlags.closeOnExec == 0 else { throw .EINVAL }
        let file = try FileDescriptorTable.current.file(descriptor)
        guard descriptor != target else { throw .EINVAL }
        _ = try FileDescriptorTable.current.install(file, closeOnExec: flags != 0, at: target)
        return target
    }
}

/// `struct flock`'s first field, `l_type`.
private let lockTypeOffset = 0

@_cdecl("rk_sys_fcntl") @inline(never)
public func rk_sys_fcntl(_ descriptor: Int, _ command: Int, _ argument: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.file(descriptor)
        switch command {
        case FileControl.duplicate, FileControl.duplicateCloseOnExec:
            guard argument >= 0, argument < FileDescriptorTable.limit else { throw .EINVAL }
            return try FileDescriptorTable.current.install(
                file, closeOnExec: command == FileControl.duplicateCloseOnExec, minimum: argument)
        case FileControl.getDescriptorFlags:
            return try FileDescriptorTable.current.closeOnExec(descriptor) ? FileControl.closeOnExecFlag : 0
        case FileControl.setDescriptorFlags:
            try FileDescriptorTable.current.setCloseOnExec(descriptor, argument & FileControl.closeOnExecFlag != 0)
            return 0
        case FileControl.getStatusFlags:
            return file.flags
        default:
            break
        }
        guard !file.isPathOnly else { throw .EBADF }
        switch command {
        case FileControl.setStatusFlags:
            file.flags = (file.flags & ~OpenFlags.settable) | (argument & OpenFlags.settable)
            Waiting.readinessChanged()
            return 0
        case FileControl.getLock, FileControl.openFileDescriptionGetLock:
            // One process holds every lock there is: none conflicts.
            _ = try UserMemory.load(argument, as: Int16.self)
            try UserMemory.store(FileControl.unlocked, to: argument + lockTypeOffset)
            return 0
        case FileControl.setLock, FileControl.setLockWait,
             FileControl.openFileDescriptionSetLock, FileControl.openFileDescriptionSetLockWait:
            let type = try UserMemory.load(argument, as: Int16.self)
            guard type >= 0, type <= 2 else { throw .EINVAL }
            // F_RDLCK needs a readable file, F_WRLCK a writable one.
            if type == 0, !file.isReadable { throw .EBADF }
            if type == 1, !file.isWritable { throw .EBADF }
            return 0
        case FileControl.setOwner:
            return 0
        case FileControl.getOwner:
            return 0
        case FileControl.getPipeSize:
            guard file.vnode is Pipe else { throw .EBADF }
            return Pipe.capacity
        case FileControl.setPipeSize:
            guard file.vnode is Pipe else { throw .EBADF }
            guard argument >= 0 else { throw .EINVAL }
            // The capacity is fixed; asking for up to it succeeds.
            guard argument <= Pipe.capacity else { throw .EPERM }
            return Pipe.capacity
        case FileControl.getSeals:
            throw .EINVAL
        default:
            throw .EINVAL
        }
    }
}

@_cdecl("rk_sys_pipe2") @inline(never)
public func rk_sys_pipe2(_ descriptors: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard flags & ~(OpenFlags.closeOnExec | OpenFlags.nonBlocking | OpenFlags.direct) == 0 else { throw .EINVAL }
        _ = try UserMemory.output(descriptors, 8)   // checked before the pipe exists, so a bad pointer leaks nothing
        // Its buffer is kernel memory for good: ENFILE, as Linux's pipe(2)
        // when memory is short (architecture decision 48).
        guard PhysicalMemory.kernelMayTake(Pipe.capacity / PhysicalMemory.pageSize + 1) else { throw .ENFILE }
        let pipe = Pipe()
        let status = flags & (OpenFlags.nonBlocking | OpenFlags.direct)
        let name: StaticString = "pipe:"
        let label = FileName(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        let reader = try OpenFile(vnode: pipe, flags: OpenFlags.readOnly | status, directory: nil, name: label)
        let writer = try OpenFile(vnode: pipe, flags: OpenFlags.writeOnly | status, directory: nil, name: label)
        let closeOnExec = flags & OpenFlags.closeOnExec != 0
        let readEnd = try FileDescriptorTable.current.install(reader, closeOnExec: closeOnExec)
        let writeEnd: Int
        do throws(Errno) {
            writeEnd = try FileDescriptorTable.current.install(writer, closeOnExec: closeOnExec)
        } catch {
            _ = try? FileDescriptorTable.current.remove(readEnd)
            throw error
        }
        try UserMemory.store((Int32(readEnd), Int32(writeEnd)), to: descriptors)
        return 0
    }
}

/// The file system memfd_create's files belong to (Linux uses its
/// internal shm mount).
nonisolated(unsafe) var memoryFileSystem: Tmpfs?

@_cdecl("rk_sys_memfd_create") @inline(never)
public func rk_sys_memfd_create(_ nameAddress: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        // MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_NOEXEC_SEAL, MFD_EXEC.
        guard flags & ~(0x1 | 0x2 | 0x8 | 0x10) == 0 else { throw .EINVAL }
        let name: UnsafeRawBufferPointer
        do throws(Errno) {
            name = try UserMemory.string(nameAddress, limit: 250)
        } catch {
            // A name over 249 bytes is EINVAL here, not ENAMETOOLONG.
            throw error == .ENAMETOOLONG ? .EINVAL : error
        }
        let fileSystem = memoryFileSystem ?? Tmpfs(device: 0x1)
        memoryFileSystem = fileSystem
        let vnode = fileSystem.makeAnonymousFile(mode: 0o777)
        let prefix: StaticString = "/memfd:"
        var label = FileName(UnsafeRawBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
        label.append(contentsOf: name)
        let file = try OpenFile(vnode: vnode, flags: OpenFlags.readWrite | OpenFlags.largeFile, directory: nil, name: label)
        return try FileDescriptorTable.current.install(file, closeOnExec: flags & 0x1 != 0)
    }
}
