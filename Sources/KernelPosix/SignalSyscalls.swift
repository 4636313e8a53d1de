import KernelScheduler
import LinuxABI

// rt_sigaction(2), rt_sigprocmask(2) and signals sent to oneself.

/// The one sigset size the riscv64 kernel accepts (_NSIG / 8).
private let signalSetSize = 8

private func checkSignal(_ signal: Int) throws(Errno) {
    guard signal >= 1, signal <= Signal.count else { throw .EINVAL }
}

@_cdecl("rk_sys_rt_sigaction") @inline(never)
public func rk_sys_rt_sigaction(_ signal: Int, _ action: Int, _ oldAction: Int, _ setSize: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard setSize == signalSetSize else { throw .EINVAL }
        try checkSignal(signal)
        let requested = action != 0 ? try UserMemory.load(action, as: SignalAction.self) : nil
        if requested != nil, Signals.unblockable & Signals.bit(signal) != 0 { throw .EINVAL }
        if oldAction != 0 { try UserMemory.store(Signals.action(signal), to: oldAction) }
        if var requested {
            requested.mask &= ~Signals.unblockable
            Signals.setAction(signal, requested)
        }
        return 0
    }
}

@_cdecl("rk_sys_rt_sigprocmask") @inline(never)
public func rk_sys_rt_sigprocmask(_ how: Int, _ set: Int, _ oldSet: Int, _ setSize: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard setSize == signalSetSize else { throw .EINVAL }
        let requested = set != 0 ? try UserMemory.load(set, as: UInt64.self) : nil
        if requested != nil, how != SignalMaskHow.block, how != SignalMaskHow.unblock, how != SignalMaskHow.set {
            throw .EINVAL
        }
        if oldSet != 0 { try UserMemory.store(Signals.blocked, to: oldSet) }
        if let requested {
            switch how {
            case SignalMaskHow.block: Signals.blocked |= requested
            case SignalMaskHow.unblock: Signals.blocked &= ~requested
            default: Signals.blocked = requested
            }
            Signals.blocked &= ~Signals.unblockable
            Signals.deliverUnblocked()
        }
        return 0
    }
}

@_cdecl("rk_sys_rt_sigpending") @inline(never)
public func rk_sys_rt_sigpending(_ set: Int, _ setSize: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard setSize <= signalSetSize else { throw .EINVAL }
        let pending = Signals.pending
        let bytes = try UserMemory.buffer(set, setSize)
        withUnsafeBytes(of: pending) { bytes.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<setSize])) }
        return 0
    }
}

/// A signal sent to this process (or thread): the only target there is.
private func sendToSelf(_ target: Int, _ signal: Int) throws(Errno) -> Int {
    guard target == ProcessIdentity.processID || target == 0 || target == -1 else { throw .ESRCH }
    return try raiseSignal(signal)
}

/// Signals go to the process as a whole until threads get masks of their
/// own; any live thread id reaches it.
private func sendToThread(_ thread: Int, _ signal: Int) throws(Errno) -> Int {
    guard Scheduler.isLive(thread) else { throw .ESRCH }
    return try raiseSignal(signal)
}

private func raiseSignal(_ signal: Int) throws(Errno) -> Int {
    guard signal != 0 else { return 0 }   // only a permission/existence check
    try checkSignal(signal)
    Signals.raise(signal)
    return 0
}

@_cdecl("rk_sys_kill") @inline(never)
public func rk_sys_kill(_ process: Int, _ signal: Int) -> Int {
    syscallResult { () throws(Errno) in try sendToSelf(process, signal) }
}

@_cdecl("rk_sys_tkill") @inline(never)
public func rk_sys_tkill(_ thread: Int, _ signal: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard thread > 0 else { throw .EINVAL }
        return try sendToThread(thread, signal)
    }
}

@_cdecl("rk_sys_tgkill") @inline(never)
public func rk_sys_tgkill(_ process: Int, _ thread: Int, _ signal: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard process > 0, thread > 0 else { throw .EINVAL }
        guard process == ProcessIdentity.processID else { throw .ESRCH }
        return try sendToThread(thread, signal)
    }
}
