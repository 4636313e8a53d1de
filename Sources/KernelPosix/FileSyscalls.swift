import KernelFiles
import KernelScheduler
import LinuxABI

// Descriptor I/O: read(2), write(2) and their vector and positioned forms,
// lseek, close, ioctl, truncation, syncing and in-kernel copies. Every
// handler is its own C symbol, rk_sys_<name>, so a program's image can
// later keep only the handlers it reaches.

private let brokenPipeSignal = 13   // SIGPIPE

/// A write that met a pipe with no reader raises SIGPIPE in the writing
/// thread as well as failing with EPIPE (pipe(7)).
private func writing(_ body: () throws(Errno) -> Int) throws(Errno) -> Int {
    do {
        return try body()
    } catch {
        if error == .EPIPE, let thread = Scheduler.current { Signals.sendToThread(thread, brokenPipeSignal) }
        throw error
    }
}

/// The buffer a read fills. A regular file's read copies page by page and,
/// like Linux's (filemap_read, shmem_file_read_iter: copy_to_user stops at
/// the first bad byte), returns what it copied before a page the program
/// cannot write: it gets the writable leading part. Any other file is all
/// or nothing: a pipe's or a device's data would be consumed and lost.
@inline(__always)
private func readBuffer(_ file: OpenFile, _ address: Int, _ count: Int) throws(Errno) -> UnsafeMutableRawBufferPointer {
    file.vnode.isRegular ? try UserMemory.outputPrefix(address, count) : try UserMemory.output(address, count)
}

/// The buffer a write takes its bytes from: for a regular file the
/// readable leading part (generic_perform_write writes what it could copy
/// before a bad page), otherwise all of it.
@inline(__always)
private func writeBuffer(_ file: OpenFile, _ address: Int, _ count: Int) throws(Errno) -> UnsafeRawBufferPointer {
    file.vnode.isRegular ? try UserMemory.inputPrefix(address, count) : try UserMemory.input(address, count)
}

@_cdecl("rk_sys_read") @inline(never)
public func rk_sys_read(_ descriptor: Int, _ buffer: Int, _ count: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.openFile(descriptor)
        guard count >= 0 else { throw .EINVAL }
        return try file.read(into: try readBuffer(file, buffer, count))
    }
}

@_cdecl("rk_sys_write") @inline(never)
public func rk_sys_write(_ descriptor: Int, _ buffer: Int, _ count: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.openFile(descriptor)
        guard count >= 0 else { throw .EINVAL }
        let bytes = try writeBuffer(file, buffer, count)
        return try writing { () throws(Errno) in try file.write(bytes) }
    }
}

@_cdecl("rk_sys_pread64") @inline(never)
public func rk_sys_pread64(_ descriptor: Int, _ buffer: Int, _ count: Int, _ offset: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.openFile(descriptor)
        guard count >= 0 else { throw .EINVAL }
        return try file.read(into: try readBuffer(file, buffer, count), at: Int64(offset))
    }
}

@_cdecl("rk_sys_pwrite64") @inline(never)
public func rk_sys_pwrite64(_ descriptor: Int, _ buffer: Int, _ count: Int, _ offset: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.openFile(descriptor)
        guard count >= 0 else { throw .EINVAL }
        let bytes = try writeBuffer(file, buffer, count)
        return try writing { () throws(Errno) in try file.write(bytes, at: Int64(offset)) }
    }
}

/// The iovec array of readv(2)/writev(2), checked: at most IOV_MAX (1024)
/// entries, lengths that do not overflow ssize_t together.
private func vectors(_ address: Int, _ count: Int) throws(Errno) -> (entries: UnsafeBufferPointer<IOVector>, total: Int) {
    guard count >= 0, count <= 1024 else { throw .EINVAL }
    let vectors = try UserMemory.input(address, count * MemoryLayout<IOVector>.stride).bindMemory(to: IOVector.self)
    var total = 0
    for vector in vectors {
        guard vector.length >= 0 else { throw .EINVAL }
        let (sum, overflow) = total.addingReportingOverflow(vector.length)
        guard !overflow else { throw .EINVAL }
        total = sum
    }
    return (vectors, total)
}

