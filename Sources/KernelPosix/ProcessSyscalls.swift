import KernelArch
import KernelFiles
import KernelPlatform
import KernelScheduler
import LinuxABI

// The process: exit, identity, limits, system name, randomness.

@_cdecl("rk_sys_exit_group") @inline(never)
public func rk_sys_exit_group(_ status: Int) -> Int {
    endProgram(status: status)
}

/// The program's end — exit_group, its last thread's exit, or a signal
/// whose default action ends it — is the machine's: its files are closed
/// as Linux's exit closes them (a file unlinked while open is freed then),
/// and what the disks' caches hold is written and flushed and the disks
/// marked clean, as at a clean shutdown (on Linux the page cache would
/// outlive the process). Not on a
/// fault in the kernel itself, whose state is not to be trusted. With
/// `rk.selfcheck` the kernel then checks its invariants (SelfCheck).
public func endProgram(status: Int) -> Never {
    for descriptor in FileDescriptorTable.current.openDescriptors { _ = try? FileDescriptorTable.current.remove(descriptor) }
    MountTable.unmountAll()
    Board.powerOff(status: SelfCheck.finish(status: status & 0xff))
}

@_cdecl("rk_sys_getpid") @inline(never)
public func rk_sys_getpid() -> Int { ProcessIdentity.processID }

@_cdecl("rk_sys_getppid") @inline(never)
public func rk_sys_getppid() -> Int { ProcessIdentity.parentProcessID }

@_cdecl("rk_sys_getuid") @inline(never)
public func rk_sys_getuid() -> Int { ProcessIdentity.userID }

@_cdecl("rk_sys_getgid") @inline(never)
public func rk_sys_getgid() -> Int { ProcessIdentity.groupID }

/// getresuid(2)/getresgid(2): real, effective and saved ids, all the same.
private func storeIDs(_ id: Int, _ addresses: (Int, Int, Int)) throws(Errno) -> Int {
    try UserMemory.store(UInt32(id), to: addresses.0)
    try UserMemory.store(UInt32(id), to: addresses.1)
    try UserMemory.store(UInt32(id), to: addresses.2)
    return 0
}

@_cdecl("rk_sys_getresuid") @inline(never)
public func rk_sys_getresuid(_ real: Int, _ effective: Int, _ saved: Int) -> Int {
    syscallResult { () throws(Errno) in try storeIDs(ProcessIdentity.userID, (real, effective, saved)) }
}

@_cdecl("rk_sys_getresgid") @inline(never)
public func rk_sys_getresgid(_ real: Int, _ effective: Int, _ saved: Int) -> Int {
    syscallResult { () throws(Errno) in try storeIDs(ProcessIdentity.groupID, (real, effective, saved)) }
}

/// The process is the leader of its own process group and session, as the
/// first process on Linux is.
private func checkSelf(_ process: Int) throws(Errno) {
    guard process == 0 || process == ProcessIdentity.processID else { throw .ESRCH }
}

@_cdecl("rk_sys_getpgid") @inline(never)
public func rk_sys_getpgid(_ process: Int) -> Int {
    syscallResult { () throws(Errno) in
        try checkSelf(process)
        return ProcessIdentity.processID
    }
}

@_cdecl("rk_sys_getsid") @inline(never)
public func rk_sys_getsid(_ process: Int) -> Int {
    syscallResult { () throws(Errno) in
        try checkSelf(process)
        return ProcessIdentity.processID
    }
}

/// setpgid(2): joining the group the process already leads changes nothing.
@_cdecl("rk_sys_setpgid") @inline(never)
public func rk_sys_setpgid(_ process: Int, _ group: Int) -> Int {
    syscallResult { () throws(Errno) in
        try checkSelf(process)
        guard group >= 0 else { throw .EINVAL }
        guard group == 0 || group == ProcessIdentity.processID else { throw .EPERM }
        return 0
    }
}

/// setsid(2) fails for a process group leader, which this process is.
@_cdecl("rk_sys_setsid") @inline(never)
public func rk_sys_setsid() -> Int { -Int(Errno.EPERM.rawValue) }

/// One hart runs programs: CPU 0 is the whole affinity mask.
@_cdecl("rk_sys_sched_getaffinity") @inline(never)
public func rk_sys_sched_getaffinity(_ thread: Int, _ length: Int, _ mask: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard thread == 0 || Scheduler.isLive(thread) else { throw .ESRCH }
        // Linux copies whole longs, at least as many as CPUs may exist.
        guard length >= 8, length % 8 == 0 else { throw .EINVAL }
        try UserMemory.store(UInt64(1), to: mask)
        return 8
    }
}

@_cdecl("rk_sys_sched_setaffinity") @inline(never)
public func rk_sys_sched_setaffinity(_ thread: Int, _ length: Int, _ mask: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard thread == 0 || Scheduler.isLive(thread) else { throw .ESRCH }
        guard length >= 1 else { throw .EINVAL }
        let first = try UserMemory.load(mask, as: UInt8.self)
        guard first & 1 != 0 else { throw .EINVAL }   // no CPU of ours in the set
        return 0
    }
}

@_cdecl("rk_sys_prlimit64") @inline(never)
public func rk_sys_prlimit64(_ process: Int, _ resource: Int, _ newLimit: Int, _ oldLimit: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard process == 0 || process == ProcessIdentity.processID else { throw .ESRCH }
        guard resource >= 0, resource < Resource.count else { throw .EINVAL }
        let requested = newLimit != 0 ? try UserMemory.load(newLimit, as: ResourceLimit.self) : nil
        if oldLimit != 0 { try UserMemory.store(ResourceLimits.limit(resource), to: oldLimit) }
        if let requested { try ResourceLimits.set(resource, requested) }
        return 0
    }
}

@_cdecl("rk_sys_uname") @inline(never)
public func rk_sys_uname(_ name: Int) -> Int {
    syscallResult { () throws(Errno) in
        let buffer = try UserMemory.output(name, SystemName.size)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        // sysname is "Linux": the kernel speaks Linux's ABI, and programs
        // and configure scripts choose their code paths by this field.
        let fields: (StaticString, StaticString, StaticString, StaticString, StaticString, StaticString) =
            ("Linux", "runikraft", "6.1.0-runikraft", "#1 Runikraft 0.1.0", "riscv64", "(none)")
        func put(_ text: StaticString, _ index: Int) {
            let field = buffer.baseAddress! + index * SystemName.fieldLength
            field.copyMemory(from: text.utf8Start, byteCount: min(text.utf8CodeUnitCount, SystemName.fieldLength - 1))
        }
        put(fields.0, 0)
        put(fields.1, 1)
        put(fields.2, 2)
        put(fields.3, 3)
        put(fields.4, 4)
        put(fields.5, 5)
        return 0
    }
}

@_cdecl("rk_sys_getrandom") @inline(never)
public func rk_sys_getrandom(_ buffer: Int, _ count: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        let known = RandomFlags.nonBlocking | RandomFlags.random | RandomFlags.insecure
        guard flags & ~known == 0,
              flags & (RandomFlags.random | RandomFlags.insecure) != (RandomFlags.random | RandomFlags.insecure)
        else { throw .EINVAL }
        // Linux returns at most 32 MiB - 1 per call.
        let length = min(count, 0x1ff_ffff)
        // Linux copies the random bytes out block by block and returns what
        // it copied before a page it could not write (get_random_bytes_user).
        let output = try UserMemory.outputPrefix(buffer, length)
        Randomness.fill(output)
        return output.count
    }
}
