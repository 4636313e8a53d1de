import KernelPlatform
import LinuxABI

/// Signal dispositions and the signal mask of the one thread.
///
/// Signals a program sends itself (raise(3), abort(3)) are acted on at
/// once: a handler is called on the current stack, as Linux would on the
/// way out of the kill syscall; the default action ends the program with
/// status 128 + signal, as a shell reports a killed child. Blocked signals
/// wait until unblocked. Asynchronous sources (timers, faults) come with
/// the scheduler.
public enum Signals {
    nonisolated(unsafe) static var actions: [SignalAction] = []
    nonisolated(unsafe) static var blocked: UInt64 = 0
    nonisolated(unsafe) static var pending: UInt64 = 0

    static let handlerDefault: UInt = 0
    static let handlerIgnore: UInt = 1
    static let infoFlag: UInt = 4   // SA_SIGINFO
    static let resetFlag: UInt = 0x8000_0000   // SA_RESETHAND
    static let noDeferFlag: UInt = 0x4000_0000  // SA_NODEFER

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

    /// Signals whose default action is to do nothing (signal(7)).
    static func ignoredByDefault(_ signal: Int) -> Bool {
        switch signal {
        case 17, 18, 23, 28: true   // SIGCHLD, SIGCONT, SIGURG, SIGWINCH
        default: false
        }
    }

    /// Delivers `signal` now, or marks it pending while it is blocked.
    static func raise(_ signal: Int) {
        if blocked & bit(signal) != 0 {
            pending |= bit(signal)
            return
        }
        deliver(signal)
    }

    /// Delivers pending signals that are no longer blocked.
    static func deliverUnblocked() {
        while true {
            let ready = pending & ~blocked
            guard ready != 0 else { return }
            let signal = ready.trailingZeroBitCount + 1
            pending &= ~bit(signal)
            deliver(signal)
        }
    }

    private static func deliver(_ signal: Int) {
        let action = self.action(signal)
        switch action.handler {
        case handlerIgnore:
            return
        case handlerDefault:
            if ignoredByDefault(signal) { return }
            Board.powerOff(status: 128 + signal)
        default:
            if action.flags & resetFlag != 0 { setAction(signal, SignalAction()) }
            let saved = blocked
            blocked |= action.mask | (action.flags & noDeferFlag == 0 ? bit(signal) : 0)
            blocked &= ~unblockable
            call(action, signal)
            blocked = saved
        }
    }

    /// Calls a handler: sa_handler(sig), or sa_sigaction(sig, info, context)
    /// with a siginfo saying the signal came from the process itself.
    private static func call(_ action: SignalAction, _ signal: Int) {
        if action.flags & infoFlag != 0 {
            var info: (Int32, Int32, Int32, Int32, Int32, Int32, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
                (Int32(signal), 0, -6, 0, Int32(ProcessIdentity.processID), Int32(ProcessIdentity.userID),
                 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)   // si_code SI_TKILL (-6)
            let handler = unsafeBitCast(action.handler, to: (@convention(c) (Int32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void).self)
            withUnsafeMutableBytes(of: &info) { handler(Int32(signal), $0.baseAddress, nil) }
        } else {
            let handler = unsafeBitCast(action.handler, to: (@convention(c) (Int32) -> Void).self)
            handler(Int32(signal))
        }
    }
}
