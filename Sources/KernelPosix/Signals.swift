import KernelArch
import KernelPlatform
import KernelScheduler
import LinuxABI

/// Signals as Linux delivers them (signal(7)): dispositions shared by the
/// process, a mask and pending set per thread plus a pending set for the
/// process, delivery on the way back to the program.
///
/// A handler runs on a signal frame the kernel builds on the thread's stack
/// (or its sigaltstack): a siginfo and a ucontext holding every register of
/// the interrupted code, laid out as on riscv64 Linux, with `ra` pointing at
/// musl's `__restore_rt`, whose rt_sigreturn brings the context back.
/// Delivery happens when `__rk_syscall` returns (through the trap path, see
/// syscall_entry.S) and when a trap returns to program code.
public enum Signals {
    nonisolated(unsafe) static var actions: [SignalAction] = []

    static let handlerDefault: UInt = 0
    static let handlerIgnore: UInt = 1
    enum ActionFlags {
        static let info: UInt = 4              // SA_SIGINFO
        static let onStack: UInt = 0x0800_0000 // SA_ONSTACK
        static let restart: UInt = 0x1000_0000 // SA_RESTART
        static let noDefer: UInt = 0x4000_0000 // SA_NODEFER
        static let resetHand: UInt = 0x8000_0000 // SA_RESETHAND
    }

    /// siginfo si_code values.
    enum Code {
        static let user: Int32 = 0          // SI_USER: kill
        static let threadKill: Int32 = -6   // SI_TKILL
        static let mapError: Int32 = 1      // SEGV_MAPERR
        static let illegalOpcode: Int32 = 1 // ILL_ILLOPC
        static let alignment: Int32 = 1     // BUS_ADRALN
        static let breakpoint: Int32 = 1    // TRAP_BRKPT
    }

    static func bit(_ signal: Int) -> UInt64 { 1 << UInt64(signal - 1) }

    /// SIGKILL and SIGSTOP can be neither caught nor blocked.
    static let unblockable = bit(Signal.kill) | bit(Signal.stop)

    static func action(_ signal: Int) -> SignalAction {
        actions.count >= signal ? actions[signal - 1] : SignalAction()
    }

    static func setAction(_ signal: Int, _ action: SignalAction) {
        while actions.count < Signal.count { actions.append(SignalAction()) }
        actions[signal - 1] = action
    }

    /// Signals whose default action is to do nothing (signal(7)); the stop
    /// signals too, since there is no job control to stop for.
    static func ignoredByDefault(_ signal: Int) -> Bool {
        switch signal {
        case 17, 18, 19, 20, 21, 22, 23, 28: true   // CHLD, CONT, STOP, TSTP, TTIN, TTOU, URG, WINCH
        default: false
        }
    }

    /// Signals whose default action dumps core on Linux (signal(7)):
    /// abort(), a failed assert and a raised SIGSEGV are crashes, and get
    /// the crash report a fault gets.
    static func dumpsCore(_ signal: Int) -> Bool {
        switch signal {
        case 3, 4, 5, 6, 7, 8, 11, 24, 25, 31: true   // QUIT, ILL, TRAP, ABRT, BUS, FPE, SEGV, XCPU, XFSZ, SYS
        default: false
        }
    }

    /// Whether a generated signal would be thrown away at once: ignored and
    /// not blocked (a blocked one may meet a handler by the time it is
    /// unblocked).
    static func discards(_ signal: Int, for thread: KernelThread) -> Bool {
        guard thread.blockedSignals & bit(signal) == 0, thread.awaitedSignals & bit(signal) == 0 else { return false }
        let handler = action(signal).handler
        return handler == handlerIgnore || (handler == handlerDefault && ignoredByDefault(signal))
    }

    /// Whether the running thread would run a handler for `signal` now.
    public static func catches(_ signal: Int) -> Bool {
        guard let thread = Scheduler.current, thread.blockedSignals & bit(signal) == 0 else { return false }
        return action(signal).handler > handlerIgnore
    }

    // MARK: Generation