/// Reads into (`writes` false) or writes from each buffer in turn, at the
/// file offset or from `position`, stopping at a short transfer: the end of
/// the file or of a terminal line, a full pipe.
private func transferVector(
    _ file: OpenFile, _ vector: Int, _ count: Int, at position: Int64?, writes: Bool
) throws(Errno) -> Int {
    guard writes ? file.isWritable : file.isReadable else { throw .EBADF }
    let (entries, length) = try vectors(vector, count)
    if position != nil, !file.isSeekable { throw .ESPIPE }
    // As Linux's rw_verify_area: the whole range must fit in loff_t.
    if let position, position.addingReportingOverflow(Int64(length)).overflow { throw .EINVAL }
    var total = 0
    for entry in entries where entry.length > 0 {
        let done: Int
        do throws(Errno) {
            let address = Int(bitPattern: entry.base)
            let at = position.map { $0 + Int64(total) }
            if writes {
                let bytes = try writeBuffer(file, address, entry.length)
                done = try writing { () throws(Errno) in
                    if let at { return try file.write(bytes, at: at) }
                    return try file.write(bytes)
                }
            } else if let at {
                done = try file.read(into: try readBuffer(file, address, entry.length), at: at)
            } else {
                done = try file.read(into: try readBuffer(file, address, entry.length))
            }
        } catch {
            if total > 0 { break }
            throw error
        }
        total += done
        if done < entry.length { break }
    }
    return total
}

@_cdecl("rk_sys_readv") @inline(never)
public func rk_sys_readv(_ descriptor: Int, _ vector: Int, _ count: Int) -> Int {
    syscallResult { () throws(Errno) in
        try transferVector(try FileDescriptorTable.current.openFile(descriptor), vector, count, at: nil, writes: false)
    }
}

@_cdecl("rk_sys_writev") @inline(never)
public func rk_sys_writev(_ descriptor: Int, _ vector: Int, _ count: Int) -> Int {
    syscallResult { () throws(Errno) in
        try transferVector(try FileDescriptorTable.current.openFile(descriptor), vector, count, at: nil, writes: true)
    }
}

/// preadv(2): on 64-bit Linux the offset is the fourth argument whole.
@_cdecl("rk_sys_preadv") @inline(never)
public func rk_sys_preadv(_ descriptor: Int, _ vector: Int, _ count: Int, _ offset: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.openFile(descriptor)
        guard offset >= 0 else { throw .EINVAL }
        return try transferVector(file, vector, count, at: Int64(offset), writes: false)
    }
}

@_cdecl("rk_sys_pwritev") @inline(never)
public func rk_sys_pwritev(_ descriptor: Int, _ vector: Int, _ count: Int, _ offset: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.openFile(descriptor)
        guard offset >= 0 else { throw .EINVAL }
        return try transferVector(file, vector, count, at: Int64(offset), writes: true)
    }
}

@_cdecl("rk_sys_lseek") @inline(never)
public func rk_sys_lseek(_ descriptor: Int, _ offset: Int, _ whence: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.openFile(descriptor)
        return Int(try file.seek(Int64(offset), whence: whence))
    }
}

@_cdecl("rk_sys_close") @inline(never)
public func rk_sys_close(_ descriptor: Int) -> Int {
    syscallResult { () throws(Errno) in
        _ = try FileDescriptorTable.current.remove(descriptor)
        return 0
    }
}

/// ioctl(2) requests that apply to any open file.
private enum GenericRequest {
    static let setCloseOnExec = 0x5451      // FIOCLEX
    static let clearCloseOnExec = 0x5450    // FIONCLEX
}

@_cdecl("rk_sys_ioctl") @inline(never)
public func rk_sys_ioctl(_ descriptor: Int, _ request: Int, _ argument: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.openFile(descriptor)
        switch request & 0xffff_ffff {
        case TerminalRequest.setNonBlocking:
            let on = try UserMemory.load(argument, as: Int32.self) != 0
            if on { file.flags |= OpenFlags.nonBlocking } else { file.flags &= ~OpenFlags.nonBlocking }
            return 0
        case TerminalRequest.bytesReadable:
            try UserMemory.store(Int32(clamping: try file.vnode.bytesReadable(file)), to: argument)
            return 0
        case GenericRequest.setCloseOnExec:
            try FileDescriptorTable.current.setCloseOnExec(descriptor, true)
            return 0
        case GenericRequest.clearCloseOnExec:
            try FileDescriptorTable.current.setCloseOnExec(descriptor, false)
            return 0
        default:
            return try file.vnode.control(file, request: request & 0xffff_ffff, argument: argument)
        }
    }
}

@_cdecl("rk_sys_fsync") @inline(never)
public func rk_sys_fsync(_ descriptor: Int) -> Int {
    syscallResult { () throws(Errno) in
        try FileDescriptorTable.current.file(descriptor).vnode.sync()
        return 0
    }
}

