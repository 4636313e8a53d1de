import KernelArch
import KernelPlatform
import LinuxABI

// The process: exit, identity, limits, system name, randomness.

@_cdecl("rk_sys_exit_group")
public func rk_sys_exit_group(_ status: Int) -> Int {
    Board.powerOff(status: status & 0xff)
}

/// exit(2) of the only thread ends the process, as on Linux.
@_cdecl("rk_sys_exit")
public func rk_sys_exit(_ status: Int) -> Int {
    rk_sys_exit_group(status)
}

@_cdecl("rk_sys_getpid")
public func rk_sys_getpid() -> Int { ProcessIdentity.processID }

@_cdecl("rk_sys_getppid")
public func rk_sys_getppid() -> Int { ProcessIdentity.parentProcessID }

@_cdecl("rk_sys_gettid")
public func rk_sys_gettid() -> Int { ProcessIdentity.threadID }

@_cdecl("rk_sys_getuid")
public func rk_sys_getuid() -> Int { ProcessIdentity.userID }

@_cdecl("rk_sys_getgid")
public func rk_sys_getgid() -> Int { ProcessIdentity.groupID }

@_cdecl("rk_sys_set_tid_address")
public func rk_sys_set_tid_address(_ address: Int) -> Int {
    ProcessIdentity.clearThreadIDAddress = address
    return ProcessIdentity.threadID
}

@_cdecl("rk_sys_sched_yield")
public func rk_sys_sched_yield() -> Int { 0 }

@_cdecl("rk_sys_prlimit64")
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

@_cdecl("rk_sys_uname")
public func rk_sys_uname(_ name: Int) -> Int {
    syscallResult { () throws(Errno) in
        let buffer = try UserMemory.buffer(name, SystemName.size)
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

@_cdecl("rk_sys_getrandom")
public func rk_sys_getrandom(_ buffer: Int, _ count: Int, _ flags: Int) -> Int {
    syscallResult { () throws(Errno) in
        let known = RandomFlags.nonBlocking | RandomFlags.random | RandomFlags.insecure
        guard flags & ~known == 0,
              flags & (RandomFlags.random | RandomFlags.insecure) != (RandomFlags.random | RandomFlags.insecure)
        else { throw .EINVAL }
        // Linux returns at most 32 MiB - 1 per call.
        let length = min(count, 0x1ff_ffff)
        Randomness.fill(try UserMemory.buffer(buffer, length))
        return length
    }
}