    /// kill(2) to this process: the running thread takes it if it does not
    /// block it, else another thread that does not, else it waits for one.
    static func sendToProcess(_ signal: Int) {
        guard let current = Scheduler.current else { return }
        if discards(signal, for: current) { return }
        var taker = Scheduler.current
        if current.blockedSignals & bit(signal) != 0 {
            taker = Scheduler.allThreads.first { $0.blockedSignals & bit(signal) == 0 || $0.awaitedSignals & bit(signal) != 0 }
        }
        guard let taker else {
            Scheduler.processPendingSignals |= bit(signal)
            if isRealtime(signal) { Scheduler.processQueuedRealtime[signal - 32] &+= 1 }
            return
        }
        sendToThread(taker, signal, directed: false)
    }

    /// Real-time signals (32 and up) queue: each one sent is delivered.
    static func isRealtime(_ signal: Int) -> Bool { signal >= 32 }

    /// tgkill(2) (`directed`), or a process signal given to one thread.
    static func sendToThread(_ thread: KernelThread, _ signal: Int, directed: Bool = true) {
        if discards(signal, for: thread) { return }
        thread.pendingSignals |= bit(signal)
        if directed { thread.threadDirectedSignals |= bit(signal) } else { thread.threadDirectedSignals &= ~bit(signal) }
        if isRealtime(signal) { thread.queuedRealtime[signal - 32] &+= 1 }
        if thread.state == .blocked, Scheduler.hasSignal(thread) { Scheduler.interrupt(thread) }
        Scheduler.refreshSignalFlag()
    }

    /// Takes the lowest pending signal of `thread` within `set`, and the
    /// si_code it came with (SI_TKILL or SI_USER).
    static func dequeue(_ thread: KernelThread, from set: UInt64) -> (signal: Int, code: Int32)? {
        let own = thread.pendingSignals & set
        if own != 0 {
            let signal = own.trailingZeroBitCount + 1
            let code = thread.threadDirectedSignals & bit(signal) != 0 ? Code.threadKill : Code.user
            if !isRealtime(signal) || takeOne(&thread.queuedRealtime[signal - 32]) {
                thread.pendingSignals &= ~bit(signal)
                thread.threadDirectedSignals &= ~bit(signal)
            }
            return (signal, code)
        }
        let shared = Scheduler.processPendingSignals & set
        guard shared != 0 else { return nil }
        let signal = shared.trailingZeroBitCount + 1
        if !isRealtime(signal) || takeOne(&Scheduler.processQueuedRealtime[signal - 32]) {
            Scheduler.processPendingSignals &= ~bit(signal)
        }
        return (signal, Code.user)
    }

    /// Counts one queued instance off; true when it was the last.
    private static func takeOne(_ count: inout UInt16) -> Bool {
        if count > 0 { count -= 1 }
        return count == 0
    }

    /// Whether a syscall cut short by a signal should start over rather than
    /// fail with EINTR: all the signals waiting have SA_RESTART handlers.
    static func shouldRestart(_ thread: KernelThread) -> Bool {
        let pending = (thread.pendingSignals | Scheduler.processPendingSignals) & ~thread.blockedSignals
        guard pending != 0 else { return true }
        for signal in 1...Signal.count where pending & bit(signal) != 0 {
            let chosen = action(signal)
            if chosen.handler > handlerIgnore, chosen.flags & ActionFlags.restart == 0 { return false }
        }
        return true
    }

    // MARK: Delivery

    /// Takes the next signal for the running thread, if any, and arranges
    /// `frame` so that returning to it runs the handler; the default action
    /// may end the program here. `info` describes a fault.
    public static func deliver(into frame: UnsafeMutablePointer<TrapFrame>, fault: (signal: Int, code: Int32, address: UInt64)? = nil) {
        guard let thread = Scheduler.current else { return }
        defer { Scheduler.refreshSignalFlag() }
        while true {
            let signal: Int
            var code = Code.user
            var address: UInt64 = 0
            if let fault {
                signal = fault.signal
                code = fault.code
                address = fault.address
            } else {
                guard let next = dequeue(thread, from: ~thread.blockedSignals) else { break }
                signal = next.signal
                code = next.code
            }
            let chosen = action(signal)
            switch chosen.handler {
            case handlerIgnore:
                if fault != nil { return }
                continue
            case handlerDefault:
                if ignoredByDefault(signal), fault == nil { continue }
                if dumpsCore(signal) { reportCrash(signal, UnsafeMutableRawPointer(frame)) }
                endProgram(status: 128 + signal)
            default:
                pushFrame(for: signal, code: code, address: address, action: chosen, onto: frame, thread: thread)
                return
            }
        }
        // No handler ran: rt_sigsuspend's mask goes back now.
        if let mask = thread.maskAfterHandler {
            thread.blockedSignals = mask
            thread.maskAfterHandler = nil
        }
    }