@_cdecl("rk_sys_fdatasync") @inline(never)
public func rk_sys_fdatasync(_ descriptor: Int) -> Int { rk_sys_fsync(descriptor) }

@_cdecl("rk_sys_sync") @inline(never)
public func rk_sys_sync() -> Int {
    MountTable.syncAll()
    return 0
}

@_cdecl("rk_sys_syncfs") @inline(never)
public func rk_sys_syncfs(_ descriptor: Int) -> Int {
    syscallResult { () throws(Errno) in
        try FileDescriptorTable.current.file(descriptor).vnode.fileSystem.sync()
        return 0
    }
}

/// Changes the size of `file` as truncate(2) does.
private func truncate(_ file: Vnode, to length: Int) throws(Errno) {
    guard length >= 0 else { throw .EINVAL }
    if file.isDirectory { throw .EISDIR }
    guard file.isRegular else { throw .EINVAL }
    if file.fileSystem.isReadOnly { throw .EROFS }
    try file.resize(to: Int64(length))
}

@_cdecl("rk_sys_ftruncate") @inline(never)
public func rk_sys_ftruncate(_ descriptor: Int, _ length: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.openFile(descriptor)
        guard length >= 0 else { throw .EINVAL }
        guard file.isWritable, !file.vnode.isDirectory else { throw .EINVAL }
        if file.flags & OpenFlags.append != 0 { throw .EPERM }
        try truncate(file.vnode, to: length)
        return 0
    }
}

@_cdecl("rk_sys_truncate") @inline(never)
public func rk_sys_truncate(_ path: Int, _ length: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try ProcessFiles.file(at: AtFlags.currentDirectory, path, follow: true)
        try truncate(file, to: length)
        return 0
    }
}

@_cdecl("rk_sys_fallocate") @inline(never)
public func rk_sys_fallocate(_ descriptor: Int, _ mode: Int, _ offset: Int, _ length: Int) -> Int {
    syscallResult { () throws(Errno) in
        let file = try FileDescriptorTable.current.openFile(descriptor)
        guard offset >= 0, length > 0 else { throw .EINVAL }
        guard file.isWritable else { throw .EBADF }
        let vnode = file.vnode
        if vnode.isDirectory { throw .EISDIR }
        if vnode.type == FileMode.fifo { throw .ESPIPE }
        guard vnode.isRegular else { throw .ENODEV }
        // As vfs_fallocate: a range that wraps past the largest offset is
        // EFBIG for every mode, before the file system sees it.
        guard !offset.addingReportingOverflow(length).overflow else { throw .EFBIG }
        try vnode.allocate(at: Int64(offset), length: Int64(length), mode: mode)
        return 0
    }
}

/// posix_fadvise(2), checked as Linux's generic_fadvise checks it: EBADF,
/// ESPIPE for a pipe or FIFO (before anything else), EINVAL for a negative
/// length or an unknown advice. Every other file takes every advice. Only
/// DONTNEED does something: it lets the file system drop clean cached
/// data (Vnode.dropCleanData); the rest are readahead hints, and no file
/// system here reads ahead.
@_cdecl("rk_sys_fadvise64") @inline(never)
public func rk_sys_fadvise64(_ descriptor: Int, _ offset: Int, _ length: Int, _ advice: Int) -> Int {
    syscallResult { () throws(Errno) in
        let vnode = try FileDescriptorTable.current.openFile(descriptor).vnode
        if vnode.type == FileMode.fifo { throw .ESPIPE }
        guard length >= 0 else { throw .EINVAL }
        // The advice is a C int in Linux's prototype.
        switch Int(Int32(truncatingIfNeeded: advice)) {
        case FileAdvice.normal, FileAdvice.random, FileAdvice.sequential, FileAdvice.willNeed, FileAdvice.noReuse:
            return 0
        case FileAdvice.dontNeed:
            // A zero length, or a range past the largest offset, reaches
            // the end of the file (Linux treats them alike).
            let (end, overflow) = offset.addingReportingOverflow(length)
            vnode.dropCleanData(from: Int64(max(offset, 0)), to: length == 0 || overflow ? Int64.max : Int64(end))
            return 0
        default:
            throw .EINVAL
        }
    }
}

