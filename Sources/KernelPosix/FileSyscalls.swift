import LinuxABI

// Descriptor I/O on the console (read(2), write(2), readv(2), ioctl(2), ...).
// Every handler is its own C symbol, rk_sys_<name>, so a program's image
// can later keep only the handlers it reaches.

@_cdecl("rk_sys_read") @inline(never)
public func rk_sys_read(_ descriptor: Int, _ buffer: Int, _ count: Int) -> Int {
    syscallResult { () throws(Errno) in
        try FileDescriptors.checkOpen(descriptor)
        guard count >= 0 else { throw .EINVAL }
        return try ConsoleTerminal.read(into: try UserMemory.buffer(buffer, count))
    }
}

@_cdecl("rk_sys_write") @inline(never)
public func rk_sys_write(_ descriptor: Int, _ buffer: Int, _ count: Int) -> Int {
    syscallResult { () throws(Errno) in
        try FileDescriptors.checkOpen(descriptor)
        guard count >= 0 else { throw .EINVAL }
        return ConsoleTerminal.write(UnsafeRawBufferPointer(try UserMemory.buffer(buffer, count)))
    }
}

/// The iovec array of readv(2)/writev(2), checked: at most IOV_MAX (1024)
/// entries, lengths that do not overflow ssize_t together.
private func vectors(_ address: Int, _ count: Int) throws(Errno) -> UnsafeBufferPointer<IOVector> {
    guard count >= 0, count <= 1024 else { throw .EINVAL }
    let bytes = try UserMemory.buffer(address, count * MemoryLayout<IOVector>.stride)
    let vectors = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: IOVector.self), count: count)
    var total = 0
    for vector in vectors {
        guard vector.length >= 0 else { throw .EINVAL }
        let (sum, overflow) = total.addingReportingOverflow(vector.length)
        guard !overflow else { throw .EINVAL }
        total = sum
    }
    return vectors
}

@_cdecl("rk_sys_readv") @inline(never)
public func rk_sys_readv(_ descriptor: Int, _ vector: Int, _ count: Int) -> Int {
    syscallResult { () throws(Errno) in
        try FileDescriptors.checkOpen(descriptor)
        var total = 0
        for entry in try vectors(vector, count) where entry.length > 0 {
            let done: Int
            do throws(Errno) {
                done = try ConsoleTerminal.read(into: try UserMemory.buffer(Int(bitPattern: entry.base), entry.length))
            } catch {
                if total > 0 { break }
                throw error
            }
            total += done
            // Like a tty, stop at the end of the line or of the input.
            if done < entry.length { break }
        }
        return total
    }
}

@_cdecl("rk_sys_writev") @inline(never)
public func rk_sys_writev(_ descriptor: Int, _ vector: Int, _ count: Int) -> Int {
    syscallResult { () throws(Errno) in
        try FileDescriptors.checkOpen(descriptor)
        var total = 0
        for entry in try vectors(vector, count) {
            let bytes = try UserMemory.buffer(Int(bitPattern: entry.base), entry.length)
            total += ConsoleTerminal.write(UnsafeRawBufferPointer(bytes))
        }
        return total
    }
}

@_cdecl("rk_sys_pread64") @inline(never)
public func rk_sys_pread64(_ descriptor: Int, _ buffer: Int, _ count: Int, _ offset: Int) -> Int {
    syscallResult { () throws(Errno) in
        try FileDescriptors.checkOpen(descriptor)
        throw .ESPIPE
    }
}

@_cdecl("rk_sys_lseek") @inline(never)
public func rk_sys_lseek(_ descriptor: Int, _ offset: Int, _ whence: Int) -> Int {
    syscallResult { () throws(Errno) in
        try FileDescriptors.checkOpen(descriptor)
        throw .ESPIPE
    }
}

@_cdecl("rk_sys_close") @inline(never)
public func rk_sys_close(_ descriptor: Int) -> Int {
    syscallResult { () throws(Errno) in
        try FileDescriptors.close(descriptor)
        return 0
    }
}

@_cdecl("rk_sys_ioctl") @inline(never)
public func rk_sys_ioctl(_ descriptor: Int, _ request: Int, _ argument: Int) -> Int {
    syscallResult { () throws(Errno) in
        try FileDescriptors.checkOpen(descriptor)
        return try ConsoleTerminal.control(descriptor, request & 0xffff_ffff, argument)
    }
}

@_cdecl("rk_sys_fstat") @inline(never)
public func rk_sys_fstat(_ descriptor: Int, _ status: Int) -> Int {
    syscallResult { () throws(Errno) in
        try FileDescriptors.checkOpen(descriptor)
        try UserMemory.store(ConsoleTerminal.status(descriptor), to: status)
        return 0
    }
}

/// AT_EMPTY_PATH: operate on the descriptor itself.
private let emptyPathFlag = 0x1000

@_cdecl("rk_sys_newfstatat") @inline(never)
public func rk_sys_newfstatat(_ directory: Int, _ path: Int, _ status: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        let name = try UserMemory.string(path)
        guard name.isEmpty else { throw .ENOENT }   // no file system yet
        guard flags & emptyPathFlag != 0 else { throw .ENOENT }
        try FileDescriptors.checkOpen(directory)
        try UserMemory.store(ConsoleTerminal.status(directory), to: status)
        return 0
    }
}

/// openat(2): there is no file system before the VFS arrives, so every
/// path names nothing, exactly as on a system whose root is empty.
@_cdecl("rk_sys_openat") @inline(never)
public func rk_sys_openat(_ directory: Int, _ path: Int, _ flags: Int, _ mode: Int) -> Int {
    syscallResult { () throws(Errno) in
        _ = try UserMemory.string(path)
        throw .ENOENT
    }
}