    /// The riscv64 Linux signal frame: `struct siginfo` (128 bytes), then
    /// `struct ucontext` (flags, link, stack_t, a 128-byte sigset, then at
    /// offset 176 the mcontext: pc and x1-x31, then the FP state: f0-f31
    /// and fcsr, in the 528-byte union).
    enum FrameLayout {
        static let infoSize = 128
        static let contextStack = 16
        static let contextMask = 40
        static let contextRegisters = 176
        static let contextFloatingPoint = 176 + 256
        static let contextSize = 176 + 256 + 528
        static let size = (infoSize + contextSize + 15) & ~15
    }

    private static func pushFrame(
        for signal: Int, code: Int32, address: UInt64, action: SignalAction,
        onto frame: UnsafeMutablePointer<TrapFrame>, thread: KernelThread
    ) {
        let interruptedStack = UInt(frame.pointee.register(2))
        var top = interruptedStack
        let stack = thread.alternateStack
        if action.flags & ActionFlags.onStack != 0, stack.flags & 2 == 0, !onAlternateStack(thread, interruptedStack) {
            top = stack.base + UInt(stack.size)
        }
        let base = (top - UInt(FrameLayout.size)) & ~15
        // A frame the program's stack cannot take (a guard page, PROT_NONE,
        // read-only) ends the program with SIGSEGV, as Linux's
        // force_sigsegv does.
        guard let memory = (try? UserMemory.output(Int(bitPattern: base), FrameLayout.size))?.baseAddress else {
            Log.line("no room on the stack for a signal frame")
            Board.powerOff(status: 128 + 11)
        }
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: FrameLayout.size)
        // siginfo: signo, errno, code, then the union (pid/uid, or the address).
        memory.storeBytes(of: Int32(signal), toByteOffset: 0, as: Int32.self)
        memory.storeBytes(of: code, toByteOffset: 8, as: Int32.self)
        if code > 0 {
            memory.storeBytes(of: address, toByteOffset: 16, as: UInt64.self)
        } else {
            memory.storeBytes(of: Int32(ProcessIdentity.processID), toByteOffset: 16, as: Int32.self)
            memory.storeBytes(of: Int32(ProcessIdentity.userID), toByteOffset: 20, as: Int32.self)
        }
        let context = memory + FrameLayout.infoSize
        context.storeBytes(of: UInt64(stack.base), toByteOffset: FrameLayout.contextStack, as: UInt64.self)
        let stackFlags: Int32 = onAlternateStack(thread, interruptedStack) ? 1 : stack.flags
        context.storeBytes(of: stackFlags, toByteOffset: FrameLayout.contextStack + 8, as: Int32.self)
        context.storeBytes(of: UInt64(stack.size), toByteOffset: FrameLayout.contextStack + 16, as: UInt64.self)
        context.storeBytes(of: thread.maskAfterHandler ?? thread.blockedSignals, toByteOffset: FrameLayout.contextMask, as: UInt64.self)
        context.storeBytes(of: frame.pointee.pc, toByteOffset: FrameLayout.contextRegisters, as: UInt64.self)
        for index in 1..<32 {
            context.storeBytes(of: frame.pointee.register(index), toByteOffset: FrameLayout.contextRegisters + 8 * index, as: UInt64.self)
        }
        for index in 0..<32 {
            context.storeBytes(of: frame.pointee.floatingPointRegister(index), toByteOffset: FrameLayout.contextFloatingPoint + 8 * index, as: UInt64.self)
        }
        context.storeBytes(of: UInt32(truncatingIfNeeded: frame.pointee.floatingPointStatus), toByteOffset: FrameLayout.contextFloatingPoint + 256, as: UInt32.self)