/// Copies up to `count` bytes from `source` to `target` through a kernel
/// buffer, reading at `*sourcePosition` when given (and moving it on
/// instead of the file offset); for sendfile(2) and copy_file_range(2).
private func copy(
    from source: OpenFile, at sourcePosition: inout Int64?, to target: OpenFile,
    at targetPosition: inout Int64?, count: Int
) throws(Errno) -> Int {
    let chunkSize = min(count, 65536)
    guard chunkSize > 0 else { return 0 }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    defer { buffer.deallocate() }
    var total = 0
    while total < count {
        let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(chunkSize, count - total)])
        let got: Int
        do throws(Errno) {
            if let position = sourcePosition {
                got = try source.read(into: slice, at: position)
                sourcePosition = position + Int64(got)
            } else {
                got = try source.read(into: slice)
            }
        } catch {
            if total > 0 { break }
            throw error
        }
        if got == 0 { break }
        let bytes = UnsafeRawBufferPointer(rebasing: slice[0..<got])
        let put: Int
        do throws(Errno) {
            put = try writing { () throws(Errno) in
                if let position = targetPosition {
                    let written = try target.write(bytes, at: position)
                    targetPosition = position + Int64(written)
                    return written
                }
                return try target.write(bytes)
            }
        } catch {
            if total > 0 { break }
            throw error
        }
        total += put
        if put < got || got < slice.count { break }
    }
    return total
}

@_cdecl("rk_sys_sendfile") @inline(never)
public func rk_sys_sendfile(_ output: Int, _ input: Int, _ offset: Int, _ count: Int) -> Int {
    syscallResult { () throws(Errno) in
        let source = try FileDescriptorTable.current.openFile(input)
        let target = try FileDescriptorTable.current.openFile(output)
        guard source.isReadable, target.isWritable else { throw .EBADF }
        guard count >= 0 else { throw .EINVAL }
        guard source.isSeekable else { throw .EINVAL }
        if target.flags & OpenFlags.append != 0 { throw .EINVAL }
        var position: Int64? = offset != 0 ? try UserMemory.load(offset, as: Int64.self) : nil
        if let position, position < 0 { throw .EINVAL }
        // As Linux's rw_verify_area: the range read must fit in loff_t.
        if (position ?? source.offset).addingReportingOverflow(Int64(count)).overflow { throw .EINVAL }
        var none: Int64?
        let done = try copy(from: source, at: &position, to: target, at: &none, count: count)
        if let position { try UserMemory.store(position, to: offset) }
        return done
    }
}

@_cdecl("rk_sys_copy_file_range") @inline(never)
public func rk_sys_copy_file_range(
    _ input: Int, _ inputOffset: Int, _ output: Int, _ outputOffset: Int, _ count: Int, _ flags: Int
) -> Int {
    syscallResult { () throws(Errno) in
        let source = try FileDescriptorTable.current.openFile(input)
        let target = try FileDescriptorTable.current.openFile(output)
        guard flags == 0 else { throw .EINVAL }
        guard source.isReadable, target.isWritable else { throw .EBADF }
        if target.flags & OpenFlags.append != 0 { throw .EBADF }
        if source.vnode.isDirectory || target.vnode.isDirectory { throw .EISDIR }
        guard source.vnode.isRegular, target.vnode.isRegular else { throw .EINVAL }
        guard count >= 0 else { throw .EINVAL }
        let from: Int64? = inputOffset != 0 ? try UserMemory.load(inputOffset, as: Int64.self) : nil
        let to: Int64? = outputOffset != 0 ? try UserMemory.load(outputOffset, as: Int64.self) : nil
        if let from, from < 0 { throw .EINVAL }
        if let to, to < 0 { throw .EINVAL }
        // As Linux: the count shrinks to the source's end, a target range
        // past the largest offset is EFBIG, then overlapping ranges of one
        // file are EINVAL (copy_file_range(2)).
        let start = from ?? source.offset, end = to ?? target.offset
        let size = source.vnode.size
        let count = start >= size ? 0 : Int(min(Int64(count), size - start))
        if end.addingReportingOverflow(Int64(count)).overflow { throw .EFBIG }
        if source.vnode === target.vnode, start < end + Int64(count), end < start + Int64(count) { throw .EINVAL }
        // Both positions are explicit here, so the offsets move only when
        // the caller passed no pointer.
        var readAt: Int64? = from ?? source.offset
        var writeAt: Int64? = to ?? target.offset
        let done = try copy(from: source, at: &readAt, to: target, at: &writeAt, count: count)
        if inputOffset != 0 { try UserMemory.store(readAt!, to: inputOffset) } else { source.offset = readAt! }
        if outputOffset != 0 { try UserMemory.store(writeAt!, to: outputOffset) } else { target.offset = writeAt! }
        return done
    }
}
