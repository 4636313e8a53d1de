import KernelMemory
import LinuxABI
import PageTables

// mmap(2) and friends over anonymous memory (AnonymousMemory does the work;
// these decode and check arguments as Linux does).

private let pageMask = PhysicalMemory.pageSize - 1

@_cdecl("rk_sys_brk") @inline(never)
public func rk_sys_brk(_ address: Int) -> Int {
    Int(bitPattern: AnonymousMemory.setBreak(UInt(bitPattern: address)))
}

@_cdecl("rk_sys_mmap") @inline(never)
public func rk_sys_mmap(_ address: Int, _ length: Int, _ protection: Int, _ flags: Int, _ descriptor: Int, _ offset: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard protection & ~MemoryProtection.all == 0 else { throw .EINVAL }
        switch flags & MemoryMapFlags.typeMask {
        case MemoryMapFlags.shared, MemoryMapFlags.private, MemoryMapFlags.sharedValidate: break
        default: throw .EINVAL
        }
        guard offset & pageMask == 0 else { throw .EINVAL }
        guard length != 0 else { throw .EINVAL }
        guard flags & MemoryMapFlags.anonymous != 0 else {
            try FileDescriptors.checkOpen(descriptor)
            throw .ENODEV   // the console cannot be mapped
        }
        let fixed = flags & (MemoryMapFlags.fixed | MemoryMapFlags.fixedNoReplace) != 0
        let replace = flags & MemoryMapFlags.fixedNoReplace == 0
        return Int(bitPattern: try AnonymousMemory.map(
            address: UInt(bitPattern: address), length: length, access: PageAccess(protection: protection),
            fixed: fixed, replace: replace))
    }
}

@_cdecl("rk_sys_munmap") @inline(never)
public func rk_sys_munmap(_ address: Int, _ length: Int) -> Int {
    syscallResult { () throws(Errno) in
        try AnonymousMemory.unmap(address: UInt(bitPattern: address), length: length)
        return 0
    }
}

@_cdecl("rk_sys_mremap") @inline(never)
public func rk_sys_mremap(_ address: Int, _ oldLength: Int, _ newLength: Int, _ flags: Int, _ newAddress: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard flags & ~(RemapFlags.mayMove | RemapFlags.fixed | RemapFlags.dontUnmap) == 0 else { throw .EINVAL }
        guard flags & RemapFlags.fixed == 0 || flags & RemapFlags.mayMove != 0 else { throw .EINVAL }
        // Moving to a chosen address needs page tables; say so rather than
        // pretend (mremap(2) allows EINVAL for unsupported flag sets).
        guard flags & (RemapFlags.fixed | RemapFlags.dontUnmap) == 0 else { throw .EINVAL }
        return Int(bitPattern: try AnonymousMemory.remap(
            address: UInt(bitPattern: address), oldLength: oldLength, newLength: newLength,
            mayMove: flags & RemapFlags.mayMove != 0))
    }
}

/// mprotect(2) on program memory (mmap, brk, the main stack). With
/// `rk.paging=off` it is checked and accepted, and all memory stays
/// read-write-execute.
@_cdecl("rk_sys_mprotect") @inline(never)
public func rk_sys_mprotect(_ address: Int, _ length: Int, _ protection: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard address & pageMask == 0 else { throw .EINVAL }
        // PROT_GROWSDOWN / PROT_GROWSUP are the only other bits Linux knows.
        guard protection & ~(MemoryProtection.all | 0x0100_0000 | 0x0200_0000) == 0 else { throw .EINVAL }
        guard length >= 0 else { throw .EINVAL }
        guard length == 0 || UserMemory.contains(address, length) else { throw .ENOMEM }
        try AnonymousMemory.protect(
            address: UInt(bitPattern: address), length: length, access: PageAccess(protection: protection))
        return 0
    }
}

@_cdecl("rk_sys_madvise") @inline(never)
public func rk_sys_madvise(_ address: Int, _ length: Int, _ advice: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard address & pageMask == 0, length >= 0, MemoryAdvice.isKnown(advice) else { throw .EINVAL }
        if advice == MemoryAdvice.dontNeed || advice == MemoryAdvice.free {
            try AnonymousMemory.discard(address: UInt(bitPattern: address), length: length)
        }
        return 0
    }
}