        thread.signalFrames.append(base)
        thread.maskAfterHandler = nil
        var mask = action.mask
        if action.flags & ActionFlags.noDefer == 0 { mask |= bit(signal) }
        thread.blockedSignals = (thread.blockedSignals | mask) & ~unblockable
        if action.flags & ActionFlags.resetHand != 0 { setAction(signal, SignalAction()) }

        frame.pointee.pc = UInt64(action.handler)
        frame.pointee.setRegister(1, UInt64(action.restorer))
        frame.pointee.setRegister(2, UInt64(base))
        frame.pointee.setRegister(10, UInt64(signal))
        frame.pointee.setRegister(11, UInt64(base))
        frame.pointee.setRegister(12, UInt64(base + UInt(FrameLayout.infoSize)))
        frame.pointee.returnWithInterruptsOn()
    }

    static func onAlternateStack(_ thread: KernelThread, _ stackPointer: UInt) -> Bool {
        let stack = thread.alternateStack
        return stack.flags & 2 == 0 && stackPointer > stack.base && stackPointer <= stack.base + UInt(stack.size)
    }

    /// rt_sigreturn(2): back to the context saved in the innermost signal
    /// frame, with the mask it held.
    static func returnFromHandler() -> Never {
        guard let thread = Scheduler.current, let base = thread.signalFrames.popLast() else {
            Log.line("rt_sigreturn without a signal frame")
            Board.powerOff(status: 128 + 11)
        }
        // The program may have unmapped or protected its frame meanwhile:
        // SIGSEGV then, as on Linux.
        guard let context = (try? UserMemory.input(Int(bitPattern: base) + FrameLayout.infoSize, FrameLayout.contextSize))?.baseAddress else {
            Log.line("rt_sigreturn: the signal frame cannot be read")
            Board.powerOff(status: 128 + 11)
        }
        thread.blockedSignals = context.load(fromByteOffset: FrameLayout.contextMask, as: UInt64.self) & ~unblockable
        let frame = TrapFrame.topSlot(ofTrapStack: thread.trapStackTop)
        // deliver() below may fault on an untouched stack page; that trap's
        // frame must not land on this one.
        CSR.lowerTrapStackTop(to: UInt(bitPattern: frame))
        UnsafeMutableRawPointer(frame).initializeMemory(as: UInt8.self, repeating: 0, count: TrapFrame.size)
        frame.pointee.pc = context.load(fromByteOffset: FrameLayout.contextRegisters, as: UInt64.self)
        for index in 1..<32 {
            frame.pointee.setRegister(index, context.load(fromByteOffset: FrameLayout.contextRegisters + 8 * index, as: UInt64.self))
        }
        for index in 0..<32 {
            frame.pointee.setFloatingPointRegister(index, context.load(fromByteOffset: FrameLayout.contextFloatingPoint + 8 * index, as: UInt64.self))
        }
        frame.pointee.floatingPointStatus = UInt64(context.load(fromByteOffset: FrameLayout.contextFloatingPoint + 256, as: UInt32.self))
        frame.pointee.status = 1 << 13   // FS = Initial
        frame.pointee.returnWithInterruptsOn()
        deliver(into: frame)
        Processor.resume(UnsafeMutableRawPointer(frame))
    }
}

/// __rk_syscall found a signal for the thread on its way out: the frame is
/// the caller's context just after the call returned.
@_cdecl("rk_syscall_signals")
public func rk_syscall_signals(_ frame: UnsafeMutableRawPointer) {
    Signals.deliver(into: frame.bindMemory(to: TrapFrame.self, capacity: 1))
}

/// The crash report of a signal that ends the program (KernelBoot's
/// CrashReport, a layer above): the signal, where the program was, and its
/// call chain.
@_extern(c, "rk_crash_report_signal")
func reportCrash(_ signal: Int, _ frame: UnsafeMutableRawPointer)
