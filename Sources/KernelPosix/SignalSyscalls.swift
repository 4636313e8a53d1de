import KernelPlatform
import KernelScheduler
import LinuxABI

// rt_sigaction(2), rt_sigprocmask(2), kill(2) and the rest of the signal
// calls. Handlers run when the syscall returns (see Signals).

/// The one sigset size the riscv64 kernel accepts (_NSIG / 8).
private let signalSetSize = 8

private func checkSignal(_ signal: Int) throws(Errno) {
    guard signal >= 1, signal <= Signal.count else { throw .EINVAL }
}

private var running: KernelThread { Scheduler.current! }

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
        let thread = running
        if oldSet != 0 { try UserMemory.store(thread.blockedSignals, to: oldSet) }
        if let requested {
            switch how {
            case SignalMaskHow.block: thread.blockedSignals |= requested
            case SignalMaskHow.unblock: thread.blockedSignals &= ~requested
            default: thread.blockedSignals = requested
            }
            thread.blockedSignals &= ~Signals.unblockable
            Scheduler.refreshSignalFlag()
        }
        return 0
    }
}

@_cdecl("rk_sys_rt_sigpending") @inline(never)
public func rk_sys_rt_sigpending(_ set: Int, _ setSize: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard setSize <= signalSetSize else { throw .EINVAL }
        let thread = running
        let pending = (thread.pendingSignals | Scheduler.processPendingSignals) & thread.blockedSignals
        let bytes = try UserMemory.output(set, setSize)
        withUnsafeBytes(of: pending) { bytes.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<setSize])) }
        return 0
    }
}

/// rt_sigsuspend(2): waits with `set` as the mask until a signal is taken;
/// the old mask comes back when its handler returns.
@_cdecl("rk_sys_rt_sigsuspend") @inline(never)
public func rk_sys_rt_sigsuspend(_ set: Int, _ setSize: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard setSize == signalSetSize else { throw .EINVAL }
        let mask = try UserMemory.load(set, as: UInt64.self)
        let thread = running
        thread.maskAfterHandler = thread.blockedSignals
        thread.blockedSignals = mask & ~Signals.unblockable
        while !Scheduler.hasSignal(thread) { Scheduler.block(on: nil) }
        Scheduler.refreshSignalFlag()
        throw .EINTR
    }
}

/// rt_sigtimedwait(2): takes a pending signal of `set` without running its
/// handler, waiting for one up to the timeout.
@_cdecl("rk_sys_rt_sigtimedwait") @inline(never)
public func rk_sys_rt_sigtimedwait(_ set: Int, _ info: Int, _ timeout: Int, _ setSize: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard setSize == signalSetSize else { throw .EINVAL }
        let awaited = try UserMemory.load(set, as: UInt64.self) & ~Signals.unblockable
        var deadline: Int64?
        if timeout != 0 {
            guard let length = try UserMemory.load(timeout, as: Timespec.self).totalNanoseconds else { throw .EINVAL }
            deadline = Clock.deadline(after: length)
        }
        let thread = running
        thread.awaitedSignals = awaited
        defer { thread.awaitedSignals = 0 }
        while true {
            if let (signal, code) = Signals.dequeue(thread, from: awaited) {
                if info != 0 {
                    let bytes = try UserMemory.output(info, 128)
                    bytes.initializeMemory(as: UInt8.self, repeating: 0)
                    bytes.storeBytes(of: Int32(signal), toByteOffset: 0, as: Int32.self)
                    bytes.storeBytes(of: code, toByteOffset: 8, as: Int32.self)
                    bytes.storeBytes(of: Int32(ProcessIdentity.processID), toByteOffset: 16, as: Int32.self)
                }
                Scheduler.refreshSignalFlag()
                return signal
            }
            switch Scheduler.block(on: nil, until: deadline) {
            case .timedOut: throw .EAGAIN
            case .interrupted where (thread.pendingSignals | Scheduler.processPendingSignals) & awaited == 0: throw .EINTR
            default: continue
            }
        }
    }
}

/// sigaltstack(2). MINSIGSTKSZ is 2048 on riscv64.
@_cdecl("rk_sys_sigaltstack") @inline(never)
public func rk_sys_sigaltstack(_ stack: Int, _ oldStack: Int) -> Int {
    syscallResult { () throws(Errno) in
        let thread = running
        let onStack = Signals.onAlternateStack(thread, UInt(bitPattern: stack == 0 ? 0 : Int(bitPattern: UInt(thread.alternateStack.base) + 1)))
        if oldStack != 0 {
            let current = thread.alternateStack
            try UserMemory.store((UInt64(current.base), current.flags, Int32(0), UInt64(current.size)), to: oldStack)
        }
        guard stack != 0 else { return 0 }
        let (base, flags, _, size) = try UserMemory.load(stack, as: (UInt64, Int32, Int32, UInt64).self)
        guard flags & ~(2 | Int32(bitPattern: 0x8000_0000)) == 0 else { throw .EINVAL }
        if onStack, thread.signalFrames.contains(where: { Signals.onAlternateStack(thread, $0) }) { throw .EPERM }
        if flags & 2 != 0 {
            thread.alternateStack = (0, 0, 2)
        } else {
            guard size >= 2048 else { throw .ENOMEM }
            thread.alternateStack = (UInt(base), Int(size), 0)
        }
        return 0
    }
}

@_cdecl("rk_sys_rt_sigreturn") @inline(never)
public func rk_sys_rt_sigreturn() -> Int {
    Signals.returnFromHandler()
}

@_cdecl("rk_sys_kill") @inline(never)
public func rk_sys_kill(_ process: Int, _ signal: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard process == ProcessIdentity.processID || process == 0 || process == -1 else { throw .ESRCH }
        guard signal != 0 else { return 0 }   // only a check that the process exists
        try checkSignal(signal)
        Signals.sendToProcess(signal)
        return 0
    }
}

private func sendToThread(_ id: Int, _ signal: Int) throws(Errno) -> Int {
    guard let thread = Scheduler.thread(withID: id) else { throw .ESRCH }
    guard signal != 0 else { return 0 }
    try checkSignal(signal)
    Signals.sendToThread(thread, signal)
    return 0
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
